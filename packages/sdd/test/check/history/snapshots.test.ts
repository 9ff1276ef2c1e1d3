import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnapshots, type Snapshots } from '../../../src/check/history/snapshots.js';
import { resolveRepoPath } from '../../../src/repo-path.js';
import { createRepo, type TempRepo } from '../../support/repo.js';

// A commit's files from git's objects, with no checkout: what a record judged at its
// commit reads, and nothing outside the repository.

let repo: TempRepo | undefined;
let snapshots: Snapshots | undefined;
afterEach(async () => {
  snapshots?.dispose();
  await repo?.dispose();
  repo = undefined;
  snapshots = undefined;
});

describe('snapshots of a commit', () => {
  it('hold the files a check reads as the commit has them, and are removed afterwards', async () => {
    repo = createRepo();
    repo.write('Dockerfile', 'FROM node:22\n');
    repo.write('docs/a.md', 'a\n');
    const first = repo.commit('first');
    repo.write('Dockerfile', 'FROM node:24\n');
    repo.commit('second');
    snapshots = createSnapshots(repo.root);
    const dir = await snapshots.at(first, ['Dockerfile', 'docs/', '../outside', '/etc/passwd']);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM node:22\n');
    expect(readFileSync(path.join(dir, 'docs/a.md'), 'utf8')).toBe('a\n');
    // Paths that leave the repository are never written; the check's own guard refuses them.
    expect(existsSync(path.join(dir, '..', 'outside'))).toBe(false);
    snapshots.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it('keep a committed symbolic link a link, which the path guard refuses when it leaves the snapshot', async () => {
    repo = createRepo();
    symlinkSync('/etc', path.join(repo.root, 'escape'));
    const commit = repo.commit('a link out');
    snapshots = createSnapshots(repo.root);
    const dir = await snapshots.at(commit, ['escape']);
    const resolved = resolveRepoPath(dir, 'escape/passwd');
    expect(resolved.ok).toBe(false);
    expect(resolved.ok ? '' : resolved.reason).toContain('symlink outside');
  });
});
