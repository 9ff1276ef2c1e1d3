import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitBaseError, parseLog, parseStatus, readBlobs, readGitFacts } from '../../src/discover/git.js';
import { blobAt, blobIdOf, historyOf, laterChanges, lineageOf } from '../../src/discover/git-history.js';
import { createRepo, type TempRepo } from '../support/repo.js';

const repos: TempRepo[] = [];
const repo = (options?: { init?: boolean }) => {
  const created = createRepo(options);
  repos.push(created);
  return created;
};
afterEach(() => {
  for (const created of repos.splice(0)) created.dispose();
});

describe('parseLog / parseStatus (pure)', () => {
  it('reads NUL-separated raw entries, renames and odd paths verbatim', () => {
    const zero = '0'.repeat(40);
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const text =
      `\x1e${'1'.repeat(40)}\0\0 2026-01-01T00:00:00Z\0Ann\0first\0\0\n` +
      `:000000 100644 ${zero} ${a} A\0dir with space/ü.md\0` +
      `\x1e${'2'.repeat(40)}\0${'1'.repeat(40)}\0 2026-01-02T00:00:00Z\0Bob\0second\0\0\n` +
      `:100644 100644 ${a} ${b} R087\0dir with space/ü.md\0new "name".md\0`;
    const commits = parseLog(text);
    expect(commits).toHaveLength(2);
    expect(commits[0]?.parents).toEqual([]);
    expect(commits[0]?.changes).toEqual([{ status: 'A', path: 'dir with space/ü.md', oldBlob: zero, newBlob: a }]);
    expect(commits[1]?.parents).toEqual(['1'.repeat(40)]);
    expect(commits[1]?.changes).toEqual([
      { status: 'R', path: 'new "name".md', oldPath: 'dir with space/ü.md', oldBlob: a, newBlob: b, similarity: 87 },
    ]);
  });

  it('reads porcelain v2 -z status: headers skipped, paths with spaces whole, renames with their old path', () => {
    const h = 'a'.repeat(40);
    const text = [
      `# branch.oid ${h}`,
      '# branch.head main',
      `1 .M N... 100644 100644 100644 ${h} ${h} a.md`,
      '? new file.txt',
      `2 R. N... 100644 100644 100644 ${h} ${h} R100 to dir/to.md`,
      'from.md',
      `1 .D N... 100644 100644 000000 ${h} ${h} gone.md`,
      `1 A. N... 000000 100644 100644 ${'0'.repeat(40)} ${h} added.md`,
      `1 AD N... 000000 100644 000000 ${'0'.repeat(40)} ${h} vanished.md`,
      `2 C. N... 100644 100644 100644 ${h} ${h} C90 copy.md`,
      'a.md',
      `u UU N... 100644 100644 100644 100644 ${h} ${h} ${h} both changed.md`,
      '',
    ].join('\0');
    expect(parseStatus(text)).toEqual([
      { status: 'M', path: 'a.md' },
      { status: '?', path: 'new file.txt' },
      { status: 'R', path: 'to dir/to.md', oldPath: 'from.md' },
      { status: 'D', path: 'gone.md' },
      { status: 'A', path: 'added.md' },
      { status: 'A', path: 'copy.md' },
      { status: 'M', path: 'both changed.md' },
    ]);
  });

  it('reads the status git writes for a real working tree', async () => {
    const tree = repo();
    tree.write('a b.md', 'one\n');
    tree.write('old.md', 'old\n');
    tree.commit('first');
    tree.write('a b.md', 'two\n');
    tree.git('mv', 'old.md', 'new.md');
    tree.write('untracked.txt', 'x\n');
    const facts = await readGitFacts(tree.root);
    expect(facts?.workingTree).toEqual([
      { status: 'M', path: 'a b.md' },
      { status: 'R', path: 'new.md', oldPath: 'old.md' },
      { status: '?', path: 'untracked.txt' },
    ]);
  });

  it('reads on past what it cannot use: an entry without a status, an unmerged one, a stray token, a record cut short', () => {
    const [zero, a, b] = ['0', 'a', 'b'].map((digit) => digit.repeat(40)) as [string, string, string];
    const [first, second, third] = ['1', '2', '3'].map((digit) => digit.repeat(40)) as [string, string, string];
    const text =
      `\x1e${first}\0\0 2026-01-01T00:00:00Z\0Ann\0first\0\0\n` +
      `:000000 100644 ${zero} ${a} A\0kept.md\0` +
      `\n:100644 100644 ${a} ${b}\0no-status.md\0` +
      `\n:100644 100644 ${a} ${b} U\0unmerged.md\0` +
      `\n:100644 100644 ${a} ${b} C075\0from.md\0copy.md\0` +
      `\nnot an entry\0` +
      `\n:100644 100644 ${a} ${b} M\0after.md\0` +
      `\x1e${second}\0${first}\0 2026-01-02T00:00:00Z` +
      `\x1e${third}`;
    const commits = parseLog(text);
    expect(commits.map((commit) => commit.hash)).toEqual([first, second, third]);
    // Each skipped entry takes its path with it: nothing after it is read out of step.
    expect(commits[0]?.changes).toEqual([
      { status: 'A', path: 'kept.md', oldBlob: zero, newBlob: a },
      { status: 'C', path: 'copy.md', oldPath: 'from.md', oldBlob: a, newBlob: b, similarity: 75 },
      { status: 'M', path: 'after.md', oldBlob: a, newBlob: b },
    ]);
    expect(commits[1]).toMatchObject({ parents: [first], date: ' 2026-01-02T00:00:00Z', author: '', subject: '', changes: [] });
    expect(commits[2]).toMatchObject({ parents: [], date: '', author: '', subject: '', changes: [] });
  });

  it('gives an empty history for empty output', () => {
    expect(parseLog('')).toEqual([]);
    expect(parseStatus('')).toEqual([]);
  });
});

