import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { defaultConfig } from '../../src/model/index.js';
import { parseDocumentsCached } from '../../src/parse-pool/index.js';
import { validate } from '../../src/validate.js';
import { runSdd } from '../support/cli.js';
import type { TempRepo } from '../support/repo.js';
import { SPEC_KIT_TASKS, openSpecRepo, specKitRepo } from '../support/task-repos.js';

// The caches change a run's cost, never its result: task lists through the parse cache and
// the parse worker, and the whole-run cache that replays a run only while nothing it read changed.

const REPLAYED = 'its output is replayed from the cache';
const repos: TempRepo[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) repo.dispose();
});
async function cached(build: Promise<TempRepo>): Promise<TempRepo> {
  const repo = await build;
  repos.push(repo);
  // The default cache folder is used only where the repository has node_modules.
  repo.write('.gitignore', 'node_modules/\n');
  repo.write('node_modules/.keep', '');
  repo.commit('ignore node_modules');
  return repo;
}

const json = (run: { stdout: string }) => JSON.parse(run.stdout) as ValidateResult;

describe('the parse cache', () => {
  it('gives the same task lists from the cache, in-process or over a worker', async () => {
    const repo = await cached(specKitRepo());
    const workspace = { root: repo.root, config: defaultConfig() };
    const files = { specs: [], provenance: [], tasks: [SPEC_KIT_TASKS] };
    const cold = await parseDocumentsCached(workspace, files, { workers: 0 });
    const warm = await parseDocumentsCached(workspace, files, { workers: 0 });
    const worker = await parseDocumentsCached(workspace, files, { cache: false, workers: 1 });
    expect(cold.stats).toMatchObject({ documents: 1, parsed: 1, fromCache: 0 });
    expect(warm.stats).toMatchObject({ documents: 1, parsed: 0, fromCache: 1 });
    expect(worker.stats.workers).toBe(1);
    expect(warm.taskLists).toEqual(cold.taskLists);
    expect(worker.taskLists).toEqual(cold.taskLists);
    expect(cold.taskLists[0]?.document?.tasks).toHaveLength(13);
  });

  it('a run with the caches gives the result a run without them gives', async () => {
    const repo = await cached(openSpecRepo({ archive: true, open: ['3.1'] }));
    const without = await validate({ root: repo.root, cache: false, runChecks: false });
    await validate({ root: repo.root, runChecks: false });
    const warm = await validate({ root: repo.root, runChecks: false });
    expect(warm).toEqual(without);
  });
});

describe('the whole-run cache', () => {
  const run = (repo: TempRepo) => runSdd(['validate', '--format', 'json', '--no-checks'], { cwd: repo.root, isTTY: true });

  it('replays an unchanged run, and runs again when a task list changes', async () => {
    const repo = await cached(specKitRepo());
    const first = await run(repo);
    const second = await run(repo);
    expect(second.stderr).toContain(REPLAYED);
    expect(second.stdout).toBe(first.stdout);
    repo.write(SPEC_KIT_TASKS, readFileSync(path.join(repo.root, SPEC_KIT_TASKS), 'utf8').replace('- [x] T012', '- [ ] T012'));
    const third = await run(repo);
    expect(third.stderr).not.toContain(REPLAYED);
    expect(json(third).taskLists?.[0]?.tasks.find((task) => task.id === 'T012')?.verdict).toBe('open');
  });

  it('runs again when a file a task names appears, though git ignores it', async () => {
    const repo = await cached(specKitRepo({ skip: ['docs/auth.md'] }));
    repo.write('.gitignore', 'node_modules/\ndocs/\n');
    repo.commit('ignore docs');
    const first = await run(repo);
    expect(json(first).taskLists?.[0]?.tasks.find((task) => task.id === 'T011')?.verdict).toBe('refuted');
    expect((await run(repo)).stderr).toContain(REPLAYED);
    repo.write('docs/auth.md', '# Signing in\n');
    const again = await run(repo);
    expect(again.stderr).not.toContain(REPLAYED);
  });

  it('runs again when a branch named like a feature appears', async () => {
    const repo = await cached(specKitRepo());
    await run(repo);
    expect((await run(repo)).stderr).toContain(REPLAYED);
    repo.git('branch', '-q', 'another-branch');
    expect((await run(repo)).stderr).not.toContain(REPLAYED);
  });
});
