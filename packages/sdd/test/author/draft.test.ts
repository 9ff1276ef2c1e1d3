import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { draftArtifacts, withRecord } from '../../src/author/changes.js';
import { renderDraft } from '../../src/author/draft.js';
import type { CommitInfo, GitFacts } from '../../src/model/index.js';
import { parseProvenance } from '../../src/parse/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const golden = path.join(here, 'fixtures', 'draft', 'basic.md');
const RECORD = '.sdd/provenance/spec-0002-demo.provenance.md';

describe('renderDraft', () => {
  const text = renderDraft({
    specFile: '.sdd/specification/spec-0002-demo.md',
    specNumber: 2,
    specTitle: 'Spec 0002: Demo | with a pipe',
    recordFile: RECORD,
    date: '2026-02-03',
    agent: null,
    artifacts: [
      { path: 'a.txt', status: 'Created' },
      { path: 'b.txt', status: 'Renamed', oldPath: 'old-b.txt' },
      { path: 'c.txt', status: 'Deleted' },
      { path: RECORD, status: 'Created' },
    ],
    steps: [
      { step: 1, markdown: '`a.txt` exists', status: 'pass', note: null },
      { step: 2, markdown: '`b.txt` contains `x|y`', status: 'fail', note: 'no match in b.txt' },
      { step: 3, markdown: '`terraform validate` passes', status: 'not-run', note: 'terraform not found on PATH' },
      { step: 4, markdown: 'Someone looked at it', status: 'manual', note: null },
    ],
  });

  it('matches the golden record', async () => {
    await expect(text).toMatchFileSnapshot(golden);
  });

  it('is a record the parser reads back, with the words sdd normalises', () => {
    const { document, findings } = parseProvenance(RECORD, text);
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(document?.specRef?.path).toBe('.sdd/specification/spec-0002-demo.md');
    expect(document?.artifacts?.rows.map((row) => [row.path, row.status])).toEqual([
      ['a.txt', 'Created'],
      ['b.txt', 'Renamed'],
      ['c.txt', 'Deleted'],
      [RECORD, 'Created'],
    ]);
    expect(document?.validationResults?.rows.map((row) => [row.number, row.result])).toEqual([
      [1, 'Pass'],
      [2, 'Fail'],
      [3, 'Not run'],
      [4, 'Not run'],
    ]);
  });
});

describe('draftArtifacts', () => {
  const commit = (hash: string, parent: string | null, changes: CommitInfo['changes']): CommitInfo => ({
    hash,
    parents: parent ? [parent] : [],
    date: '2026-01-01T00:00:00Z',
    author: 't',
    subject: hash,
    changes,
  });
  const blob = '0'.repeat(40);
  const facts: GitFacts = {
    head: 'c3',
    commits: [
      commit('c1', null, [{ status: 'A', path: 'old.txt', oldBlob: blob, newBlob: blob }]),
      commit('c2', 'c1', [
        { status: 'A', path: 'tmp.txt', oldBlob: blob, newBlob: blob },
        { status: 'R', path: 'new.txt', oldPath: 'old.txt', oldBlob: blob, newBlob: blob },
      ]),
      commit('c3', 'c2', [{ status: 'D', path: 'tmp.txt', oldBlob: blob, newBlob: blob }]),
    ],
    shallow: false,
    workingTree: [{ status: '?', path: 'wip.txt' }],
    base: null,
  };

  it('lists the uncommitted work when there is no base and no record yet', () => {
    expect(draftArtifacts(facts, RECORD)).toEqual([{ path: 'wip.txt', status: 'Created' }]);
  });

  it('adds the commits after --base, net of each other', () => {
    expect(draftArtifacts({ ...facts, base: 'c1' }, RECORD)).toEqual([
      { path: 'new.txt', status: 'Renamed', oldPath: 'old.txt' },
      { path: 'wip.txt', status: 'Created' },
    ]);
  });

  it('adds the record itself once', () => {
    const listed = withRecord([{ path: 'a', status: 'Created' }], RECORD);
    expect(listed).toEqual([
      { path: 'a', status: 'Created' },
      { path: RECORD, status: 'Created' },
    ]);
    expect(withRecord(listed, RECORD)).toEqual(listed);
  });
});
