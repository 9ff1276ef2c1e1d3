import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocuments, matchRecordsToSpecs } from '../../src/compare/document-rules.js';
import type { Finding, ProvenanceDocument, SpecDocument } from '../../src/model/index.js';
import { CORPUS_SDD, describeCorpus } from '../support/corpus-material.js';
import { parsedRecord as record, parsedSpec as spec } from '../support/documents.js';

const SPEC_FILE = '.sdd/specification/spec-0001-demo.md';
const RECORD_FILE = '.sdd/provenance/spec-0001-demo.provenance.md';

const SPEC = `---
title: Demo
draft: false
---

## Validation steps

1. \`a.md\` exists
2. \`pnpm lint\` passes
`;

interface RecordParts {
  spec?: string;
  sections?: string[];
  artifacts?: string;
  results?: string;
}

function recordText(parts: RecordParts = {}): string {
  const sections: Record<string, string> = {
    'Actions Taken': '1. Created `a.md`',
    'Decisions Made': 'None.',
    'Deviations from Spec': 'None.',
    'Artifacts Produced': parts.artifacts ?? '| File | Status |\n|---|---|\n| `a.md` | Created |',
    'Validation Results': parts.results ?? '| # | Check | Result |\n|---|---|---|\n| 1 | `a.md` exists | Pass |\n| 2 | `pnpm lint` | Pass |',
  };
  const chosen = parts.sections ?? Object.keys(sections);
  const body = chosen.map((title) => `## ${title}\n\n${sections[title] ?? ''}\n`).join('\n');
  return `${parts.spec ?? `**Spec:** \`${SPEC_FILE}\``}\n\n${body}`;
}

function run(specs: SpecDocument[], records: ProvenanceDocument[], specFiles = specs.map((one) => one.file)): Finding[] {
  return checkDocuments(specs, records, { specFiles, provenanceFiles: records.map((one) => one.file) });
}

const ids = (findings: Finding[]) => findings.map((finding) => finding.ruleId);
const at = (findings: Finding[], ruleId: string) =>
  findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.location?.file}:${finding.location?.line}`);

describe('a clean spec and record', () => {
  it('give no finding at all (no rule fires)', () => {
    expect(run([spec(SPEC_FILE, SPEC)], [record(RECORD_FILE, recordText())])).toEqual([]);
  });
});

describe('provenance sections and tables', () => {
  const specs = [spec(SPEC_FILE, SPEC)];

  it('provenance/missing-section: each required section, at the record', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ sections: ['Decisions Made', 'Deviations from Spec'] }))]);
    expect(findings.filter((one) => one.ruleId === 'provenance/missing-section').map((one) => one.message)).toEqual([
      'the record has no "Actions Taken" section',
      'the record has no "Artifacts Produced" section',
      'the record has no "Validation Results" section',
    ]);
    expect(at(findings, 'provenance/missing-section')[0]).toBe(`${RECORD_FILE}:1`);
    expect(findings[0]).toMatchObject({ severity: 'error', spec: SPEC_FILE });
  });

  it('provenance/missing-optional-section: a warning for Decisions Made and Deviations from Spec', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ sections: ['Actions Taken', 'Artifacts Produced', 'Validation Results'] }))]);
    expect(ids(findings)).toEqual(['provenance/missing-optional-section', 'provenance/missing-optional-section']);
    expect(findings[0]?.severity).toBe('warning');
  });

  it('headings are matched loosely ("Artifacts produced", "Validation results", "Deviations")', () => {
    const text = recordText().replace('## Artifacts Produced', '### Artifacts produced').replace('## Validation Results', '## 5. Validation results').replace('## Deviations from Spec', '## Deviations');
    expect(run(specs, [record(RECORD_FILE, text)])).toEqual([]);
  });

  it('provenance/missing-table: a section without its table, at the heading', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ artifacts: '| File | Status |\n| `a.md` | Created |' }))]);
    expect(ids(findings)).toEqual(['provenance/missing-table']);
    expect(at(findings, 'provenance/missing-table')).toEqual([`${RECORD_FILE}:15`]);
  });

  it('provenance/missing-columns: Artifacts without Status, Validation Results without Result', () => {
    const findings = run(specs, [
      record(RECORD_FILE, recordText({ artifacts: '| File | Notes |\n|---|---|\n| `a.md` | x |', results: '| # | Check |\n|---|---|\n| 1 | a |\n| 2 | b |' })),
    ]);
    expect(ids(findings)).toEqual(['provenance/missing-columns', 'provenance/missing-columns']);
    expect(findings.map((one) => one.message)).toEqual([
      'Artifacts Produced table has no Status column (its header: "File", "Notes")',
      'Validation Results table has no Result column (its header: "#", "Check")',
    ]);
    expect(at(findings, 'provenance/missing-columns')).toEqual([`${RECORD_FILE}:17`, `${RECORD_FILE}:23`]);
  });

  it('provenance/unknown-status and provenance/unknown-result: at the row, quoting the word', () => {
    const findings = run(specs, [
      record(RECORD_FILE, recordText({
        artifacts: '| File | Status |\n|---|---|\n| `a.md` | Sort of |\n| `b.md` | Created |',
        results: '| # | Check | Result |\n|---|---|---|\n| 1 | a | Pass |\n| 2 | b | Probably |',
      })),
    ]);
    expect(ids(findings)).toEqual(['provenance/unknown-status', 'provenance/unknown-result']);
    expect(at(findings, 'provenance/unknown-status')).toEqual([`${RECORD_FILE}:19`]);
    expect(at(findings, 'provenance/unknown-result')).toEqual([`${RECORD_FILE}:27`]);
    expect(findings[0]?.message).toContain('"Sort of"');
    expect(findings[1]?.message).toContain('"Probably"');
  });
});

