import { describe, expect, it } from 'vitest';
import { firstLaterChange, judgementPoint } from '../../src/discover/judgement-point.js';
import type { CommitInfo, FileChange, GitFacts } from '../../src/model/index.js';

// Where a record is judged, and what changed after it: pure functions of git's facts.

const RECORD = '.sdd/provenance/spec-0001-a.provenance.md';
const ZERO = '0'.repeat(40);
const change = (path: string, status: FileChange['status'] = 'M'): FileChange => ({ status, path, oldBlob: ZERO, newBlob: ZERO });
const commit = (n: number, ...changes: FileChange[]): CommitInfo => ({
  hash: String(n).repeat(40).slice(0, 40),
  parents: n === 1 ? [] : [String(n - 1).repeat(40).slice(0, 40)],
  date: '2026-01-01T00:00:00Z',
  author: 't',
  subject: `commit ${n}`,
  changes,
});
const facts = (commits: CommitInfo[], extra: Partial<GitFacts> = {}): GitFacts => ({
  head: commits.at(-1)?.hash ?? null,
  commits,
  shallow: false,
  workingTree: [],
  base: null,
  ...extra,
});

const history = facts([
  commit(1, change(RECORD, 'A'), change('Dockerfile', 'A'), change('docs/a.md', 'A')),
  commit(2, change('README.md', 'A')),
  commit(3, change('Dockerfile'), change('docs/b.md', 'A')),
]);

describe('judgementPoint', () => {
  it('is the last commit that touched the record', () => {
    expect(judgementPoint(history, RECORD)).toEqual({ kind: 'commit', commit: history.commits[0]!.hash, index: 0 });
  });

  it('is the working tree with no git, for an uncommitted record, or one git never saw', () => {
    expect(judgementPoint(null, RECORD)).toEqual({ kind: 'working-tree', why: 'no-git' });
    expect(judgementPoint({ ...history, workingTree: [{ status: 'M', path: RECORD }] }, RECORD)).toEqual({ kind: 'working-tree', why: 'uncommitted' });
    expect(judgementPoint(history, '.sdd/provenance/other.provenance.md')).toEqual({ kind: 'working-tree', why: 'not-in-history' });
  });

  it('with --base, is the working tree for a record the pull request changed, its commit for an older one', () => {
    expect(judgementPoint({ ...history, base: history.commits[0]!.hash }, RECORD)).toMatchObject({ kind: 'commit', index: 0 });
    const amended = facts([...history.commits, commit(4, change(RECORD))], { base: history.commits[2]!.hash });
    expect(judgementPoint(amended, RECORD)).toEqual({ kind: 'working-tree', why: 'pull-request' });
  });
});

describe('firstLaterChange', () => {
  it('names the first later commit that touched a path the check reads', () => {
    expect(firstLaterChange(history, 0, { paths: ['Dockerfile'] })).toEqual({ commit: history.commits[2]!.hash, subject: 'commit 3', index: 2 });
    expect(firstLaterChange(history, 0, { paths: ['docs/'] })).toMatchObject({ index: 2 });
    expect(firstLaterChange(history, 0, { paths: ['docs/a.md'] })).toBeNull();
  });

  it('treats a command (everything) and the repository root alike: any later commit', () => {
    expect(firstLaterChange(history, 0, 'everything')).toMatchObject({ index: 1 });
    expect(firstLaterChange(history, 0, { paths: ['.'] })).toMatchObject({ index: 1 });
    expect(firstLaterChange(history, 2, 'everything')).toBeNull();
  });

  it('is the working tree when only uncommitted changes touch what it reads; nothing for `nothing`', () => {
    const dirty = { ...history, workingTree: [{ status: 'M' as const, path: 'docs/a.md' }] };
    expect(firstLaterChange(dirty, 2, { paths: ['docs'] })).toEqual({ commit: null, subject: null, index: 3 });
    expect(firstLaterChange(dirty, 2, { paths: ['README.md'] })).toBeNull();
    expect(firstLaterChange(dirty, 0, 'nothing')).toBeNull();
  });
});
