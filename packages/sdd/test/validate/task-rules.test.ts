import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskListResult, ValidateResult } from '../../src/model/index.js';
import { validate } from '../../src/validate.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// Each task rule: a case that makes it fire and one where it stays quiet; severities from
// the configuration and --strict.

const repos: TempRepo[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) repo.dispose();
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

const TASKS = 'specs/001-demo/tasks.md';

/** A spec-kit feature committed with its implementation in one commit; `files` are written alongside. */
async function feature(tasks: string, options: { files?: Record<string, string>; spec?: string; config?: string } = {}): Promise<TempRepo> {
  const repo = createRepo();
  repos.push(repo);
  repo.write('README.md', 'demo\n');
  repo.write('src/existing.ts', 'export {};\n');
  if (options.config) repo.write('.sdd/config.yaml', options.config);
  repo.commit('initial');
  repo.write('specs/001-demo/spec.md', options.spec ?? '# Feature Specification: Demo\n\n**Status**: Draft\n');
  repo.write(TASKS, tasks);
  for (const [file, text] of Object.entries(options.files ?? {})) repo.write(file, text);
  repo.commit('feature 001-demo');
  return repo;
}

async function list(repo: TempRepo | string, options: { strict?: boolean } = {}): Promise<{ result: ValidateResult; list: TaskListResult }> {
  const result = await validate({ root: typeof repo === 'string' ? repo : repo.root, cache: false, runChecks: false, ...options });
  return { result, list: result.taskLists?.[0] as TaskListResult };
}
const fired = (list: TaskListResult, rule: string) => list.findings.filter((finding) => finding.ruleId === rule).map((finding) => `${finding.severity}@${finding.location?.line}`);

