import { afterEach, describe, expect, it } from 'vitest';
import { compareArtifacts } from '../../src/compare/artifacts.js';
import { changeOfRecord } from '../../src/compare/change-of-record.js';
import { applySeverities } from '../../src/compare/severity.js';
import {
  assessRecordVersion,
  describedCommits,
  diffSteps,
  emptyRecordFindings,
  locateRecordVersion,
  traceArtifacts,
} from '../../src/compare/record-version.js';
import { readBlobs, readGitFacts } from '../../src/discover/git.js';
import { defaultConfig } from '../../src/model/index.js';
import { blobIdOf } from '../../src/discover/git-history.js';
import { RECORD_FILE, SPEC_FILE, probeOf, record, spec } from '../support/documents.js';
import { createRepo, type TempRepo } from '../support/repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const created of repos.splice(0)) created.dispose();
});

const V1 = ['`a.md` exists', '`b.md` contains `hello`', '`pnpm lint` passes'];
const V2 = ['`a.md` exists', '`b.md` contains `hello world`', '`pnpm lint` passes', '`c.md` exists'];
const specText = (steps: string[]) => `# Demo\n\n## Validation steps\n\n${steps.map((step, index) => `${index + 1}. ${step}`).join('\n')}\n`;
const rowsFor = (steps: string[]): [number, string, string][] => steps.map((step, index) => [index + 1, step, 'Pass']);

const summary = (findings: { ruleId: string; location?: { file: string; line: number } }[]) =>
  findings.map((finding) => `${finding.ruleId} ${finding.location?.file}:${finding.location?.line}`);

async function factsOf(r: TempRepo) {
  const facts = await readGitFacts(r.root);
  if (!facts) throw new Error('no git facts');
  return facts;
}

