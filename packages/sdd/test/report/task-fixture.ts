import { withTaskLists } from '../../src/compare/tasks.js';
import { summarize } from '../../src/compare/summary.js';
import { ValidateResultSchema, type Finding, type TaskComparison, type TaskFile, type TaskListResult, type ValidateResult } from '../../src/model/index.js';

/**
 * A result with a spec-kit feature and an archived OpenSpec change: every verdict
 * (confirmed, refuted, unverified, open), every file role, a change with a branch and one
 * with an archive commit, unmentioned files, and hostile strings from the task lists
 * (`<script>`, `|`, `%`, control characters). Lists are out of order: reports sort them.
 */

const SPEC_KIT = 'specs/001-user-auth/tasks.md';
const OPENSPEC = 'openspec/changes/archive/2026-01-20-add-logout/tasks.md';

function file(named: string, role: TaskFile['role'], state: Partial<TaskFile>): TaskFile {
  return { named, path: named, role, exists: null, actual: null, ok: null, note: null, ...state };
}

function task(tasksFile: string, line: number, id: string | null, text: string, verdict: TaskComparison['verdict'], reason: string, files: TaskFile[] = [], extra: Partial<TaskComparison> = {}): TaskComparison {
  return {
    id,
    checked: verdict !== 'open',
    text,
    markers: [],
    phase: null,
    location: { file: tasksFile, line, column: 1, endLine: line, endColumn: 40 },
    testTask: false,
    verdict,
    reason,
    files,
    ...extra,
  };
}

function finding(ruleId: string, severity: Finding['severity'], message: string, tasksFile: string, line: number, data?: Record<string, unknown>): Finding {
  return { ruleId, severity, message, location: { file: tasksFile, line }, spec: tasksFile, ...(data ? { data } : {}) };
}

const specKitTasks: TaskComparison[] = [
  task(SPEC_KIT, 20, 'T007', 'Create User model in backend/src/models/user.py', 'confirmed', '`backend/src/models/user.py` added', [file('backend/src/models/user.py', 'changed', { exists: true, actual: 'added', ok: true })], { markers: ['P', 'US1'], phase: 'Phase 3: User Story 1' }),
  task(SPEC_KIT, 14, 'T003', 'Remove the legacy backend/src/auth_stub.py', 'confirmed', '`backend/src/auth_stub.py` is gone', [file('backend/src/auth_stub.py', 'removed', { exists: false, actual: 'deleted', ok: true })]),
  task(SPEC_KIT, 21, 'T008', 'Implement AuthService in backend/src/services/auth.py using src/models/user.py', 'refuted', '`backend/src/services/auth.py` does not exist', [
    file('backend/src/services/auth.py', 'changed', { exists: false, actual: 'untouched', ok: false }),
    file('src/models/user.py', 'mentioned', { path: 'backend/src/models/user.py', exists: true, actual: 'added', note: 'read as backend/src/models/user.py' }),
  ], { markers: ['US1'] }),
  task(SPEC_KIT, 18, 'T005', 'Contract test for POST /login in backend/tests/contract/test_login.py', 'confirmed', '`backend/tests/contract/test_login.py` added', [file('backend/tests/contract/test_login.py', 'test', { exists: true, actual: 'added', ok: true })], { testTask: true }),
  task(SPEC_KIT, 12, 'T001', 'Create project structure per implementation plan', 'unverified', 'names no file'),
  task(SPEC_KIT, 30, 'T012', 'Run quickstart.md validation <script>alert(1)</script> | 100% \u0007', 'open', 'not ticked: nothing is claimed'),
  task(SPEC_KIT, 22, null, 'Update docs/auth.md - N/A', 'unverified', 'ticked, but its text says "N/A": not judged', [file('docs/auth.md', 'changed', { exists: true, actual: 'untouched' })]),
];

