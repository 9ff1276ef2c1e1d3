import { describe, expect, it } from 'vitest';
import { globMatcher, isTestTask, resolveNamed, rolesOf, saysNotDone, suffixIndexOf, type PathResolver } from '../../src/compare/task-claims.js';
import { DEFAULT_TEST_FILES } from '../../src/model/index.js';
import { parseTaskList } from '../../src/parse/index.js';

// What a task's wording claims about the files it names. The sentences are the shapes real
// spec-kit and OpenSpec task lists use (some close to real ones, rewritten).

const isTest = globMatcher(DEFAULT_TEST_FILES);

function roles(line: string): Record<string, string> {
  const task = parseTaskList('tasks.md', `- [x] ${line}\n`).document?.tasks[0];
  if (!task) throw new Error('no task');
  const found = rolesOf(task, isTestTask(task.text), isTest);
  return Object.fromEntries(task.named.map((file, index) => [file.path, found[index] as string]));
}

describe('the role of a named file', () => {
  it.each([
    ['T012 [P] [US1] Create User model in src/models/user.py', { 'src/models/user.py': 'changed' }],
    ['T004 Implement AuthService in `src/auth.py` using `src/models/user.py`', { 'src/auth.py': 'changed', 'src/models/user.py': 'mentioned' }],
    ['Register the route in `internal/server/routes.go`', { 'internal/server/routes.go': 'changed' }],
    ['Update `docs/api.md` with the endpoint, based on `docs/style.md`', { 'docs/api.md': 'changed', 'docs/style.md': 'mentioned' }],
    ['1.3 Import markdown parser from src/core/parsers/markdown-parser.ts', { 'src/core/parsers/markdown-parser.ts': 'mentioned' }],
    ['Capture the scenarios in the change delta without modifying `specs/cli-init/spec.md` directly', { 'specs/cli-init/spec.md': 'mentioned' }],
    ['T010 Verify `.github/workflows/ci.yml` already uses Python 3.11', { '.github/workflows/ci.yml': 'mentioned' }],
    ['Validate save performance < 100ms in backend/tests/integration/test_api.py', { 'backend/tests/integration/test_api.py': 'mentioned' }],
    ['1.1 Delete `apps/mobile/src/lib/mock-data.ts`', { 'apps/mobile/src/lib/mock-data.ts': 'removed' }],
    ['Remove the legacy `src/auth_stub.py` and `src/old.py`', { 'src/auth_stub.py': 'removed', 'src/old.py': 'removed' }],
    ['Remove getUserLocale from server/db/repositories/users.ts', { 'server/db/repositories/users.ts': 'changed' }],
    ['Rename `src/a.ts` to `src/b.ts`', { 'src/a.ts': 'removed', 'src/b.ts': 'changed' }],
    ['Rewrite `src/view-models.ts` → `src/utils.ts`', { 'src/view-models.ts': 'mentioned', 'src/utils.ts': 'changed' }],
    ['Move the type into `apps/mobile/src/context/groceries.tsx`', { 'apps/mobile/src/context/groceries.tsx': 'changed' }],
    ['Update CLAUDE.md or relevant documentation', {}],
    ['Update `CLAUDE.md` or `docs/guide.md`', { 'CLAUDE.md': 'mentioned', 'docs/guide.md': 'mentioned' }],
    ['Add `.gitignore` handling for workspace state', { '.gitignore': 'mentioned' }],
    ['Add `.PHONY` declarations for all targets in `/Makefile`', { '.PHONY': 'mentioned', Makefile: 'changed' }],
    ['Add workspace path helpers for `.openspec-workspace/` and `workspace.yaml`', { '.openspec-workspace/': 'mentioned', 'workspace.yaml': 'mentioned' }],
    ['Add `opsx-update.md` to the managed prompt allowlist', { 'opsx-update.md': 'mentioned' }],
    ['Update `src/cli/index.ts` to remove the call', { 'src/cli/index.ts': 'changed' }],
    ['Update the LLM service to use settings in backend/src/services/llm.py', { 'backend/src/services/llm.py': 'changed' }],
    ['Recover the header (lost at src/core/parser.ts:220-226) by reusing src/core/blocks.ts', { 'src/core/parser.ts': 'mentioned', 'src/core/blocks.ts': 'mentioned' }],
    ['Add an adapter: frontmatter via the shared helpers in `src/core/yaml.ts`', { 'src/core/yaml.ts': 'mentioned' }],
    ['Update README.md table to show "Workflows in .clinerules/workflows/ directory"', { '.clinerules/workflows/': 'mentioned' }],
    ['Update all `src/*` projects', { 'src/*': 'mentioned' }],
    ['Document how .openspec-workspace/ differs', { '.openspec-workspace/': 'changed' }],
    ['Define the token contract in `contracts/auth.yaml`', { 'contracts/auth.yaml': 'changed' }],
    ['Run quickstart.md validation', {}],
    ['Fix headers - FIXED: Added a method (src/security/headers.py:231-312)', { 'src/security/headers.py': 'changed' }],
  ])('%s', (line, expected) => {
    expect(roles(line)).toEqual(expected);
  });

  it('judges test files as tests in a test-writing task, and the file under test as mentioned', () => {
    expect(roles('T010 [P] [US1] Contract test for POST /login in tests/contract/test_login.py')).toEqual({ 'tests/contract/test_login.py': 'test' });
    expect(roles('Write tests for `src/auth.py` in `tests/test_auth.py`')).toEqual({ 'src/auth.py': 'mentioned', 'tests/test_auth.py': 'test' });
    expect(roles('Write tests for shell detection (`test/utils/shell-detection.test.ts`)')).toEqual({ 'test/utils/shell-detection.test.ts': 'test' });
  });

  it('reads Chinese, Japanese, Portuguese and Spanish tasks', () => {
    expect(roles('创建公共基类 `backend/app/models/__init__.py`（`AppBaseModel`）')).toEqual({ 'backend/app/models/__init__.py': 'changed' });
    expect(roles('验证 `backend/app/main.py` 的路由')).toEqual({ 'backend/app/main.py': 'mentioned' });
    expect(roles('更新工程文档：移除对 `src/bundled-modules.json` 的描述')).toEqual({ 'src/bundled-modules.json': 'mentioned' });
    expect(roles('`backend/src/routes/groups.ts` は変更しない（確認のみ）')).toEqual({ 'backend/src/routes/groups.ts': 'mentioned' });
    expect(roles('プロジェクト一覧コンポーネントを作成する in frontend/src/ProjectList.svelte')).toEqual({ 'frontend/src/ProjectList.svelte': 'changed' });
    expect(roles('Criar o modelo em `src/models/user.py`')).toEqual({ 'src/models/user.py': 'changed' });
    expect(roles('Verificar `src/config.py`')).toEqual({ 'src/config.py': 'mentioned' });
  });
});

