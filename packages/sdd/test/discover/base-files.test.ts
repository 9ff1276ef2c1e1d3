import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAtBase } from '../../src/discover/base-files.js';
import { GitBaseError } from '../../src/discover/git.js';
import { git, tempFolder } from '../support/repo.js';

// Reading a file at the base is one git process; the base is verified (a second) only when a read fails.
let repo: ReturnType<typeof tempFolder>;
let bin: string;
const log = (): string => path.join(bin, 'calls.log');
const realPath = process.env.PATH;

beforeAll(async () => {
  repo = tempFolder({ '.sdd/config.yaml': 'strict: true\n' });
  git(repo.root, 'init', '-q', '-b', 'main');
  git(repo.root, 'add', '-A');
  git(repo.root, 'commit', '-q', '-m', 'base');
  bin = await mkdtemp(path.join(os.tmpdir(), 'sdd-git-log-'));
  const realGit = git(repo.root, '--exec-path').trim();
  await writeFile(path.join(bin, 'git'), `#!/bin/sh\necho "$1" >> "${log()}"\nexec "${realGit}/git" "$@"\n`);
  await chmod(path.join(bin, 'git'), 0o755);
  process.env.PATH = `${bin}${path.delimiter}${realPath}`;
});
afterAll(async () => {
  process.env.PATH = realPath;
  repo.dispose();
  await rm(bin, { recursive: true, force: true });
});

async function callsDuring(work: () => Promise<unknown>): Promise<string[]> {
  await writeFile(log(), '');
  await work().catch(() => undefined);
  return (await readFile(log(), 'utf8')).split('\n').filter(Boolean);
}

describe('readAtBase', () => {
  it('reads a file the base holds with one git process', async () => {
    expect(await readAtBase(repo.root, 'main', '.sdd/config.yaml')).toBe('strict: true\n');
    expect(await callsDuring(() => readAtBase(repo.root, 'main', '.sdd/config.yaml'))).toEqual(['show']);
  });

  it('verifies the base only when the read fails: a missing file is null, a base that names no commit an error', async () => {
    expect(await readAtBase(repo.root, 'main', 'missing.txt')).toBeNull();
    expect(await callsDuring(() => readAtBase(repo.root, 'main', 'missing.txt'))).toEqual(['show', 'rev-parse']);
    await expect(readAtBase(repo.root, 'no-such-branch', '.sdd/config.yaml')).rejects.toBeInstanceOf(GitBaseError);
    await expect(readAtBase(repo.root, 'main^{tree}', '.sdd/config.yaml')).rejects.toBeInstanceOf(GitBaseError);
    await expect(readAtBase(repo.root, '--output=/tmp/sdd-pwned', '.sdd/config.yaml')).rejects.toBeInstanceOf(GitBaseError);
  });
});
