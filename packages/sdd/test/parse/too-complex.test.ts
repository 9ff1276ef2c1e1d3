import { describe, expect, it } from 'vitest';
import { tooComplex } from '../../src/parse/complexity.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { repositoryDocuments } from '../support/corpus-material.js';
import { readFileSync } from 'node:fs';

const FILE = '.sdd/specification/spec-0001-x.md';
const HEAD = '# T\n\n## Validation steps\n\n';
const table = (columns: number, rows: number) =>
  `# T\n\n## Validation Results\n\n|${' a |'.repeat(columns)}\n|${'---|'.repeat(columns)}\n${`|${' x |'.repeat(columns)}\n`.repeat(rows)}`;

// Each of these took minutes or gigabytes before the guard (docs/security.md, "Budgets and guards").
describe('markdown that would take minutes to parse is reported as too complex at its line', () => {
  it.each([
    ['a 20 KB one-line nested list (17 minutes, then a stack overflow)', `${HEAD}${'- '.repeat(10_000)}x\n`, 5, /nests lists or quotes more than 32 deep/],
    ['lists nested 1,000 deep by indentation', `${HEAD}${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n')}\n`, 37, /more than 32 deep/],
    ['block quotes nested 100 deep', `${HEAD}${'> '.repeat(100)}x\n`, 5, /more than 32 deep/],
    ['lists nested 20 deep on a thousand lines', `${HEAD}${`${'- '.repeat(20)}x\n`.repeat(1000)}`, 505, /nested deep on too many lines/],
    ['80 KB of `[a](` (35 s)', `${HEAD}1. ${'[a]('.repeat(20_000)}\n`, 5, /too many inline marks/],
    ['a paragraph of emphasis marks', `${HEAD}${'a*b_'.repeat(5_000)}\n`, 5, /too many inline marks/],
    ['a line of 200,000 characters', `${HEAD}${'x'.repeat(200_000)}\n`, 5, /line 5 has 200000 characters/],
  ])('%s', (_, text, line, message) => {
    const result = parseSpec(FILE, text);
    expect(result.document).toBeNull();
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'parse/too-complex', severity: 'error', location: { file: FILE, line } })]);
    expect(result.findings[0]?.message).toMatch(message);
  });

  it('a 1.6 MB table (149 s and 1.8 GB) is refused at the line where it passes 10,000 cells', () => {
    const result = parseProvenance('.sdd/provenance/spec-0001-x.provenance.md', table(40, 10_000));
    expect(result.document).toBeNull();
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'parse/too-complex', location: { file: '.sdd/provenance/spec-0001-x.provenance.md', line: 248 } })]);
    expect(result.findings[0]?.message).toMatch(/more than 10000 cells/);
  });

  it('table rows count their inline marks one row at a time, so a long table of links is read', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `| ${i} | [\`a_${i}\`](x) *b* | Pass |`).join('\n');
    const result = parseProvenance('r.md', `# T\n\n## Validation Results\n\n| # | Check | Result |\n|---|---|---|\n${rows}\n`);
    expect(result.document?.validationResults?.table?.rows).toHaveLength(400);
  });

  it('stays quiet on every document of this repository', () => {
    for (const { file, absolute } of repositoryDocuments()) expect(tooComplex(file, readFileSync(absolute, 'utf8'))).toBeNull();
  });

  it('stops at whichever limit is configured lowest', () => {
    const limits = { nestingDepth: 2, nestingCost: 1e9, lineLength: 1e9, inlineCost: 1e12, tableCells: 1e9 };
    expect(tooComplex(FILE, '- - x\n', limits)).toBeNull();
    expect(tooComplex(FILE, 'a\n\n- - - x\n', limits)?.location).toEqual({ file: FILE, line: 3 });
  });
});

describe('unclosed front matter', () => {
  const text = '---\ntitle: "Spec 0001: X"\ndraft: false\n\n## Task\n\nDo.\n\n## Validation steps\n\n1. `a.txt` exists\n2. `b.txt` exists\n';

  it('is an error at line 1, and the steps after it are still read (they used to vanish)', () => {
    const result = parseSpec(FILE, text);
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'parse/front-matter', severity: 'error', location: { file: FILE, line: 1 } })]);
    expect(result.findings[0]?.message).toMatch(/never closed/);
    expect(result.document?.validationSteps.map((step) => step.location.line)).toEqual([11, 12]);
  });

  it('a closed front matter, or a thematic break later on, is no such error', () => {
    expect(parseSpec(FILE, text.replace('draft: false\n', 'draft: false\n---\n')).findings).toEqual([]);
    expect(parseSpec(FILE, '# T\n\n---\n\n## Validation steps\n\n1. x\n').findings).toEqual([]);
  });
});
