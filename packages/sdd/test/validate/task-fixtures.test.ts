import { afterEach, describe, expect, it } from 'vitest';
import type { TaskListResult, ValidateResult } from '../../src/model/index.js';
import { validate } from '../../src/validate.js';
import { runSdd } from '../support/cli.js';
import type { TempRepo } from '../support/repo.js';
import { OPENSPEC_ARCHIVED_TASKS, OPENSPEC_TASKS, SPEC_KIT_TASKS, fixtureText, openSpecRepo, specKitRepo } from '../support/task-repos.js';

// The fixture repositories end to end: a true spec-kit feature and a true OpenSpec change
// pass; the same with a phantom completion fails at the task's line; a file no task names,
// an open task in an archived change or in a done feature are warnings.

const repos: TempRepo[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) repo.dispose();
});
async function track(repo: Promise<TempRepo>): Promise<TempRepo> {
  const built = await repo;
  repos.push(built);
  return built;
}

async function run(repo: TempRepo, options: { base?: string; strict?: boolean; specs?: string[] } = {}): Promise<ValidateResult> {
  return validate({ root: repo.root, cache: false, runChecks: false, ...options });
}

function only(result: ValidateResult): TaskListResult {
  expect(result.taskLists).toHaveLength(1);
  return result.taskLists?.[0] as TaskListResult;
}

const verdicts = (list: TaskListResult) => Object.fromEntries(list.tasks.map((task) => [task.id, task.verdict]));
const rules = (list: TaskListResult) => list.findings.map((finding) => `${finding.ruleId}@${finding.location?.line ?? 0}`);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('a spec-kit feature', () => {
  it('that is true passes: every task that names a file it changes is confirmed', async () => {
    const repo = await track(specKitRepo());
    const result = await run(repo);
    const list = only(result);
    expect(list.layout).toBe('spec-kit');
    expect(list.id).toBe('001-user-auth');
    expect(list.title).toBe('Tasks: User authentication');
    expect(verdicts(list)).toEqual({
      T001: 'unverified',
      T002: 'confirmed',
      T003: 'confirmed',
      T004: 'confirmed',
      T005: 'confirmed',
      T006: 'confirmed',
      T007: 'confirmed',
      T008: 'confirmed',
      T009: 'confirmed',
      T009a: 'unverified',
      T010: 'unverified',
      T011: 'confirmed',
      T012: 'unverified',
    });
    expect(list.change?.source).toBe('folder-span');
    expect(list.unmentioned).toEqual([]);
    expect(rules(list)).toEqual(['tasks/unverified@1']);
    expect(result.exitCode).toBe(0);
    expect(result.summary.tasks).toEqual({ lists: 1, total: 13, checked: 13, confirmed: 9, refuted: 0, unverified: 4, open: 0 });
  });

  it('shows the evidence of each verdict: the files, what git says, how a name was read', async () => {
    const repo = await track(specKitRepo());
    const list = only(await run(repo));
    const task = (id: string) => list.tasks.find((one) => one.id === id);
    expect(task('T003')?.files).toEqual([expect.objectContaining({ named: 'backend/src/auth_stub.py', role: 'removed', exists: false, actual: 'deleted', ok: true })]);
    expect(task('T004')?.files).toEqual([expect.objectContaining({ named: 'contracts/auth.yaml', path: 'specs/001-user-auth/contracts/auth.yaml', role: 'changed', actual: 'added', ok: true })]);
    expect(task('T005')?.testTask).toBe(true);
    expect(task('T005')?.files[0]?.role).toBe('test');
    expect(task('T008')?.files.map((file) => [file.named, file.role])).toEqual([
      ['backend/src/services/auth.py', 'changed'],
      ['backend/src/models/user.py', 'mentioned'],
    ]);
    expect(task('T010')?.reason).toContain('names only files it does not change');
    expect(task('T002')?.reason).toBe('`backend/requirements.txt` modified');
  });

  it('with a phantom completion (a ticked task whose file was never written) fails at the task’s line', async () => {
    const repo = await track(specKitRepo({ skip: ['backend/src/services/auth.py'] }));
    const result = await run(repo);
    const list = only(result);
    expect(list.tasks.find((task) => task.id === 'T008')?.verdict).toBe('refuted');
    const line = lineOf(fixtureText('spec-kit', SPEC_KIT_TASKS), 'T008');
    const phantom = list.findings.find((finding) => finding.ruleId === 'tasks/phantom-completion');
    expect(phantom).toMatchObject({ severity: 'error', location: { file: SPEC_KIT_TASKS, line } });
    expect(phantom?.message).toBe('T008 is ticked as done, but `backend/src/services/auth.py` does not exist');
    expect(result.exitCode).toBe(1);
  });

  it('with a ticked task whose file the change never touched fails at its line', async () => {
    const repo = await track(specKitRepo({ untouched: ['docs/auth.md'] }));
    const list = only(await run(repo));
    expect(list.tasks.find((task) => task.id === 'T011')).toMatchObject({ verdict: 'refuted', reason: 'the change did not touch `docs/auth.md`' });
    expect(rules(list)).toContain(`tasks/phantom-completion@${lineOf(fixtureText('spec-kit', SPEC_KIT_TASKS), 'T011')}`);
  });

  it('with a file the change touched that no task names warns, at the task list', async () => {
    const repo = await track(specKitRepo({ extra: { 'backend/src/api/admin.py': 'ADMIN = True\n', 'backend/poetry.lock': '# lock\n' } }));
    const result = await run(repo);
    const list = only(result);
    expect(list.unmentioned).toEqual([{ path: 'backend/src/api/admin.py', actual: 'added' }]);
    expect(list.findings.find((finding) => finding.ruleId === 'tasks/unmentioned-change')).toMatchObject({
      severity: 'warning',
      message: 'the change added `backend/src/api/admin.py`, which no task names',
      location: { file: SPEC_KIT_TASKS, line: 1 },
    });
    expect(result.exitCode).toBe(0);
  });

  it('with an open task in a feature whose spec says it is done warns at that task', async () => {
    const repo = await track(specKitRepo({ open: ['T012'] }));
    const list = only(await run(repo));
    expect(list.tasks.find((task) => task.id === 'T012')?.verdict).toBe('open');
    const open = list.findings.find((finding) => finding.ruleId === 'tasks/open-in-done-feature');
    expect(open).toMatchObject({ severity: 'warning', location: { line: lineOf(fixtureText('spec-kit', SPEC_KIT_TASKS), 'T012') } });
    expect(open?.message).toContain('its spec says "Implemented"');
  });

  it('is judged on its branch before the merge, working tree included', async () => {
    const repo = await track(specKitRepo({ merge: false }));
    repo.write('backend/src/api/health.py', 'OK = True\n');
    const list = only(await run(repo));
    expect(list.change?.branch).toMatchObject({ name: '001-user-auth', current: true, onHistory: true });
    expect(list.change?.includesWorkingTree).toBe(true);
    expect(list.unmentioned).toEqual([{ path: 'backend/src/api/health.py', actual: 'added' }]);
    expect(list.counts.refuted).toBe(0);
  });
});