describe('links and file names', () => {
  const specs = [spec(SPEC_FILE, SPEC)];

  it('provenance/spec-link: missing field (record still matched by name)', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ spec: '**Executed:** today' }))]);
    expect(ids(findings)).toEqual(['provenance/spec-link']);
    expect(at(findings, 'provenance/spec-link')).toEqual([`${RECORD_FILE}:1`]);
  });

  it('provenance/spec-link: a link to no spec file, at the field', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ spec: '\n**Spec:** `.sdd/specification/spec-0001-old-name.md`' }))]);
    expect(ids(findings)).toEqual(['provenance/spec-link']);
    expect(at(findings, 'provenance/spec-link')).toEqual([`${RECORD_FILE}:2`]);
  });

  it('a link relative to the record resolves', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ spec: '**Spec:** [0001](../specification/spec-0001-demo.md)' }))]);
    expect(findings).toEqual([]);
  });

  it('provenance/file-name: a record not named after its spec', () => {
    const file = '.sdd/provenance/prov-0001-demo.md';
    const findings = run(specs, [record(file, recordText())]);
    expect(ids(findings)).toEqual(['provenance/file-name']);
    expect(findings[0]).toMatchObject({ location: { file, line: 1 }, data: { expected: 'spec-0001-demo.provenance.md' } });
  });

  it('spec/file-name: a spec not named spec-NNNN-slug.md', () => {
    const file = '.sdd/specification/Demo Spec.md';
    const findings = run([spec(file, SPEC)], [record(RECORD_FILE, recordText({ spec: `**Spec:** \`${file}\`` }))]);
    expect(at(findings, 'spec/file-name')).toEqual([`${file}:1`]);
  });

  it('provenance/orphan: a record whose spec does not exist', () => {
    const file = '.sdd/provenance/spec-0002-gone.provenance.md';
    const findings = run(specs, [record(RECORD_FILE, recordText()), record(file, recordText({ spec: '**Spec:** `.sdd/specification/spec-0002-gone.md`' }))]);
    expect(ids(findings)).toEqual(['provenance/spec-link', 'provenance/orphan']);
    expect(at(findings, 'provenance/orphan')).toEqual([`${file}:1`]);
  });

  it('provenance/duplicate-record: two records for one spec', () => {
    const second = '.sdd/provenance/spec-0001-demo.v2.provenance.md';
    const findings = run(specs, [record(RECORD_FILE, recordText()), record(second, recordText())]);
    expect(at(findings, 'provenance/duplicate-record')).toEqual([`${second}:1`]);
  });
});

