import { describe, expect, it } from 'vitest';
import { escapeCell, inlineCode, renderRow, setCell, splitRow } from '../../src/author/cells.js';
import type { StepEvidence } from '../../src/model/index.js';
import { MANUAL_RESULT, noteOf, resultCell } from '../../src/author/results.js';

describe('table cells', () => {
  it('escapes pipes and line breaks, once', () => {
    expect(escapeCell('a | b\n  c \\| d')).toBe('a \\| b c \\| d');
  });
  it('wraps paths with backticks in a longer fence', () => {
    expect(inlineCode('a.txt')).toBe('`a.txt`');
    expect(inlineCode('we`ird')).toBe('``we`ird``');
  });
  it('splits a row at unescaped pipes, keeping a blockquote or indent', () => {
    expect(splitRow('> | `a\\|b` | Pass |')).toEqual({ lead: '> ', cells: [' `a\\|b` ', ' Pass '], trail: '' });
    expect(splitRow('a | b')).toEqual({ lead: '', cells: ['a ', ' b'], trail: '' });
  });
  it('replaces one cell and keeps the others byte for byte', () => {
    expect(setCell('|  1 |   `x`  | Pass — yes |', 2, 'Fail — no')).toBe('|  1 |   `x`  | Fail — no |');
    expect(setCell('| 1 | x |', 2, 'Pass')).toBe('| 1 | x | Pass |');
    expect(renderRow(['1', 'a|b', ''])).toBe('| 1 | a\\|b |  |');
  });
});

describe('result cells', () => {
  it('says what sdd measured, and never Pass for a manual step', () => {
    expect(resultCell({ status: 'pass', note: 'ignored' })).toBe('Pass');
    expect(resultCell({ status: 'fail', note: 'no match' })).toBe('Fail — no match');
    expect(resultCell({ status: 'not-run', note: null })).toBe('Not run');
    expect(resultCell({ status: 'manual', note: null })).toBe(MANUAL_RESULT);
  });

  const evidence = (status: StepEvidence['status'], checks: StepEvidence['checks']): StepEvidence => ({
    spec: 's.md',
    step: 1,
    stepText: 't',
    source: 'declared',
    status,
    checks,
    location: { file: 's.md', line: 1 },
  });
  const check = (status: 'pass' | 'fail' | 'not-run', summary: string, reason?: string) => ({
    kind: 'file.contains',
    args: {},
    status,
    summary,
    evidence: [],
    ...(reason ? { reason } : {}),
  });

  it('summarises the failing checks, or why the checks could not run', () => {
    expect(noteOf(evidence('fail', [check('pass', 'ok'), check('fail', 'no "x" in a.txt'), check('fail', 'no "x" in a.txt')]))).toBe('no "x" in a.txt');
    expect(noteOf(evidence('not-run', [check('not-run', 'skipped', 'terraform not found on PATH')]))).toBe('terraform not found on PATH');
    expect(noteOf(evidence('pass', [check('pass', 'ok')]))).toBeNull();
    expect(noteOf(evidence('fail', [check('fail', 'x'.repeat(300))]))?.length).toBe(200);
  });
});