describe('the spec version a record was written against', () => {
  it('is current when the spec has not changed since the record: no findings', async () => {
    const r = createRepo();
    repos.push(r);
    r.write(SPEC_FILE, specText(V1));
    r.write(RECORD_FILE, 'record');
    const commit = r.commit('spec and record');
    const facts = locateRecordVersion(await factsOf(r), RECORD_FILE, SPEC_FILE);
    expect(facts).toMatchObject({ recordCommit: commit, status: 'current', specCommitsSince: [], specBlobAtRecord: blobIdOf(specText(V1)) });
    expect(facts.specBlobNow).toBe(facts.specBlobAtRecord);
    const assessed = assessRecordVersion({ facts, spec: spec({ steps: V1 }), specAtRecord: null, record: record({ results: rowsFor(V1) }) });
    expect(assessed.findings).toEqual([]);
    expect(assessed.rowStructureReported).toBe(false);
  });

  it('is suspect when a later commit changed the spec and not the record, with the step diff', async () => {
    const r = createRepo();
    repos.push(r);
    r.write(SPEC_FILE, specText(V1));
    r.write(RECORD_FILE, 'record');
    const recordCommit = r.commit('spec and record');
    r.write(SPEC_FILE, specText(V2));
    const specCommit = r.commit('spec v2');
    const git = await factsOf(r);
    const facts = locateRecordVersion(git, RECORD_FILE, SPEC_FILE);
    expect(facts).toMatchObject({ recordCommit, status: 'suspect', specCommitsSince: [specCommit] });
    // The pipeline reads the old spec with one `cat-file --batch` and parses it.
    const blobs = await readBlobs(r.root, [facts.specBlobAtRecord ?? '']);
    expect(blobs.get(facts.specBlobAtRecord ?? '')).toBe(specText(V1));

    const assessed = assessRecordVersion({
      facts,
      spec: spec({ steps: V2 }),
      specAtRecord: spec({ steps: V1 }),
      record: record({ results: rowsFor(V1) }),
    });
    expect(summary(assessed.findings)).toEqual([`drift/suspect-record ${RECORD_FILE}:5`]);
    expect(assessed.findings[0]?.severity).toBe('warning');
    expect(assessed.findings[0]?.message).toBe(
      `the spec changed after this record was written (in ${specCommit.slice(0, 7)}); validation steps changed:\n` +
        '- 2. b.md contains hello\n+ 2. b.md contains hello world\n+ 4. c.md exists',
    );
    expect(assessed.record.stepChanges).toEqual([
      { change: 'reworded', step: 2, before: 'b.md contains hello', after: 'b.md contains hello world' },
      { change: 'added', step: 4, before: null, after: 'c.md exists' },
    ]);
    // The rows follow the record's version: the suspect finding covers them.
    expect(assessed.rowStructureReported).toBe(true);

    const strict = applySeverities(assessRecordVersion({ facts, spec: spec({ steps: V2 }), specAtRecord: spec({ steps: V1 }), record: record({ results: rowsFor(V1) }) }).findings, defaultConfig(), true);
    expect(strict[0]?.severity).toBe('error');
  });

  it('is current for a record that is being written (uncommitted), against the spec as it is now', async () => {
    const r = createRepo();
    repos.push(r);
    r.write(SPEC_FILE, specText(V1));
    r.commit('spec');
    r.write(SPEC_FILE, specText(V2));
    r.write(RECORD_FILE, 'record');
    const facts = locateRecordVersion(await factsOf(r), RECORD_FILE, SPEC_FILE, specText(V2));
    expect(facts).toMatchObject({ recordCommit: null, status: 'current', specBlobNow: blobIdOf(specText(V2)) });
  });

  it('is mismatched when the rows follow an older spec version: each offending row, at its line', async () => {
    const r = createRepo();
    repos.push(r);
    r.write(SPEC_FILE, specText(V1));
    r.commit('spec v1');
    r.write(SPEC_FILE, specText(V2));
    r.commit('spec v2');
    // The agent wrote its rows against v1 but committed the record after v2.
    r.write(RECORD_FILE, 'record');
    r.commit('record');
    const facts = locateRecordVersion(await factsOf(r), RECORD_FILE, SPEC_FILE);
    expect(facts.status).toBe('current');
    const rows: [number, string, string][] = [
      [1, '`a.md` exists', 'Pass'],
      [2, '`b.md` contains `hello`', 'Pass'],
      [3, '`pnpm lint` passes', 'Pass'],
      [4, '`d.md` exists', 'Pass'],
    ];
    const assessed = assessRecordVersion({ facts, spec: spec({ steps: V2 }), specAtRecord: null, record: record({ results: rows }) });
    expect(summary(assessed.findings)).toEqual([`drift/mismatched-record ${RECORD_FILE}:85`]);
    expect(assessed.findings[0]?.message).toBe(
      `row 4 should match step 4 of the spec as of ${facts.recordCommit?.slice(0, 7)} (“c.md exists”), but names \`d.md\`, which that step does not contain`,
    );
    expect(assessed.findings[0]?.related).toEqual([{ file: SPEC_FILE, line: 14 }]);
    expect(assessed.rowStructureReported).toBe(true);
  });

  it('is mismatched when a suspect record’s rows follow neither version', async () => {
    const r = createRepo();
    repos.push(r);
    r.write(SPEC_FILE, specText(V1));
    r.write(RECORD_FILE, 'record');
    r.commit('spec and record');
    r.write(SPEC_FILE, specText(V2));
    r.commit('spec v2');
    const facts = locateRecordVersion(await factsOf(r), RECORD_FILE, SPEC_FILE);
    const rows: [number, string, string][] = [
      [1, '`a.md` exists', 'Pass'],
      [2, '`e.md` contains `hello`', 'Pass'],
    ];
    const assessed = assessRecordVersion({ facts, spec: spec({ steps: V2 }), specAtRecord: spec({ steps: V1 }), record: record({ results: rows }) });
    expect(summary(assessed.findings)).toEqual([
      `drift/suspect-record ${RECORD_FILE}:5`,
      `drift/mismatched-record ${RECORD_FILE}:83`,
      `drift/mismatched-record ${RECORD_FILE}:80`,
    ]);
    expect(assessed.findings[2]?.message).toContain('no row describes step 3');
  });
});

