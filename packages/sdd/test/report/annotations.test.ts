import { describe, expect, it } from 'vitest';
import type { Finding, ValidateResult } from '../../src/model/index.js';
import { annotationOf, escapeData, escapeProperty } from '../../src/report/annotations.js';
import { render } from '../../src/report/index.js';
import { cleanFixture, fixture } from './fixture.js';

const finding = (extra: Partial<Finding>): Finding => ({ ruleId: 'claim/overclaimed', severity: 'error', message: 'm', ...extra });

describe('GitHub annotations', () => {
  it('maps severities to error, warning and notice', () => {
    expect(annotationOf(finding({ severity: 'error' }))).toBe('::error title=claim/overclaimed::m');
    expect(annotationOf(finding({ severity: 'warning' }))).toBe('::warning title=claim/overclaimed::m');
    expect(annotationOf(finding({ severity: 'info' }))).toBe('::notice title=claim/overclaimed::m');
  });

  it('names file, line, column and end', () => {
    const location = { file: 'a/b.md', line: 3, column: 2, endLine: 4, endColumn: 9 };
    expect(annotationOf(finding({ location }))).toBe('::error file=a/b.md,line=3,col=2,endLine=4,endColumn=9,title=claim/overclaimed::m');
  });

  it('falls back on the spec file when the finding has no location', () => {
    expect(annotationOf(finding({ spec: 'spec.md' }))).toBe('::error file=spec.md,title=claim/overclaimed::m');
  });

  it('escapes % CR LF in the message, and also : and , in properties', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const line = annotationOf(finding({ message: 'x\n::error::injected', location: { file: 'we,ird:name.md', line: 1 } }));
    expect(line).toBe('::error file=we%2Cird%3Aname.md,line=1,title=claim/overclaimed::x%0A::error::injected');
    // One finding, one line: a newline in the message cannot start a second command.
    expect(line.split('\n')).toHaveLength(1);
  });

  it('writes one line per finding, then one notice with each spec\'s coverage', () => {
    const out = render(fixture, 'annotations').trimEnd().split('\n');
    const all = fixture.findings.length + fixture.specs.reduce((sum, spec) => sum + spec.findings.length, 0);
    expect(out).toHaveLength(all + 1);
    expect(out.at(-1)).toBe(
      '::notice title=sdd coverage::.sdd/specification/spec-0001-second-k3s-node.md: 10 steps: 3 declared, 3 inferred, 2 partial, 2 manual' +
        '%0A.sdd/specification/spec-0002-ünïcode-名前.md: 2 steps: 0 declared, 1 inferred, 0 partial, 1 manual' +
        '%0A.sdd/specification/spec-0003-percent.md: 1 step: 1 declared, 0 inferred, 0 partial, 0 manual',
    );
    expect(render(cleanFixture, 'annotations')).toBe('::notice title=sdd coverage::.sdd/specification/spec-0003-percent.md: 1 step: 1 declared, 0 inferred, 0 partial, 0 manual\n');
  });

  it('writes nothing that is not a workflow command', () => {
    const result: ValidateResult = { ...fixture };
    for (const line of render(result, 'annotations').trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) [^:]*::/);
  });
});
