import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommandLine } from '../../src/check/process.js';
import type { ValidateResult } from '../../src/model/index.js';
import { validate } from '../../src/validate.js';
import { HONEST, RECORD, recordText, SPEC, specText } from '../support/markdown.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// A git hook (`pre-commit` running `sdd validate`) hands its processes the repository of the git
// command that runs it: GIT_DIR, GIT_INDEX_FILE and others, some relative to where git ran. sdd
// reads the repository at its root, from a hook as from a shell (spec 0045), and a spec's command
// does not inherit them either.

const HOOK_VARIABLES = ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_OBJECT_DIRECTORY'] as const;
const repos: TempRepo[] = [];
afterEach(() => {
  for (const name of HOOK_VARIABLES) delete process.env[name];
  for (const repo of repos.splice(0)) repo.dispose();
});

function honestRepository(): TempRepo {
  const repo = createRepo();
  repos.push(repo);
  repo.write(SPEC, specText());
  repo.write('hello.txt', 'hello\n');
  repo.write(RECORD, recordText(HONEST));
  repo.commit('spec 0001: greeting');
  return repo;
}

/** Another repository, with an uncommitted file of its own: what a leaked GIT_DIR would show. */
function otherRepository(): TempRepo {
  const other = createRepo();
  repos.push(other);
  other.write('README.md', 'other\n');
  other.commit('other');
  other.write('stray.txt', 'not the root repository\n');
  return other;
}

const comparable = (result: ValidateResult): unknown =>
  JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'durationMs' ? undefined : value)));

describe('sdd run from a git hook', () => {
  it('reads the repository at its root, not the one the hook’s GIT_DIR and GIT_INDEX_FILE name', async () => {
    const repo = honestRepository();
    const other = otherRepository();
    const fromShell = await validate({ root: repo.root, base: 'HEAD', cache: false });
    process.env.GIT_DIR = path.join(other.root, '.git');
    process.env.GIT_INDEX_FILE = path.join(other.root, '.git', 'index');
    const fromHook = await validate({ root: repo.root, base: 'HEAD', cache: false });
    expect(comparable(fromHook)).toEqual(comparable(fromShell));
    expect(fromHook.findings.map((finding) => finding.ruleId)).not.toContain('discover/no-git');
  });

  it('works with the relative paths git gives a hook, for a root inside the repository', async () => {
    // A monorepo whose specs live in `app/`: the hook runs `sdd validate --root app` from the top level.
    const repo = createRepo();
    repos.push(repo);
    repo.write(`app/${SPEC}`, specText());
    repo.write('app/hello.txt', 'hello\n');
    repo.write(`app/${RECORD}`, recordText(HONEST));
    repo.commit('spec 0001: greeting');
    const root = path.join(repo.root, 'app');
    const fromShell = await validate({ root, cache: false });
    // `git commit` in the top level hands its hooks paths relative to it, which mean nothing from `app/`.
    process.env.GIT_DIR = '.git';
    process.env.GIT_INDEX_FILE = '.git/index';
    const fromHook = await validate({ root, cache: false });
    expect(comparable(fromHook)).toEqual(comparable(fromShell));
    expect(fromHook.specs[0]?.artifacts.length).toBeGreaterThan(0);
  });

  it('runs a spec’s command without the hook’s repository variables, other variables kept', async () => {
    const repo = honestRepository();
    process.env.GIT_DIR = '/somewhere/else/.git';
    process.env.GIT_INDEX_FILE = '.git/index';
    const run = await runCommandLine('printf "[%s][%s][%s]" "$GIT_DIR" "$GIT_INDEX_FILE" "$HOME"', repo.root, 10_000);
    expect(run.output).toBe(`[][][${process.env.HOME ?? ''}]`);
  });
});
