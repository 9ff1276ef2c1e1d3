import { realpathSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitIndex, latestCommon } from '../../src/check/commit-index.js';
import { readRepoFile } from '../../src/check/files.js';
import { resolveRepoPath, withPathCache } from '../../src/repo-path.js';
import { createRunMemo } from '../../src/check/types.js';
import { createFileProbe } from '../../src/discover/git-worktree.js';
import { commit, factsOf } from '../support/commits.js';
import { link, tempFolder } from '../support/repo.js';

// The check stage's speed-ups must give the answers the plain code gives:
// the commit index, the path guard with its per-run cache, the read memo.

const history = factsOf([
  commit('c0', ['A', 'src/a.ts'], ['A', 'src/b.ts']),
  commit('c1', ['M', 'src/a.ts']),
  commit('c2', ['R', 'lib/b.ts', 'src/b.ts'], ['A', 'docs/x.md']),
  commit('c3', ['M', 'src/a.ts'], ['M', 'docs/x.md'], ['M', 'src/a.ts']),
]);

describe('commitIndex', () => {
  it('lists the commits that touched a path, by new or old name, once each, oldest first', () => {
    const index = commitIndex(history);
    expect(index.touching('src/a.ts')).toEqual([0, 1, 3]);
    expect(index.touching('src/b.ts')).toEqual([0, 2]);
    expect(index.touching('lib/b.ts')).toEqual([2]);
    expect(index.touching('nowhere.ts')).toEqual([]);
    expect(commitIndex(history)).toBe(index);
  });

  it('matches a directory path (trailing slash) against everything under it', () => {
    expect(commitIndex(history).touching('src/')).toEqual([0, 1, 2, 3]);
    expect(commitIndex(history).touching('docs/')).toEqual([2, 3]);
    expect(commitIndex(history).touching('sr/')).toEqual([]);
  });

  it('finds the latest commit common to every path, or -1 when there is none', () => {
    const index = commitIndex(history);
    expect(latestCommon([index.touching('src/a.ts'), index.touching('docs/x.md')])).toBe(3);
    expect(latestCommon([index.touching('src/a.ts'), index.touching('src/b.ts')])).toBe(0);
    expect(latestCommon([index.touching('lib/b.ts'), index.touching('src/a.ts')])).toBe(-1);
    expect(latestCommon([])).toBe(-1);
  });
});

let repo: ReturnType<typeof tempFolder>;
beforeAll(async () => {
  repo = tempFolder({ 'a/b.txt': 'hello\n', 'inner/target.txt': 'y', 'empty.txt': '' });
  link(repo.root, 'up', '..');
  link(repo.root, 'a/ok', '../inner');
  await symlink(path.join(repo.root, 'nowhere'), path.join(repo.root, 'dangling'));
});
afterAll(() => repo.dispose());

describe('resolveRepoPath with the per-run path cache', () => {
  const paths = ['a/b.txt', './a/../a/new.txt', '.', 'a/ok/target.txt', 'a/ok/missing/deeper.txt', 'dangling', 'dangling/x', '..', 'up/anything', 'up', 'a/b.txt/below', ''];

  it('gives the answers the uncached guard gives, twice in a row', async () => {
    const plain = paths.map((p) => resolveRepoPath(repo.root, p));
    expect(plain.filter((one) => one.ok).length).toBeGreaterThan(3);
    expect(plain.filter((one) => !one.ok).length).toBeGreaterThan(3);
    const cached = await withPathCache(async () => [...paths, ...paths].map((p) => resolveRepoPath(repo.root, p)));
    expect(cached).toEqual([...plain, ...plain]);
  });

  it('still rejects a path through a symlink that leaves the repository', async () => {
    const result = await withPathCache(async () => resolveRepoPath(repo.root, 'up/x.txt'));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/symlink outside/) as unknown });
  });
});

describe('readRepoFile with the run memo', () => {
  it('reads a file once per run and gives what a plain read gives', async () => {
    const memo = createRunMemo();
    const first = await readRepoFile(repo.root, 'a/b.txt', memo);
    expect(await readRepoFile(repo.root, 'a/b.txt', memo)).toBe(first);
    expect(first).toEqual(await readRepoFile(repo.root, 'a/b.txt'));
    // git hash-object of "hello\n"
    expect(first).toMatchObject({ state: 'ok', text: 'hello\n', input: { blob: 'ce013625030ba8dba906f756967f9e9ca394464a' } });
  });

  it('tells an empty file, a missing one, a directory and a path outside apart', async () => {
    expect(await readRepoFile(repo.root, 'empty.txt')).toMatchObject({ state: 'ok', text: '', input: { blob: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391' } });
    expect(await readRepoFile(repo.root, 'none.txt')).toMatchObject({ state: 'missing', rel: 'none.txt' });
    expect(await readRepoFile(repo.root, 'a')).toMatchObject({ state: 'directory', rel: 'a' });
    expect(await readRepoFile(repo.root, 'up/x')).toMatchObject({ state: 'rejected' });
    expect(await readRepoFile(repo.root, 'dangling')).toMatchObject({ state: 'missing' });
  });
});

describe('createFileProbe().escapes with its per-run folder cache', () => {
  /** The plain algorithm: realpath of the path, else of its deepest existing ancestor. */
  function escapesReference(root: string, file: string): boolean {
    const realRoot = realpathSync(root);
    let candidate = path.join(root, file);
    let real: string | null = null;
    for (;;) {
      try {
        real = realpathSync(candidate);
        break;
      } catch {
        if (candidate === path.dirname(candidate)) break;
        candidate = path.dirname(candidate);
      }
    }
    if (real === null) return false;
    const relative = path.relative(realRoot, real);
    return relative.startsWith('..') || path.isAbsolute(relative);
  }

  it('answers as the plain algorithm does, for links in and out, dangling links and missing paths', () => {
    const files = ['a/b.txt', 'a/ok/target.txt', 'a/ok/missing.txt', 'up', 'up/anything', 'up/x/y', 'dangling', 'dangling/x', 'none/deeper/x', 'a/b.txt/below'];
    const probe = createFileProbe(repo.root);
    const answers = files.map((file) => probe.escapes(file));
    expect(answers).toEqual(files.map((file) => escapesReference(repo.root, file)));
    expect(answers.filter(Boolean).length).toBeGreaterThan(1);
    expect(answers.filter((one) => !one).length).toBeGreaterThan(3);
    expect(files.map((file) => probe.escapes(file))).toEqual(answers);
  });
});
