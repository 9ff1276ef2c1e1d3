import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverDocuments } from '../../src/discover/index.js';
import { createFileProbe } from '../../src/discover/git-worktree.js';
import { listTaskRoots } from '../../src/discover/task-layouts.js';
import { isInside, leavesThroughSymlink, resolveRepoPath } from '../../src/repo-path.js';
import { link, tempFolder, writeFiles } from '../support/repo.js';

// One guard (src/repo-path.ts) answers for the checks, discover's folders, the task roots and the
// artifact probe: a path through a symlink out of the repository is outside for every one of them.
let repo: ReturnType<typeof tempFolder>;
let outside: string;
beforeAll(async () => {
  outside = await mkdtemp(path.join(os.tmpdir(), 'sdd-outside-'));
  await writeFiles(outside, { 'secret.md': '# secret\n', 'specs/spec-0001-x.md': '# x\n', '001-feature/tasks.md': '- [x] T001 done\n' });
  repo = tempFolder({ 'inside/a.txt': 'a', 'docs/spec-0001-in.md': '# in\n' });
  await link(repo.root, 'out', outside);
  await link(repo.root, 'nested/deeper/out', outside);
  await link(repo.root, 'in-link', 'inside');
  await writeFiles(repo.root, { 'config.target': 'specs: out/specs\nprovenance: docs\n' });
});
afterAll(async () => {
  repo.dispose();
  await rm(outside, { recursive: true, force: true });
});

describe('the one repository-path guard', () => {
  it.each(['out', 'out/secret.md', 'nested/deeper/out/secret.md', 'out/missing/below.txt'])('calls %s outside through a symlink, for every user', (file) => {
    expect(resolveRepoPath(repo.root, file)).toMatchObject({ ok: false, reason: expect.stringMatching(/symlink outside/) });
    expect(leavesThroughSymlink(repo.root, path.join(repo.root, file))).toBe(true);
    expect(createFileProbe(repo.root).escapes(file)).toBe(true);
  });

  it.each(['inside/a.txt', 'in-link/a.txt', 'inside/not-yet/new.txt', 'nested'])('calls %s inside, for every user', (file) => {
    expect(resolveRepoPath(repo.root, file)).toMatchObject({ ok: true });
    expect(leavesThroughSymlink(repo.root, path.join(repo.root, file))).toBe(false);
    expect(createFileProbe(repo.root).escapes(file)).toBe(false);
  });

  it.each(['..', '../x', 'inside/../../x', '/etc/passwd', '/tmp/elsewhere/secret.md'])('rejects %s before looking at the disk', (file) => {
    expect(resolveRepoPath(repo.root, file)).toMatchObject({ ok: false, reason: expect.stringMatching(/^path leaves the repository/) });
    expect(isInside(repo.root, path.resolve(repo.root, file))).toBe(false);
  });

  it('keeps a configured document folder behind a symlink out of the report (discover)', async () => {
    const documents = await discoverDocuments(repo.root, { configPath: 'config.target' });
    expect(documents.specFiles).toEqual([]);
    expect(documents.provenanceFiles).toEqual(['docs/spec-0001-in.md']);
    expect(documents.findings).toContainEqual(expect.objectContaining({ ruleId: 'discover/outside-repository', location: { file: 'out/specs', line: 1 } }));
  });

  it('lists no task list behind a symlink out, and refuses a task root that climbs out (task layouts)', async () => {
    expect(await listTaskRoots(repo.root, { specKit: ['out'], openSpec: [] })).toEqual([]);
    await expect(listTaskRoots(repo.root, { specKit: ['../elsewhere'], openSpec: [] })).rejects.toThrow(/leaves the repository/);
  });
});
