import * as childProcess from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validate } from '../../src/validate.js';
import { HONEST, RECORD, recordText, SPEC, specText } from '../support/markdown.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// Each `git ls-files` for the cache folder is a process: a run asks it once (discover), and every stage
// (git's log, the parse cache, the history snapshots) takes the answer from the workspace.
vi.mock('node:child_process', async (original) => {
  const actual = await original<typeof childProcess>();
  return { ...actual, spawnSync: vi.fn(actual.spawnSync) };
});

let repo: TempRepo;
beforeEach(async () => {
  repo = await createRepo();
  await mkdir(path.join(repo.root, 'node_modules'), { recursive: true });
  await repo.write('.gitignore', 'node_modules/\n');
  await repo.write(SPEC, specText());
  await repo.write('hello.txt', 'hello\n');
  await repo.write(RECORD, recordText(HONEST));
  repo.commit('spec 0001: greeting');
});
afterEach(() => repo.dispose());

const lsFilesCalls = (): number => vi.mocked(childProcess.spawnSync).mock.calls.filter(([, args]) => (args ?? []).includes('ls-files')).length;

describe('work done once per run', () => {
  it('asks git once which cache files it tracks, for a whole validate run', async () => {
    vi.mocked(childProcess.spawnSync).mockClear();
    const result = await validate({ root: repo.root });
    expect(result.specs).toHaveLength(1);
    expect(lsFilesCalls()).toBe(1);
  });
});