describe('specs', () => {
  it('spec/duplicate-number: reported at each spec', () => {
    const other = '.sdd/specification/spec-0001-other.md';
    const findings = run([spec(SPEC_FILE, SPEC), spec(other, SPEC.replace('draft: false', 'draft: true'))], [record(RECORD_FILE, recordText())]);
    expect(at(findings, 'spec/duplicate-number')).toEqual([`${SPEC_FILE}:1`, `${other}:1`]);
  });

  it('spec/no-provenance: a non-draft spec without a record; a draft is fine', () => {
    expect(at(run([spec(SPEC_FILE, SPEC)], []), 'spec/no-provenance')).toEqual([`${SPEC_FILE}:1`]);
    expect(run([spec(SPEC_FILE, SPEC.replace('draft: false', 'draft: true'))], [])).toEqual([]);
  });

  it('spec/no-provenance: a record that exists but did not parse is not "missing"', () => {
    const findings = checkDocuments([spec(SPEC_FILE, SPEC)], [], { specFiles: [SPEC_FILE], provenanceFiles: [RECORD_FILE] });
    expect(findings).toEqual([]);
  });

  it('spec/no-validation-steps: no section (at line 1), or a section without steps (at its heading)', () => {
    const none = spec(SPEC_FILE, '---\ndraft: true\n---\n\n## Phase 6: Validation\n\n1. check it\n');
    expect(at(run([none], []), 'spec/no-validation-steps')).toEqual([`${SPEC_FILE}:1`]);
    const empty = spec(SPEC_FILE, '---\ndraft: true\n---\n\n## Validation steps\n\nTBD.\n');
    expect(at(run([empty], []), 'spec/no-validation-steps')).toEqual([`${SPEC_FILE}:5`]);
  });
});

describe('rows against steps', () => {
  const specs = [spec(SPEC_FILE, SPEC)];

  it('provenance/row-count: a row too many, at the extra row', () => {
    const results = '| # | Check | Result |\n|---|---|---|\n| 1 | a | Pass |\n| 2 | b | Pass |\n| 3 | c | Pass |';
    const findings = run(specs, [record(RECORD_FILE, recordText({ results }))]);
    expect(ids(findings)).toEqual(['provenance/row-count']);
    expect(at(findings, 'provenance/row-count')).toEqual([`${RECORD_FILE}:27`]);
    expect(findings[0]?.related).toEqual([specs[0]?.validationSection]);
  });

  it('provenance/row-count: a row too few, at the table, naming the steps without a row', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ results: '| # | Check | Result |\n|---|---|---|\n| 1 | a | Pass |' }))]);
    expect(ids(findings)).toEqual(['provenance/row-count']);
    expect(findings[0]?.message).toBe('Validation Results has 1 row(s); the spec has 2 validation step(s): step(s) 2 have no row');
    expect(at(findings, 'provenance/row-count')).toEqual([`${RECORD_FILE}:23`]);
  });

  it('provenance/row-numbering: a row out of order, saying which step it should match', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ results: '| # | Check | Result |\n|---|---|---|\n| 2 | b | Pass |\n| 1. | a | Pass |' }))]);
    expect(ids(findings)).toEqual(['provenance/row-numbering', 'provenance/row-numbering']);
    expect(findings[0]?.message).toBe('row 1 is numbered 2; expected 1 (spec step 1: "a.md exists")');
    expect(at(findings, 'provenance/row-numbering')).toEqual([`${RECORD_FILE}:25`, `${RECORD_FILE}:26`]);
    expect(findings[0]?.related?.[0]).toMatchObject({ file: SPEC_FILE, line: 8 });
  });

  it('rows without a # column are counted, not numbered', () => {
    const findings = run(specs, [record(RECORD_FILE, recordText({ results: '| Check | Result |\n|---|---|\n| a | Pass |\n| b | Pass |' }))]);
    expect(findings).toEqual([]);
  });
});

