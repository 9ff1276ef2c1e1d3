import { describe, expect, it } from 'vitest';
import { applySeverities } from '../../src/compare/severity.js';
import { compareSteps, matchRows } from '../../src/compare/steps.js';
import { defaultConfig } from '../../src/model/index.js';
import { RECORD_FILE, evidence, record, spec } from '../support/documents.js';

const demo = spec({
  steps: [
    '`infra/main.tf` has `module "node1"` and `module "node2"`',
    '`infra/modules/keyvault/` has 4 files',
    '`terraform validate` passes',
    'The cluster comes up healthy after apply',
  ],
});
const honestRows: [number, string, string][] = [
  [1, '`infra/main.tf` has `module "node1"`, `module "node2"`', 'Pass'],
  [2, '`infra/modules/keyvault/` has 4 files', 'Pass'],
  [3, '`terraform validate`', 'Not run — terraform not available'],
  [4, 'Cluster healthy after apply', 'Not applicable'],
];
const allPass = [evidence(demo, 1, 'pass'), evidence(demo, 2, 'pass'), evidence(demo, 3, 'not-run', 'terraform validate', 'terraform not found'), evidence(demo, 4, 'manual')];

const summary = (findings: { ruleId: string; severity: string; location?: { line: number } }[]) =>
  findings.map((finding) => `${finding.ruleId} ${finding.severity} ${RECORD_FILE}:${finding.location?.line}`);