const specKit: TaskListResult = {
  layout: 'spec-kit',
  id: '001-user-auth',
  dir: 'specs/001-user-auth',
  tasksFile: SPEC_KIT,
  title: 'Tasks: User authentication',
  archived: null,
  change: {
    source: 'folder-span',
    base: null,
    branch: { name: '001-user-auth', ref: 'refs/heads/001-user-auth', tip: 'c'.repeat(40), onHistory: true, current: true },
    commits: ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)],
    folderCommits: ['a'.repeat(40), 'c'.repeat(40)],
    sharedCommits: [],
    archiveCommit: null,
    includesWorkingTree: true,
  },
  tasks: specKitTasks,
  unmentioned: [
    { path: 'backend/src/api/zz_admin.py', actual: 'added' },
    { path: 'backend/src/api/admin|pipe.py', actual: 'modified' },
  ],
  counts: { total: 7, checked: 6, confirmed: 3, refuted: 1, unverified: 2, open: 1 },
  findings: [
    finding('tasks/unmentioned-change', 'warning', 'the change added `backend/src/api/zz_admin.py`, which no task names', SPEC_KIT, 1, { path: 'backend/src/api/zz_admin.py', actual: 'added' }),
    finding('tasks/phantom-completion', 'error', 'T008 is ticked as done, but `backend/src/services/auth.py` does not exist', SPEC_KIT, 21, { task: 'T008', files: ['backend/src/services/auth.py'] }),
    finding('tasks/unverified', 'info', '2 of 6 ticked tasks name no file sdd can check: T001, line 22', SPEC_KIT, 1),
    finding('tasks/ticked-not-done', 'warning', 'The task at line 22 is ticked, but its text says "N/A"', SPEC_KIT, 22),
    finding('tasks/open-in-done-feature', 'warning', 'T012 is not ticked, but the feature is claimed done (its spec says "Implemented")', SPEC_KIT, 30),
  ],
};

const openSpec: TaskListResult = {
  layout: 'openspec',
  id: 'add-logout',
  dir: 'openspec/changes/archive/2026-01-20-add-logout',
  tasksFile: OPENSPEC,
  title: null,
  archived: '2026-01-20',
  change: {
    source: 'folder-span',
    base: null,
    branch: null,
    commits: ['d'.repeat(40), 'e'.repeat(40)],
    folderCommits: ['d'.repeat(40), 'e'.repeat(40)],
    sharedCommits: ['e'.repeat(40)],
    archiveCommit: 'e'.repeat(40),
    includesWorkingTree: false,
  },
  tasks: [
    task(OPENSPEC, 2, '1.1', 'Add the logout handler in internal/auth/logout.go', 'confirmed', '`internal/auth/logout.go` added', [file('internal/auth/logout.go', 'changed', { exists: true, actual: 'added', ok: true })]),
    task(OPENSPEC, 7, '2.2', 'Write integration tests for the sign-out flow', 'confirmed', 'the change touched 1 test file: `test/integration/signout_test.go`', [], { testTask: true }),
    task(OPENSPEC, 11, '3.1', 'Update docs/api.md with the logout endpoint', 'open', 'not ticked: nothing is claimed', [file('docs/api.md', 'changed', { exists: true, actual: 'modified' })]),
  ],
  unmentioned: [],
  counts: { total: 3, checked: 2, confirmed: 2, refuted: 0, unverified: 0, open: 1 },
  findings: [finding('tasks/open-in-archive', 'warning', '3.1 is not ticked, but the change was archived on 2026-01-20', OPENSPEC, 11, { task: '3.1' })],
};

/** Task lists alone: a repository that uses spec-kit and OpenSpec, no sdd specs. */
export const taskFixture: ValidateResult = withTaskLists(
  ValidateResultSchema.parse({ schemaVersion: 2, tool: { name: 'sdd', version: '0.1.0' }, findings: [], specs: [], summary: summarize([], []), exitCode: 0 }),
  [openSpec, specKit],
);