describe('an OpenSpec change', () => {
  it('that is true passes, active or archived', async () => {
    for (const archive of [false, true]) {
      const repo = await track(openSpecRepo({ archive }));
      const result = await run(repo);
      const list = only(result);
      expect(list.layout).toBe('openspec');
      expect(list.id).toBe('add-logout');
      expect(list.tasksFile).toBe(archive ? OPENSPEC_ARCHIVED_TASKS : OPENSPEC_TASKS);
      expect(list.archived).toBe(archive ? '2026-01-20' : null);
      expect(verdicts(list)).toEqual({ '1.1': 'confirmed', '1.2': 'confirmed', '1.3': 'confirmed', '2.1': 'confirmed', '2.2': 'confirmed', '3.1': 'confirmed', '3.2': 'unverified' });
      expect(list.unmentioned).toEqual([]);
      expect(result.exitCode).toBe(0);
      if (archive) expect(list.change?.archiveCommit).toBe(list.change?.commits.at(-1));
    }
  });

  it('with a phantom completion fails at the task’s line', async () => {
    const repo = await track(openSpecRepo({ skip: ['internal/server/routes.go'], archive: true }));
    const result = await run(repo);
    const list = only(result);
    expect(list.findings.filter((finding) => finding.severity === 'error')).toEqual([
      expect.objectContaining({
        ruleId: 'tasks/phantom-completion',
        message: '1.2 is ticked as done, but `internal/server/routes.go` does not exist',
        location: expect.objectContaining({ file: OPENSPEC_ARCHIVED_TASKS, line: lineOf(fixtureText('openspec', OPENSPEC_TASKS), '1.2') }),
      }),
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('archived with an open task warns at that task', async () => {
    const repo = await track(openSpecRepo({ archive: true, open: ['3.1'] }));
    const list = only(await run(repo));
    expect(list.findings.find((finding) => finding.ruleId === 'tasks/open-in-archive')).toMatchObject({
      severity: 'warning',
      message: '3.1 is not ticked, but the change was archived on 2026-01-20',
      location: { line: lineOf(fixtureText('openspec', OPENSPEC_TASKS), '3.1') },
    });
  });

  it('still active with an open task is in progress: nothing to report', async () => {
    const repo = await track(openSpecRepo({ open: ['3.1'] }));
    expect(rules(only(await run(repo))).filter((rule) => rule.startsWith('tasks/open'))).toEqual([]);
  });

  it('judges a test-writing task that names no test file on the test files the change touched', async () => {
    const kept = await track(openSpecRepo({ skip: ['test/integration/signout_test.go'] }));
    expect(only(await run(kept)).tasks.find((task) => task.id === '2.2')).toMatchObject({ verdict: 'confirmed', reason: 'the change touched 1 test file: `internal/auth/logout_test.go`' });
    const none = await track(openSpecRepo({ skip: ['test/integration/signout_test.go', 'internal/auth/logout_test.go'] }));
    const list = only(await run(none));
    expect(list.tasks.find((task) => task.id === '2.2')).toMatchObject({ verdict: 'refuted', reason: 'a test-writing task, and the change touched no test file' });
    expect(list.tasks.find((task) => task.id === '2.1')?.verdict).toBe('refuted');
  });
});

describe('the command line', () => {
  it('prints each task’s claim, verdict and evidence, and exits 1 on a phantom completion', async () => {
    const repo = await track(specKitRepo({ skip: ['backend/src/services/auth.py'] }));
    const out = await runSdd(['validate', '--no-cache', '--no-checks'], { cwd: repo.root });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Tasks: User authentication  specs/001-user-auth/tasks.md  (spec-kit feature 001-user-auth)');
    expect(out.stdout).toMatch(/T008 {5}\[x\] → refuted {5}Implement AuthService in backend\/src\/services\/auth\.py using backend\/src\/models\/user\.py\n {8}`backend\/src\/services\/auth\.py` does not exist/);
    expect(out.stdout).toContain('T007     [x] → confirmed   Create User model in backend/src/models/user.py');
    expect(out.stdout).toMatch(/1 task list · 13 tasks: 13 ticked \(8 confirmed, 1 refuted, 4 unverified\), 0 open · 1 error/);
    // sdd's own folders are not expected in a spec-kit repository.
    expect(out.stdout).not.toContain('discover/missing-folder');
  });

  it('selects a feature or change with --spec, by id, number or folder, and refuses one that names nothing', async () => {
    const repo = await track(specKitRepo());
    for (const filter of ['001-user-auth', '1', 'specs/001-user-auth']) {
      const out = await runSdd(['validate', '--no-cache', '--no-checks', '--format', 'json', '--spec', filter], { cwd: repo.root });
      expect(out.code).toBe(0);
      expect((JSON.parse(out.stdout) as ValidateResult).taskLists?.map((list) => list.id)).toEqual(['001-user-auth']);
    }
    const none = await runSdd(['validate', '--no-cache', '--spec', '002-other'], { cwd: repo.root });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no spec, feature or change matches "002-other"');
  });

  it('judges a feature against --base when the range touched its folder', async () => {
    const repo = await track(specKitRepo());
    const base = repo.git('rev-parse', 'HEAD~1').trim();
    const list = only(await run(repo, { base }));
    expect(list.change).toMatchObject({ source: 'base-range', base });
    expect(list.counts.refuted).toBe(0);
  });

  it('lists its rules with their default severities', async () => {
    const out = await runSdd(['rules'], { cwd: process.cwd() });
    for (const [rule, severity] of [
      ['tasks/phantom-completion', 'error'],
      ['tasks/unmentioned-change', 'warning'],
      ['tasks/open-in-archive', 'warning'],
      ['tasks/open-in-done-feature', 'warning'],
      ['tasks/ticked-not-done', 'warning'],
      ['tasks/open-subtask', 'warning'],
      ['tasks/no-history', 'warning'],
      ['tasks/unverified', 'info'],
      ['tasks/no-tasks', 'warning'],
      ['tasks/duplicate-id', 'warning'],
      ['tasks/unknown-checkbox', 'warning'],
    ]) {
      expect(out.stdout).toMatch(new RegExp(`${rule}\\s+${severity}`));
    }
  });
});