describe('Validation Results against the checks', () => {
  it('confirms honest claims and says nothing', () => {
    const result = compareSteps({ spec: demo, record: record({ results: honestRows }), evidence: allPass });
    expect(result.findings).toEqual([]);
    expect(result.steps.map((step) => [step.step, step.claimed, step.actual, step.verdict])).toEqual([
      [1, 'Pass', 'pass', 'confirmed'],
      [2, 'Pass', 'pass', 'confirmed'],
      [3, 'Not run', 'not-run', 'confirmed'],
      [4, 'Not applicable', 'manual', 'unverified'],
    ]);
  });

  it('reports Pass on a failing check or one that could not run as overclaimed (error), at the row', () => {
    const rows: [number, string, string][] = [[1, honestRows[0]![1], 'Pass'], [2, honestRows[1]![1], 'Pass'], [3, '`terraform validate`', 'Pass'], honestRows[3]!];
    const failing = [evidence(demo, 1, 'pass'), evidence(demo, 2, 'fail', '`infra/modules/keyvault/` has 3 files, not 4'), allPass[2]!, allPass[3]!];
    const result = compareSteps({ spec: demo, record: record({ results: rows }), evidence: failing });
    expect(summary(result.findings)).toEqual([`drift/overclaimed error ${RECORD_FILE}:83`, `drift/overclaimed error ${RECORD_FILE}:84`]);
    expect(result.findings[0]?.message).toBe('step 2 is claimed Pass, but its check fails: `infra/modules/keyvault/` has 3 files, not 4');
    expect(result.findings[1]?.message).toBe('step 3 is claimed Pass, but its check could not run: terraform validate (terraform not found)');
    expect(result.findings[0]?.related?.[0]).toEqual({ file: demo.file, line: 12 });
    expect(result.steps[1]?.verdict).toBe('overclaimed');
  });

  it('reports underclaimed, contradicted and unverified claims (strict makes unverified an error)', () => {
    const rows: [number, string, string][] = [
      [1, honestRows[0]![1], 'Fail'],
      [2, honestRows[1]![1], 'Not run'],
      [3, '`terraform validate`', 'Not applicable'],
      [4, 'Cluster healthy after apply', 'Pass'],
    ];
    const sdd = [evidence(demo, 1, 'pass'), evidence(demo, 2, 'pass'), evidence(demo, 3, 'fail', 'terraform validate failed'), evidence(demo, 4, 'manual')];
    const result = compareSteps({ spec: demo, record: record({ results: rows }), evidence: sdd });
    expect(summary(result.findings)).toEqual([
      `drift/contradicted warning ${RECORD_FILE}:82`,
      `drift/underclaimed info ${RECORD_FILE}:83`,
      // An honest "Not applicable" for a failing step is not a lie, but the spec is not met.
      `spec/failing-step error ${RECORD_FILE}:84`,
      `drift/underclaimed warning ${RECORD_FILE}:84`,
      `drift/unverified warning ${RECORD_FILE}:85`,
    ]);
    // --strict is applied where every setting is, by applySeverities (the rule registry says what it raises).
    const strict = applySeverities(compareSteps({ spec: demo, record: record({ results: rows }), evidence: sdd }).findings, defaultConfig(), true);
    expect(strict.find((finding) => finding.ruleId === 'drift/unverified')?.severity).toBe('error');
  });

  it('reports a result word it does not know, with sdd’s result', () => {
    const rows: [number, string, string][] = [...honestRows.slice(0, 3), [4, 'Cluster healthy after apply', 'Partial — some nodes']];
    const result = compareSteps({ spec: demo, record: record({ results: rows }), evidence: allPass });
    expect(summary(result.findings)).toEqual([`drift/unknown-claim warning ${RECORD_FILE}:85`]);
    expect(result.findings[0]?.message).toContain('“Partial — some nodes”');
  });

  it('reports missing, extra and renumbered rows and rows naming what their step does not', () => {
    const rows: [number, string, string][] = [
      [1, '`infra/main.tf` has `module "node3"`', 'Pass'], // 82: names node3
      [2, '`terraform validate`', 'Not run'], // 83: this is step 3
      [5, 'README updated with `docs/usage.md`', 'Pass'], // 84: no such step
    ];
    const result = compareSteps({ spec: demo, record: record({ results: rows }), evidence: allPass });
    expect(summary(result.findings)).toEqual([
      `drift/row-text warning ${RECORD_FILE}:82`,
      `drift/renumbered-row warning ${RECORD_FILE}:83`,
      `drift/missing-row error ${RECORD_FILE}:80`,
      `drift/missing-row error ${RECORD_FILE}:80`,
      `drift/extra-row warning ${RECORD_FILE}:84`,
    ]);
    expect(result.findings[0]?.message).toBe('row 1 names `module "node3"`, which step 1 (“infra/main.tf has module "node1" and module "node2"”) does not contain');
    expect(result.findings[1]?.message).toContain('row 2 describes step 3');
    expect(result.findings.slice(2, 4).map((finding) => finding.data?.step)).toEqual([2, 4]);
    expect(result.steps.map((step) => [step.step, step.verdict])).toEqual([
      [1, 'confirmed'],
      [2, 'missing-row'],
      [3, 'confirmed'],
      [4, 'missing-row'],
      [null, 'extra-row'],
    ]);
    // When record-version findings already explain the rows, nothing is said twice; claims are still judged.
    const quiet = compareSteps({ spec: demo, record: record({ results: rows }), evidence: allPass, rowStructureReported: true });
    expect(quiet.findings).toEqual([]);
  });

  it('accepts a row for a step the spec no longer has only as a documented deviation (info)', () => {
    const rows: [number, string, string][] = [...honestRows, [5, 'README updated with `docs/usage.md`', 'Pass']];
    const undocumented = compareSteps({ spec: demo, record: record({ results: rows, deviations: 'None.' }), evidence: allPass });
    expect(summary(undocumented.findings)).toEqual([`drift/extra-row warning ${RECORD_FILE}:86`]);
    for (const deviations of ['Step 5 was dropped from the spec after review; the row is kept for the record.', 'Kept the check “README updated with docs/usage.md” from the first draft.']) {
      const documented = compareSteps({ spec: demo, record: record({ results: rows, deviations }), evidence: allPass });
      expect(summary(documented.findings)).toEqual([`drift/documented-extra-row info ${RECORD_FILE}:86`]);
    }
    // Naming another row does not document this one.
    const other = compareSteps({ spec: demo, record: record({ results: rows, deviations: 'Step 15 was renamed.' }), evidence: allPass });
    expect(summary(other.findings)).toEqual([`drift/extra-row warning ${RECORD_FILE}:86`]);
  });

  it('matches rows without numbers by their text', () => {
    const rows: [number | null, string, string][] = [
      [null, '`terraform validate`', 'Not run'],
      [null, 'Keyvault module `infra/modules/keyvault/` has four files', 'Pass'],
      [null, '`infra/main.tf` has both node modules', 'Pass'],
      [null, 'The cluster comes up healthy', 'Not applicable'],
    ];
    const match = matchRows(record({ results: rows }).validationResults?.rows ?? [], demo.validationSteps);
    expect(match.pairs.map((pair) => [pair.step.number, pair.row.location.line])).toEqual([
      [1, 84],
      [2, 83],
      [3, 82],
      [4, 85],
    ]);
    expect(match.missing).toEqual([]);
    expect(match.extra).toEqual([]);
  });

  it('marks every step unclaimed when there is no record, and does not list rows of an absent table as missing', () => {
    expect(compareSteps({ spec: demo, record: null, evidence: allPass }).steps.every((step) => step.verdict === 'unclaimed')).toBe(true);
    const noTable = compareSteps({ spec: demo, record: record({ results: null }), evidence: allPass });
    expect(noTable.findings).toEqual([]);
    expect(noTable.steps.every((step) => step.verdict === 'missing-row')).toBe(true);
  });
});