describe('matchRecordsToSpecs', () => {
  it('prefers the Spec link, then number and slug of the file names', () => {
    const a = spec('.sdd/specification/spec-0001-a.md', SPEC);
    const b = spec('.sdd/specification/spec-0002-b.md', SPEC);
    const byLink = record('.sdd/provenance/spec-0002-b.provenance.md', recordText({ spec: '**Spec:** `.sdd/specification/spec-0001-a.md`' }));
    const byName = record('.sdd/provenance/prov-0002-b.md', recordText({ spec: '' }));
    const match = matchRecordsToSpecs([a, b], [byLink, byName]);
    expect(match.pairs.map((pair) => [pair.spec.file, pair.record?.file])).toEqual([
      ['.sdd/specification/spec-0001-a.md', '.sdd/provenance/spec-0002-b.provenance.md'],
      ['.sdd/specification/spec-0002-b.md', '.sdd/provenance/prov-0002-b.md'],
    ]);
    expect(match.orphans).toEqual([]);
  });
});

describeCorpus('the corpus: its real anomalies are reported', () => {
  const read = (folder: string, name: string) => readFileSync(path.join(CORPUS_SDD ?? '', folder, name), 'utf8');
  const specFiles = ['spec-0009-hq-nextjs-auth0.md', 'spec-0011-linear-bug-fixes.md', 'spec-0013-claude-code-builder.md'];
  const recordFiles = ['prov-0011-linear-bug-fixes.md', 'spec-0008-hq-kevinryan-io.provenance.md', 'spec-0009-hq-nextjs-auth0.provenance.md', 'spec-0013-claude-code-builder.provenance.md'];
  const specs = specFiles.map((name) => spec(`.sdd/specification/${name}`, read('specification', name)));
  const records = recordFiles.map((name) => record(`.sdd/provenance/${name}`, read('provenance', name)));
  const findings = run(specs, records);
  const summary = findings.map((finding) => `${finding.ruleId} ${finding.location?.file}:${finding.location?.line}`);

  it('reports exactly these', () => {
    expect(summary.sort()).toEqual(
      [
        // prov-0011: its name does not follow spec-NNNN-slug.provenance.md
        'provenance/file-name .sdd/provenance/prov-0011-linear-bug-fixes.md:1',
        // spec-0008's record: its spec is not in the corpus
        'provenance/spec-link .sdd/provenance/spec-0008-hq-kevinryan-io.provenance.md:6',
        'provenance/orphan .sdd/provenance/spec-0008-hq-kevinryan-io.provenance.md:1',
        // spec-0009's record was written against a 21-step version of the spec; the spec here has 16 steps (first extra row: 17)
        'provenance/row-count .sdd/provenance/spec-0009-hq-nextjs-auth0.provenance.md:133',
        // spec-0011 has its validation in "Phase 6: Validation", not under "Validation steps"
        'spec/no-validation-steps .sdd/specification/spec-0011-linear-bug-fixes.md:1',
      ].sort(),
    );
  });

  it('reads "Pre-existing", "Replaced", "Partial", "Pending": no unknown-status or unknown-result', () => {
    expect(summary.filter((line) => /unknown-(status|result)/.test(line))).toEqual([]);
    const claims = records.flatMap((one) => one.validationResults?.rows ?? []);
    expect(claims.filter((row) => row.rawResult.startsWith('Partial')).map((row) => row.result)).toEqual(['Fail']);
    expect(claims.filter((row) => row.rawResult.startsWith('Pending')).map((row) => row.result)).toEqual(['Not run']);
  });

  it('pairs records with specs by link (prov-0011 included)', () => {
    const match = matchRecordsToSpecs(specs, records);
    expect(match.pairs.map((pair) => pair.record?.file ?? null)).toEqual([
      '.sdd/provenance/spec-0009-hq-nextjs-auth0.provenance.md',
      '.sdd/provenance/prov-0011-linear-bug-fixes.md',
      '.sdd/provenance/spec-0013-claude-code-builder.provenance.md',
    ]);
    expect(match.orphans.map((one) => one.file)).toEqual(['.sdd/provenance/spec-0008-hq-kevinryan-io.provenance.md']);
  });
});