describe('diffSteps', () => {
  it('lists added, removed and reworded steps by number', () => {
    expect(diffSteps(spec({ steps: ['a', 'b', 'c'] }).validationSteps, spec({ steps: ['a', 'B'] }).validationSteps)).toEqual([
      { change: 'reworded', step: 2, before: 'b', after: 'B' },
      { change: 'removed', step: 3, before: 'c', after: null },
    ]);
    expect(diffSteps(spec({ steps: ['a  b'] }).validationSteps, spec({ steps: ['a b'] }).validationSteps)).toEqual([]);
  });
});

describe('artifacts after the record', () => {
  it('gives each row its blob at the record commit and reports later commits no record describes', async () => {
    const r = createRepo();
    repos.push(r);
    r.write(SPEC_FILE, specText(V1));
    r.write('src/a.ts', 'v1');
    r.write('src/b.ts', 'v1');
    r.write(RECORD_FILE, 'record');
    const recordCommit = r.commit('implement');
    r.write('src/a.ts', 'v2');
    const sneaky = r.commit('quick fix');
    r.write('src/b.ts', 'v2');
    r.write('.sdd/provenance/spec-0002-other.provenance.md', 'another record');
    r.commit('spec 2, recorded');
    const git = await factsOf(r);
    const doc = record({ artifacts: [['src/a.ts', 'Created'], ['src/b.ts', 'Created'], [SPEC_FILE, 'Created'], [RECORD_FILE, 'Created']] });
    const change = changeOfRecord(git, RECORD_FILE);
    const compared = compareArtifacts({ record: doc, files: change.files, probe: probeOf(['src/a.ts', 'src/b.ts', SPEC_FILE, RECORD_FILE]) });
    expect(compared.findings).toEqual([]);
    const described = describedCommits(git, [RECORD_FILE, '.sdd/provenance/spec-0002-other.provenance.md']);
    const traced = traceArtifacts({ git, artifacts: compared.artifacts, recordCommit, described: () => described, recordFile: RECORD_FILE, spec: SPEC_FILE });
    expect(traced.artifacts[0]).toMatchObject({ path: 'src/a.ts', blob: blobIdOf('v1'), commit: recordCommit, laterCommits: [sneaky] });
    expect(traced.artifacts[1]).toMatchObject({ path: 'src/b.ts', laterCommits: [] });
    expect(summary(traced.findings)).toEqual([`drift/unrecorded-change ${RECORD_FILE}:42`]);
    expect(traced.findings[0]?.message).toBe(`\`src/a.ts\` changed after this record in ${sneaky.slice(0, 7)} “quick fix”, which no provenance record describes`);
  });

  it('follows a later rename of an artifact', async () => {
    const r = createRepo();
    repos.push(r);
    r.write('src/a.ts', 'a body long enough to be recognised as the same file\n'.repeat(4));
    r.write(RECORD_FILE, 'record');
    const recordCommit = r.commit('implement');
    r.git('mv', 'src/a.ts', 'src/renamed.ts');
    const rename = r.commit('rename');
    const git = await factsOf(r);
    const compared = compareArtifacts({ record: record({ artifacts: [['src/a.ts', 'Created'], [RECORD_FILE, 'Created']] }), files: changeOfRecord(git, RECORD_FILE).files, probe: probeOf(['src/a.ts']) });
    const traced = traceArtifacts({ git, artifacts: compared.artifacts, recordCommit, described: () => describedCommits(git, [RECORD_FILE]), recordFile: RECORD_FILE, spec: SPEC_FILE });
    expect(traced.artifacts[0]?.laterCommits).toEqual([rename]);
  });
});

describe('empty records', () => {
  it('reports a record with no artifact rows or no validation rows', () => {
    expect(summary(emptyRecordFindings(record({ artifacts: [], results: null }), SPEC_FILE))).toEqual([
      `drift/empty-record ${RECORD_FILE}:40`,
      `drift/empty-record ${RECORD_FILE}:1`,
    ]);
    expect(emptyRecordFindings(record({ artifacts: [['a.md', 'Created']], results: [[1, 'x', 'Pass']] }))).toEqual([]);
  });
});