describe('tasks/phantom-completion', () => {
  it('fires on a file that is missing, one the change did not touch, one that should be gone; not on the true claims', async () => {
    const repo = await feature(['- [x] T001 Create `src/new.ts`', '- [x] T002 Create `src/missing.ts`', '- [x] T003 Update `src/existing.ts`', '- [x] T004 Delete `README.md`'].join('\n'), {
      files: { 'src/new.ts': 'export {};\n' },
    });
    const { list: result } = await list(repo);
    expect(result.tasks.map((task) => [task.id, task.verdict])).toEqual([
      ['T001', 'confirmed'],
      ['T002', 'refuted'],
      ['T003', 'refuted'],
      ['T004', 'refuted'],
    ]);
    expect(result.tasks.map((task) => task.reason).slice(1)).toEqual(['`src/missing.ts` does not exist', 'the change did not touch `src/existing.ts`', '`README.md` still exists']);
    expect(fired(result, 'tasks/phantom-completion')).toEqual(['error@2', 'error@3', 'error@4']);
  });

  it('fires on a test-writing task whose change touched no test file', async () => {
    const repo = await feature('- [x] T001 Write unit tests for the parser\n', { files: { 'src/parser.ts': 'export {};\n' } });
    expect(fired((await list(repo)).list, 'tasks/phantom-completion')).toEqual(['error@1']);
    const tested = await feature('- [x] T001 Write unit tests for the parser\n', { files: { 'src/parser.test.ts': 'test;\n' } });
    expect(fired((await list(tested)).list, 'tasks/phantom-completion')).toEqual([]);
  });

  it('without git, judges what the tree shows alone: a file that should be gone refutes; missing and untouched ones are unverified', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-nogit-'));
    folders.push(root);
    await cp(path.join((await feature('- [x] T001 Create `src/missing.ts`\n- [x] T002 Update `src/existing.ts`\n- [x] T003 Delete `README.md`\n')).root), root, {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}.git`),
    });
    const { result, list: judged } = await list(root);
    expect(result.findings.map((finding) => finding.ruleId)).toContain('discover/no-git');
    expect(judged.change).toBeNull();
    expect(judged.tasks.map((task) => task.verdict)).toEqual(['unverified', 'unverified', 'refuted']);
    // Without git's list of paths, a name not found as written may stand elsewhere (a sub-project).
    expect(judged.tasks[0]?.reason).toContain('without git sdd cannot look for it elsewhere');
  });
});

describe('tasks/unverified', () => {
  it('is one info per list, naming the ticked tasks that name nothing checkable', async () => {
    const repo = await feature('- [x] T001 Set up the project\n- [x] T002 Verify `src/existing.ts` exports\n- [ ] T003 Polish\n');
    const { list: result } = await list(repo);
    expect(result.findings.find((finding) => finding.ruleId === 'tasks/unverified')).toMatchObject({ severity: 'info', message: '2 of 2 ticked tasks name no file sdd can check: T001, T002' });
    const none = await feature('- [x] T001 Update `src/existing.ts`\n', { files: { 'src/existing.ts': 'export const a = 1;\n' } });
    expect(fired((await list(none)).list, 'tasks/unverified')).toEqual([]);
  });
});

describe('tasks/ticked-not-done', () => {
  it('fires on a ticked task that says N/A, and such a task is not judged; an error under --strict', async () => {
    const repo = await feature('- [x] T001 Update `src/gone.ts` - N/A (file was deleted)\n- [x] T002 Handle pending requests in `src/existing.ts`\n');
    const { list: result } = await list(repo);
    expect(result.tasks[0]).toMatchObject({ verdict: 'unverified', reason: 'ticked, but its text says "N/A": not judged' });
    expect(fired(result, 'tasks/ticked-not-done')).toEqual(['warning@1']);
    expect(fired((await list(repo, { strict: true })).list, 'tasks/ticked-not-done')).toEqual(['error@1']);
  });
});

describe('tasks/open-subtask', () => {
  it('fires on a ticked task with an unticked sub-task, not on one whose sub-tasks are done', async () => {
    const repo = await feature('- [x] T001 Build the form\n  - [ ] T001a Validate the email\n- [x] T002 Build the list\n  - [x] T002a Sort it\n');
    expect(fired((await list(repo)).list, 'tasks/open-subtask')).toEqual(['warning@1']);
  });
});

describe('tasks/open-in-done-feature', () => {
  it('fires when all but one in ten tasks are ticked, not while the feature is in progress', async () => {
    const many = Array.from({ length: 10 }, (_, index) => `- [${index === 9 ? ' ' : 'x'}] T00${index} Step ${index}`).join('\n');
    expect(fired((await list(await feature(`${many}\n`))).list, 'tasks/open-in-done-feature')).toEqual(['warning@10']);
    const half = Array.from({ length: 10 }, (_, index) => `- [${index >= 5 ? ' ' : 'x'}] T00${index} Step ${index}`).join('\n');
    expect(fired((await list(await feature(`${half}\n`))).list, 'tasks/open-in-done-feature')).toEqual([]);
  });

  it('fires on every open task when the spec says the feature is done, unless the task says it was dropped', async () => {
    const repo = await feature('- [x] T001 a\n- [ ] T002 b\n- [ ] T003 c\n- [ ] T004 d - out of scope\n', { spec: '# Feature Specification: Demo\n\n**Status**: Complete\n' });
    expect(fired((await list(repo)).list, 'tasks/open-in-done-feature')).toEqual(['warning@2', 'warning@3']);
  });
});

describe('tasks/unmentioned-change', () => {
  it('fires per file no task names; lockfiles, generated output and the feature’s folder are not held against it', async () => {
    const repo = await feature('- [x] T001 Create `src/new.ts`\n', {
      files: { 'src/new.ts': 'x\n', 'src/other.ts': 'y\n', 'pnpm-lock.yaml': 'lock\n', 'dist/app.js': 'z\n', 'specs/001-demo/plan.md': '# Plan\n' },
    });
    const { list: result } = await list(repo);
    expect(result.unmentioned).toEqual([{ path: 'src/other.ts', actual: 'added' }]);
    expect(fired(result, 'tasks/unmentioned-change')).toEqual(['warning@1']);
  });

  it('follows the configured ignore list and rule severity', async () => {
    const config = 'version: 1\ntasks:\n  ignore: ["src/other.ts"]\nrules:\n  tasks/unverified: off\n';
    const repo = await feature('- [x] T001 Create `src/new.ts`\n- [x] T002 Polish\n', { files: { 'src/new.ts': 'x\n', 'src/other.ts': 'y\n', 'pnpm-lock.yaml': 'lock\n' }, config });
    const { list: result } = await list(repo);
    // Setting the list replaces the defaults: the lockfile is now unmentioned.
    expect(result.unmentioned).toEqual([{ path: 'pnpm-lock.yaml', actual: 'added' }]);
    expect(fired(result, 'tasks/unverified')).toEqual([]);
  });
});

describe('tasks/no-history', () => {
  it('fires on a feature git does not track, an error under --strict', async () => {
    const repo = await feature('- [x] T001 Create `src/new.ts`\n', { files: { 'src/new.ts': 'x\n' } });
    await writeFile(path.join(repo.root, '.gitignore'), 'specs/002-hidden/\n');
    repo.write('specs/002-hidden/spec.md', '# Spec\n');
    repo.write('specs/002-hidden/tasks.md', '- [x] T001 Create `src/new.ts`\n');
    const result = await validate({ root: repo.root, cache: false, runChecks: false });
    const hidden = result.taskLists?.find((one) => one.id === '002-hidden') as TaskListResult;
    expect(fired(hidden, 'tasks/no-history')).toEqual(['warning@1']);
    expect(hidden.tasks[0]?.verdict).toBe('unverified');
    const strict = await validate({ root: repo.root, cache: false, runChecks: false, strict: true });
    expect(fired(strict.taskLists?.find((one) => one.id === '002-hidden') as TaskListResult, 'tasks/no-history')).toEqual(['error@1']);
  });
});

describe('structure rules at validate level', () => {
  it('reports no-tasks, duplicate-id and unknown-checkbox in the list’s findings, with their lines', async () => {
    const repo = await feature('- [x] T001 a\n- [~] T002 b\n- [ ] T001 c\n');
    expect(fired((await list(repo)).list, 'tasks/duplicate-id')).toEqual(['warning@3']);
    expect(fired((await list(repo)).list, 'tasks/unknown-checkbox')).toEqual(['warning@2']);
    const empty = await feature('# Tasks\n\nNothing yet.\n');
    expect(fired((await list(empty)).list, 'tasks/no-tasks')).toEqual(['warning@1']);
  });

  it('leaves a repository without these layouts as it was: no task lists in the result', async () => {
    const repo = createRepo();
    repos.push(repo);
    repo.write('README.md', 'x\n');
    repo.commit('initial');
    const result = await validate({ root: repo.root, cache: false, runChecks: false });
    expect(result.taskLists).toBeUndefined();
    expect(result.summary.tasks).toBeUndefined();
    expect(result.findings.map((finding) => finding.ruleId)).toContain('validate/no-specs');
  });
});
