import * as childProcess from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runValidation } from '../../src/run-validation.js';
import { readGitFacts } from '../../src/discover/git.js';
import { readWorkingState } from '../../src/discover/working-state.js';
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

/**
 * The argument lists of the git processes started while `run` ran: a `git` first on PATH logs
 * them and hands over to the real one (git's own trace variables would not do: simple-git
 * drops GIT_* variables from the processes it starts).
 */
async function gitProcesses(run: () => Promise<unknown>): Promise<string[][]> {
  const bin = path.join(repo.root, 'node_modules', 'bin');
  const log = path.join(repo.root, 'node_modules', 'git-calls.log');
  const realGit = childProcess.execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, 'git'), `#!/bin/sh\nprintf '%s\\037' "$@" >> '${log}'\nprintf '\\n' >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
  await writeFile(log, '');
  const before = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${before ?? ''}`;
  try {
    await run();
  } finally {
    process.env.PATH = before;
  }
  return (await readFile(log, 'utf8')).split('\n').filter((line) => line.length > 0).map((line) => line.split('\x1f'));
}

describe('one look at the working tree per run (spec 0041)', () => {
  it.each([{ base: undefined }, { base: 'HEAD' }])('asks git for the status and ignored files in one process, with base $base', async ({ base }) => {
    let stdout = '';
    const sinks = { stdout: (text: string | Uint8Array) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')), stderr: () => undefined };
    const started = await gitProcesses(() => runValidation({ root: repo.root, base, stdout: 'json', sinks }));
    expect(started.filter((argv) => argv.includes('status'))).toHaveLength(1);
    // One walk of the tree (spec 0044): the status lists what git ignores, no `ls-files --others` does.
    expect(started.filter((argv) => argv.includes('status') && argv.includes('--ignored=matching'))).toHaveLength(1);
    expect(started.filter((argv) => argv.includes('--others'))).toHaveLength(0);
    // The shared state gives the result a run that asks git itself gives.
    const own = await validate({ root: repo.root, base, cache: false });
    const shared = JSON.parse(stdout) as { summary: unknown; exitCode: number };
    expect(shared.exitCode).toBe(own.exitCode);
    expect(shared.summary).toEqual(JSON.parse(JSON.stringify(own.summary)));
  });
});

describe('git processes of a warm pull-request run (spec 0044)', () => {
  it('asks nothing twice: the base configuration, the tracked cache files, HEAD and the base each once', async () => {
    const sinks = { stdout: () => undefined, stderr: () => undefined };
    // A repository with a configuration file (without one, a second `rev-parse` tells a missing file from a bad base).
    repo.write('.sdd/config.yaml', 'version: 1\n');
    repo.commit('configuration');
    // The first run fills the caches (git's log among them); the second is a pull request's next run.
    await runValidation({ root: repo.root, base: 'HEAD', stdout: 'json', sinks });
    await rm(path.join(repo.root, 'node_modules', '.cache', 'sdd', 'runs'), { recursive: true, force: true });
    const started = await gitProcesses(() => runValidation({ root: repo.root, base: 'HEAD', stdout: 'json', sinks }));
    const count = (word: string) => started.filter((argv) => argv.includes(word)).length;
    expect(count('show')).toBe(1);
    expect(started.filter((argv) => argv.includes('ls-files') && argv.includes('--cached'))).toHaveLength(1);
    expect(count('merge-base')).toBe(1);
    expect(count('log')).toBe(0);
    expect(count('worktree')).toBe(0);
    expect(started.filter((argv) => argv.includes('rev-parse') && argv.some((arg) => arg.startsWith('HEAD')))).toHaveLength(1);
    expect(started.length, started.map((argv) => argv.join(' ')).join('\n')).toBeLessThanOrEqual(7);
  });
});

describe("git's facts from the run's working state (spec 0049)", () => {
  it('reads the top level and shallowness with the status: git facts start no rev-parse or status of their own', async () => {
    const state = await readWorkingState(repo.root);
    const started = await gitProcesses(() => readGitFacts(repo.root, { workingState: state }));
    expect(started.filter((argv) => argv.includes('--show-toplevel') || argv.includes('--is-shallow-repository'))).toHaveLength(0);
    expect(started.filter((argv) => argv.includes('status'))).toHaveLength(0);
    expect(await readGitFacts(repo.root, { workingState: state })).toEqual(await readGitFacts(repo.root));
  });
});