describe('a test-writing task', () => {
  it.each([
    ['Write tests for shell detection', true],
    ['Add unit tests for logout in `internal/auth/logout_test.go`', true],
    ['Add integration tests for all subcommands', true],
    ['Contract test for POST /login', true],
    ['Unit test for save_message in backend/tests/unit/test_x.py', true],
    ['Integration test for the sign-in journey', true],
    ['Tests for the parser', true],
    ['Test that nix run works', false],
    ['Test local validation script with passing test suite', false],
    ['Add a step to test binary execution', false],
    ['Add next steps instructions (test, commit)', false],
    ['Add coverage badge to README.md', false],
  ])('%s: %s', (text, expected) => {
    expect(isTestTask(text)).toBe(expected);
  });
});

describe('a ticked task that says it was not done', () => {
  const says = (text: string) => saysNotDone({ text, markdown: text });
  it.each([
    ['Update `.github/workflows/x.yml` - N/A (file does not exist)', 'N/A'],
    ['Test QA pipeline time - DEFERRED: measured after push', 'DEFERRED'],
    ['Validate quickstart examples (skipped - requires OPENAI_API_KEY)', 'skipped'],
    ['Prefetch adjacent weeks - Cancelled: not needed for MVP', 'Cancelled'],
    ['~~Add the old endpoint~~', 'struck through'],
  ])('%s', (text, word) => {
    expect(says(text)).toBe(word);
  });
  it.each(['Skip the cache when asked to', 'Handle pending requests in src/queue.ts', 'Add rate limiting (comment/TODO)', 'Add the --skip flag', 'Support cancelled orders'])('%s is a task', (text) => {
    expect(says(text)).toBeNull();
  });
});

describe('resolveNamed', () => {
  const known = ['backend/src/models/user.py', 'backend/src/config.py', 'specs/001-x/contracts/api.yaml', 'a/index.ts', 'b/index.ts', 'src/gone.ts'];
  const resolver = (exists: string[], changed: string[] = []): PathResolver => ({
    exists: (file) => exists.includes(file),
    changed: new Map(changed.map((file) => [file, { path: file, actual: 'modified' as const }])),
    written: new Set(changed),
    knownPaths: known,
    complete: true,
  });
  const index = suffixIndexOf(known);
  const all = resolver(known.filter((file) => file !== 'src/gone.ts'));

  it('reads a path as written, then under the task list’s folder, then as the end of one known path', () => {
    expect(resolveNamed('backend/src/config.py', ['specs/001-x'], all, index)).toMatchObject({ path: 'backend/src/config.py', note: null });
    expect(resolveNamed('contracts/api.yaml', ['specs/001-x'], all, index)).toMatchObject({ path: 'specs/001-x/contracts/api.yaml' });
    expect(resolveNamed('src/models/user.py', ['specs/001-x'], all, index)).toMatchObject({ path: 'backend/src/models/user.py', note: 'read as backend/src/models/user.py' });
    expect(resolveNamed('user.py', ['specs/001-x'], all, index)).toMatchObject({ path: 'backend/src/models/user.py' });
  });

  it('takes the one the change touched among several, and judges none when the change touched none', () => {
    expect(resolveNamed('index.ts', ['f'], resolver(known, ['b/index.ts']), index).path).toBe('b/index.ts');
    expect(resolveNamed('index.ts', ['f'], all, index)).toMatchObject({ path: null, note: '2 paths end with index.ts, none touched by the change: not judged' });
  });

  it('returns a file name that is nowhere as written (the task claims a file that is not there), but not what is no file', () => {
    expect(resolveNamed('src/outcomeTypes.ts', ['f'], all, index)).toMatchObject({ path: 'src/outcomeTypes.ts', note: null });
    expect(resolveNamed('@scope/package', ['f'], all, index).path).toBeNull();
    expect(resolveNamed('.images', ['f'], all, index).path).toBeNull();
    expect(resolveNamed('.PHONY', ['f'], all, index).path).toBeNull();
    expect(resolveNamed('openspec/changes/archive/[date]-x/', ['f'], all, index).path).toBeNull();
    expect(resolveNamed('../outside.ts', ['f'], all, index)).toMatchObject({ path: null, note: 'leaves the repository: not judged' });
  });

  it('without git’s paths, does not claim a name is missing', () => {
    expect(resolveNamed('src/outcomeTypes.ts', ['f'], { ...all, knownPaths: [], complete: false }, suffixIndexOf([])).path).toBeNull();
  });
});
