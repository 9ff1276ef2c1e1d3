import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { FIXTURES } from './helpers.js';

/**
 * Golden fixtures, as in the mdast-util-* packages: each folder of
 * test/fixtures/parse holds `input.md` and `output.json` (the ParseResult).
 * Folders named `spec-*` are specs, the others records. Regenerate with
 * `pnpm exec vitest run -u packages/sdd/test/parse` and review the diff.
 */
const cases = readdirSync(FIXTURES).filter((name) => existsSync(path.join(FIXTURES, name, 'input.md')));

function readFixture(name: string): { file: string; text: string } {
  return { file: `fixtures/${name}/input.md`, text: readFileSync(path.join(FIXTURES, name, 'input.md'), 'utf8') };
}

function parseFixture(name: string) {
  const { file, text } = readFixture(name);
  return name.startsWith('spec-') ? parseSpec(file, text) : parseProvenance(file, text);
}

function recordFixture(name: string) {
  const { file, text } = readFixture(name);
  return { text, result: parseProvenance(file, text) };
}

function specFixture(name: string) {
  const { file, text } = readFixture(name);
  return { text, result: parseSpec(file, text) };
}

describe('golden fixtures', () => {
  it.each(cases)('%s', async (name) => {
    const result = parseFixture(name);
    await expect(`${JSON.stringify(result, null, 2)}\n`).toMatchFileSnapshot(path.join(FIXTURES, name, 'output.json'));
  });
});

// What the goldens hold that matters most, stated by hand.
describe('record variations', () => {
  const { result } = recordFixture('record-variations');
  const doc = result.document;

  it('reads a linked spec, loose headings and a flat layout with appended testing findings', () => {
    expect(result.findings).toEqual([]);
    expect(doc?.specRef?.path).toBe('../specification/spec-0002-variations.md');
    expect(doc?.layout).toBe('flat');
    expect(doc?.actions[1]?.children[0]?.children[0]?.text).toBe('and a deeper one');
    expect(doc?.decisions).toMatchObject({ form: 'text', text: 'None.' });
    expect(doc?.deviations?.form).toBe('table');
  });

  it('reads other column names and synonyms', () => {
    expect(doc?.artifacts?.rows.map((row) => [row.path, row.status, row.detail])).toEqual([
      ['src/a.ts', 'Created', null],
      ['src/b.ts', 'Deleted', 'no longer used'],
      ['src/c.ts', 'Renamed', null],
    ]);
    expect(doc?.validationResults?.rows.map((row) => [row.number, row.check, row.result, row.detail])).toEqual([
      [1, 'src/a.ts exists', 'Pass', 'seen'],
      [2, 'Lint', 'Fail', '3 errors'],
      [3, 'Deploy', 'Not run', 'needs cluster'],
    ]);
    expect(doc?.buildStatus).toMatchObject({ status: 'Partial', knownLimitations: '- first limit\n- second limit with code' });
  });

  it('reads the testing findings and ignores headings in code', () => {
    expect(doc?.testing?.headerFields.map((field) => field.name)).toEqual(['Tested']);
    expect(doc?.testing?.findings.map((finding) => finding.title)).toEqual(['Gaps']);
    expect(doc?.testing?.scenarioResults?.form).toBe('list');
    expect(doc?.sections.filter((section) => /validation results/i.test(section.title))).toHaveLength(1);
  });
});

describe('broken tables', () => {
  const { text, result } = recordFixture('record-broken-tables');

  it('reports extra and missing cells, a second table and a second section at their lines', () => {
    expect(result.findings.map((finding) => [finding.ruleId, finding.location?.line])).toEqual([
      ['parse/duplicate-section', 29],
      ['parse/table-cells', 15],
      ['parse/table-cells', 16],
      ['parse/extra-table', 19],
    ]);
    const rows = result.document?.artifacts?.rows ?? [];
    expect(rows.map((row) => [row.path, row.status, row.rawStatus])).toEqual([
      ['a.ts', 'Created', 'Created'],
      ['b.ts', null, ''],
      ['c.ts', null, 'Sort of'],
    ]);
    const table = result.document?.artifacts?.table;
    expect(table && text.slice(table.span.start, table.span.end).split('\n')).toHaveLength(5);
  });

  it('reads the first Validation Results even without a Result column', () => {
    expect(result.document?.validationResults?.table.header).toEqual(['#', 'Check']);
    expect(result.document?.validationResults?.rows[0]).toMatchObject({ number: 1, result: null, rawResult: '' });
  });
});

describe('spec with check blocks', () => {
  const { result } = specFixture('spec-checks');

  it('collects the block under Validation steps, reports the one outside', () => {
    expect(result.document?.checkBlocks).toEqual([
      {
        lang: 'yaml',
        meta: 'sdd-checks',
        content: '1:\n  kind: file.exists\n  path: infra/main.tf',
        location: { file: 'fixtures/spec-checks/input.md', line: 19, column: 1, endLine: 23, endColumn: 4 },
        contentLine: 20,
      },
    ]);
    expect(result.findings).toMatchObject([{ ruleId: 'parse/check-block-placement', location: { line: 7 } }]);
  });

  it('numbers steps across a list interrupted by the block, with nested notes', () => {
    const steps = result.document?.validationSteps ?? [];
    expect(steps.map((step) => step.number)).toEqual([1, 2, 3]);
    expect(steps[1]).toMatchObject({ commands: ['pnpm lint'], paths: ['k8s/app/'], text: 'pnpm lint passes with a sub-note about k8s/app/' });
    expect(result.document?.draft).toBe(false); // **Status:** Approved
  });
});

describe('bad front matter', () => {
  it('is reported at its line; the rest of the document is read', () => {
    const { result } = specFixture('spec-bad-front-matter');
    // yaml notices the unclosed `[` on the next line of the front matter: line 3 of the file.
    expect(result.findings).toMatchObject([{ ruleId: 'parse/front-matter', severity: 'error', location: { line: 3 } }]);
    expect(result.document).toMatchObject({ frontMatter: null, title: 'Spec', draft: null });
    expect(result.document?.validationSteps).toHaveLength(1);
  });
});