describe('readGitFacts', () => {
  it('returns null outside a git repository (never throws)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sdd-nogit-'));
    try {
      expect(await readGitFacts(dir)).toBeNull();
      expect(await readGitFacts(path.join(dir, 'does-not-exist'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('handles an empty repository (no commits), with untracked files', async () => {
    const r = repo();
    r.write('a.md');
    const facts = await readGitFacts(r.root);
    expect(facts).toEqual({ head: null, commits: [], shallow: false, workingTree: [{ status: '?', path: 'a.md' }], base: null });
  });

  it('reads every commit oldest first with renames, blob ids, spaces and unicode', async () => {
    const r = repo();
    r.write('docs/a b.md', 'same content that git can follow\n'.repeat(5));
    r.write('ü.txt', 'x');
    const first = r.commit('first');
    r.git('mv', 'docs/a b.md', 'docs/c d.md');
    r.write('ü.txt', 'y');
    const second = r.commit('second');
    const facts = await readGitFacts(r.root);
    expect(facts?.head).toBe(second);
    expect(facts?.commits.map((commit) => commit.hash)).toEqual([first, second]);
    expect(facts?.commits[0]?.changes.map((change) => [change.status, change.path])).toEqual([
      ['A', 'docs/a b.md'],
      ['A', 'ü.txt'],
    ]);
    const rename = facts?.commits[1]?.changes.find((change) => change.status === 'R');
    expect(rename).toMatchObject({ path: 'docs/c d.md', oldPath: 'docs/a b.md', similarity: 100 });
    expect(facts?.commits[1]?.changes.find((change) => change.path === 'ü.txt')?.newBlob).toBe(r.git('rev-parse', 'HEAD:ü.txt').trim());
    expect(facts?.commits[1]?.subject).toBe('second');
  });

  it('follows the first parent: a merge is one change carrying its branch', async () => {
    const r = repo();
    r.write('base.md');
    r.commit('base');
    r.git('checkout', '-q', '-b', 'feature');
    r.write('feature.md');
    const featureCommit = r.commit('feature work');
    r.git('checkout', '-q', 'main');
    r.write('main.md');
    r.commit('main work');
    r.git('merge', '-q', '--no-ff', 'feature', '-m', 'merge feature');
    const facts = await readGitFacts(r.root);
    expect(facts?.commits.map((commit) => commit.subject)).toEqual(['base', 'main work', 'merge feature']);
    expect(facts?.commits.some((commit) => commit.hash === featureCommit)).toBe(false);
    const merge = facts?.commits[2];
    expect(merge?.parents).toHaveLength(2);
    expect(merge?.changes.map((change) => [change.status, change.path])).toEqual([['A', 'feature.md']]);
  });

  it('works on a detached HEAD and reports working-tree changes', async () => {
    const r = repo();
    r.write('a.md');
    r.write('b.md');
    const first = r.commit('first');
    r.write('c.md');
    r.commit('second');
    r.git('checkout', '-q', '--detach', first);
    r.write('a.md', 'changed');
    r.remove('b.md');
    r.write('new.md');
    const facts = await readGitFacts(r.root);
    expect(facts?.head).toBe(first);
    expect(facts?.commits).toHaveLength(1);
    expect(facts?.workingTree).toEqual([
      { status: 'M', path: 'a.md' },
      { status: 'D', path: 'b.md' },
      { status: '?', path: 'new.md' },
    ]);
  });

  it('resolves --base to the start of the range and throws GitBaseError for a base that does not resolve', async () => {
    const r = repo();
    r.write('a.md');
    const first = r.commit('first');
    r.write('b.md');
    r.commit('second');
    expect((await readGitFacts(r.root, { base: first }))?.base).toBe(first);
    expect((await readGitFacts(r.root, { base: 'HEAD~1' }))?.base).toBe(first);
    await expect(readGitFacts(r.root, { base: 'no-such-branch' })).rejects.toBeInstanceOf(GitBaseError);
    await expect(readGitFacts(r.root, { base: 'no-such-branch' })).rejects.toThrow('--base no-such-branch: does not name a commit');
  });

  it('takes a branch base to the merge base, so a branch behind main shows only its own commits', async () => {
    const r = repo();
    r.write('a.md');
    const fork = r.commit('first');
    r.git('checkout', '-q', '-b', 'feature');
    r.write('f.md');
    r.commit('feature');
    r.git('checkout', '-q', 'main');
    r.write('m.md');
    r.commit('main moves on');
    r.git('checkout', '-q', 'feature');
    expect((await readGitFacts(r.root, { base: 'main' }))?.base).toBe(fork);
  });

  it('throws GitBaseError in a repository without commits', async () => {
    const r = repo();
    await expect(readGitFacts(r.root, { base: 'main' })).rejects.toBeInstanceOf(GitBaseError);
  });

  it('marks a shallow clone', async () => {
    const origin = repo();
    for (const name of ['a', 'b', 'c']) {
      origin.write(`${name}.md`);
      origin.commit(name);
    }
    const clone = repo({ init: false });
    clone.git('clone', '-q', '--depth', '1', `file://${origin.root}`, 'c');
    const facts = await readGitFacts(path.join(clone.root, 'c'));
    expect(facts?.shallow).toBe(true);
    expect(facts?.commits).toHaveLength(1);
    expect(facts?.commits[0]?.parents).toEqual([]);
    expect((await readGitFacts(origin.root))?.shallow).toBe(false);
  });

  it('makes paths relative to a root below the top level, dropping changes outside it', async () => {
    const r = repo();
    r.write('pkg/docs/a.md');
    r.write('other/b.md');
    r.commit('first');
    r.write('pkg/new.md');
    r.write('other/new.md');
    const facts = await readGitFacts(path.join(r.root, 'pkg'));
    expect(facts?.commits[0]?.changes.map((change) => change.path)).toEqual(['docs/a.md']);
    expect(facts?.workingTree).toEqual([{ status: '?', path: 'new.md' }]);
  });
});

describe('readBlobs', () => {
  it('reads many blobs with one process, by byte size (unicode safe), skipping unknown ids', async () => {
    const r = repo();
    r.write('a.md', 'ünïcödé\nline two\n');
    r.write('b.md', 'plain\n');
    r.commit('first');
    const a = r.git('rev-parse', 'HEAD:a.md').trim();
    const b = r.git('rev-parse', 'HEAD:b.md').trim();
    const blobs = await readBlobs(r.root, [a, b, 'f'.repeat(40), 'not an id']);
    expect(blobs.get(a)).toBe('ünïcödé\nline two\n');
    expect(blobs.get(b)).toBe('plain\n');
    expect(blobs.size).toBe(2);
    expect(blobIdOf('ünïcödé\nline two\n')).toBe(a);
  });

  it('returns an empty map outside a repository', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sdd-nogit-'));
    try {
      expect((await readBlobs(dir, ['a'.repeat(40)])).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('history index', () => {
  it('follows a file back through renames to the commit that added it, and forward through later renames', async () => {
    const r = repo();
    const body = 'record body that stays the same\n'.repeat(10);
    r.write('prov-1.md', body);
    const added = r.commit('add record');
    r.write('other.md');
    r.commit('unrelated');
    r.git('mv', 'prov-1.md', 'spec-1.md');
    const renamed = r.commit('rename record');
    r.write('spec-1.md', `${body}amended\n`);
    const amended = r.commit('amend record');
    const facts = await readGitFacts(r.root);
    if (!facts) throw new Error('no git facts');
    const history = historyOf(facts);
    const lineage = lineageOf(history, 'spec-1.md');
    expect(lineage.indexes.map((index) => facts.commits[index]?.hash)).toEqual([added, renamed, amended]);
    expect(facts.commits[lineage.addedAt ?? -1]?.hash).toBe(added);
    expect(blobAt(history, 'spec-1.md', 0)).toBe(blobIdOf(body));
    expect(blobAt(history, 'spec-1.md', 3)).toBe(blobIdOf(`${body}amended\n`));
    expect(blobAt(history, 'other.md', 0)).toBeNull();
    expect(laterChanges(history, 'prov-1.md', 0).map((event) => event.commit.hash)).toEqual([renamed, amended]);
  });
});
