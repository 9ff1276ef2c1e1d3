import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGitFacts } from '../../src/discover/git.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// The git log of a HEAD, kept in sdd's cache: the facts must be the ones git
// gives, a new commit must be seen, and a shallow clone is never cached.

const repos: TempRepo[] = [];
afterEach(() => {
  for (const created of repos.splice(0)) created.dispose();
});

function history(): { repo: TempRepo; cacheDir: string } {
  const repo = createRepo();
  repos.push(repo);
  repo.write('a.txt', 'one\n');
  repo.commit('first');
  repo.write('b.txt', 'two\n');
  repo.git('mv', 'a.txt', 'c.txt');
  repo.commit('second');
  // Inside .git: a cache in the work tree would show up in git status (real repositories ignore node_modules).
  return { repo, cacheDir: path.join(repo.root, '.git/sdd-cache') };
}

// The log is kept as text, not JSON (spec 0044): its NULs would cost six bytes each in JSON.
const entries = async (dir: string) => (await readdir(dir, { recursive: true }).catch(() => [] as string[])).filter((name) => /\.(json|txt)$/.test(name));

describe('readGitFacts with a cache directory', () => {
  it('gives the facts git gives, before and after the log is cached', async () => {
    const { repo, cacheDir } = history();
    const plain = await readGitFacts(repo.root);
    expect(plain?.commits.map((commit) => commit.subject)).toEqual(['first', 'second']);
    expect(await readGitFacts(repo.root, { cacheDir })).toEqual(plain);
    expect(await entries(cacheDir)).toHaveLength(1);
    expect(await readGitFacts(repo.root, { cacheDir })).toEqual(plain);
  });

  it('reads the log from the cache, keyed by HEAD: a new commit is a new entry', async () => {
    const { repo, cacheDir } = history();
    await readGitFacts(repo.root, { cacheDir });
    const [entry = ''] = await entries(cacheDir);
    // Proof that the entry is what a warm run reads: an edited subject comes back.
    const file = path.join(cacheDir, entry);
    await writeFile(file, (await readFile(file, 'utf8')).replace('second', 'edited'));
    expect((await readGitFacts(repo.root, { cacheDir }))?.commits[1]?.subject).toBe('edited');
    repo.write('d.txt', 'new\n');
    repo.commit('third');
    expect((await readGitFacts(repo.root, { cacheDir }))?.commits.map((commit) => commit.subject)).toEqual(['first', 'second', 'third']);
    expect(await entries(cacheDir)).toHaveLength(2);
  });

  it('does not trust a corrupt entry: git is asked again', async () => {
    const { repo, cacheDir } = history();
    await readGitFacts(repo.root, { cacheDir });
    for (const entry of await entries(cacheDir)) await writeFile(path.join(cacheDir, entry), '{"format":2,"key":"nope"');
    expect((await readGitFacts(repo.root, { cacheDir }))?.commits).toHaveLength(2);
    // An entry under another key's header (copied from another HEAD's file) is a miss as well.
    for (const entry of await entries(cacheDir)) await writeFile(path.join(cacheDir, entry), `sdd-cache 2 ${'0'.repeat(64)}\n\x1eforged\0\0\0\0forged\0`);
    expect((await readGitFacts(repo.root, { cacheDir }))?.commits.map((commit) => commit.subject)).toEqual(['first', 'second']);
  });

  it('keeps nothing for a shallow clone', async () => {
    const { repo } = history();
    const clone = createRepo({ init: false });
    repos.push(clone);
    clone.git('clone', '-q', '--depth', '1', `file://${repo.root}`, '.');
    const cacheDir = path.join(clone.root, 'cache');
    const facts = await readGitFacts(clone.root, { cacheDir });
    expect(facts?.shallow).toBe(true);
    expect(await entries(cacheDir)).toEqual([]);
  });
});
