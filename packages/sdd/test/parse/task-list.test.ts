import { describe, expect, it } from 'vitest';
import { parseTaskList, specSaysDone } from '../../src/parse/index.js';

// tasks.md → claims: the variety of real task lists (spec-kit's and OpenSpec's templates,
// and lists written by hand or in other languages).

const FILE = 'specs/001-demo/tasks.md';
const parse = (text: string) => parseTaskList(FILE, text);
const tasksOf = (text: string) => parse(text).document?.tasks ?? [];
const rulesOf = (text: string) => parse(text).findings.map((finding) => `${finding.ruleId}@${finding.location?.line}`);

describe('a task', () => {
  it('has an id, its markers, its text, the heading it stands under and its line', () => {
    const [task] = tasksOf('# Tasks: Demo\n\n## Phase 3: User Story 1 - Sign in\n\n- [X] T012 [P] [US1] Create User model in src/models/user.py\n');
    expect(task).toMatchObject({
      id: 'T012',
      checked: true,
      markers: ['P', 'US1'],
      text: 'Create User model in src/models/user.py',
      phase: 'Phase 3: User Story 1 - Sign in',
      parentLine: null,
      location: { file: FILE, line: 5 },
    });
    expect(task?.named.map((file) => file.path)).toEqual(['src/models/user.py']);
    expect(parse('# Tasks: Demo\n\n- [ ] T001 x\n').document?.title).toBe('Tasks: Demo');
  });

  it('reads [x], [X] and [ ] in bulleted and numbered lists', () => {
    expect(tasksOf('- [x] a\n- [X] b\n- [ ] c\n* [x] d\n1. [x] e\n').map((task) => [task.text, task.checked])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', true],
      ['e', true],
    ]);
  });

  it('reads the ids real lists use, and none', () => {
    const text = ['- [x] T001 a', '- [x] T009a b', '- [x] **T-006**: c', '- [x] 1.2 d', '- [x] 2.1.3 e', '- [x] TASK-12 f', '- [x] Create `a.ts`', '- [x] 3.11 support'].join('\n');
    expect(tasksOf(text).map((task) => task.id)).toEqual(['T001', 'T009a', 'T-006', '1.2', '2.1.3', 'TASK-12', null, '3.11']);
    expect(tasksOf('- [x] [link](src/a.ts) first')[0]).toMatchObject({ markers: [], text: 'link first' });
  });

  it('joins continuation lines and plain sub-items to the task; checkbox sub-items are tasks with their parent', () => {
    const tasks = tasksOf(['- [x] 1.1 Create the model', '  in `src/model.ts`', '  - Files: `src/a.ts`, `src/b.ts`', '  - [ ] 1.1a Test it', '- [x] 1.2 Next'].join('\n'));
    expect(tasks.map((task) => [task.id, task.parentLine])).toEqual([
      ['1.1', null],
      ['1.1a', 1],
      ['1.2', null],
    ]);
    expect(tasks[0]?.named.map((file) => file.path)).toEqual(['src/model.ts', 'src/a.ts', 'src/b.ts']);
    expect(tasks[0]?.text).toBe('Create the model in src/model.ts Files: src/a.ts, src/b.ts');
  });

  it('finds tasks under plain list items and in block quotes, not in code or HTML comments', () => {
    const text = ['- Phase 1', '  - [x] T001 a', '> - [x] T002 b', '', '```md', '- [x] T003 c', '```', '', '<!--', '- [x] T004 d', '-->'].join('\n');
    expect(tasksOf(text).map((task) => task.id)).toEqual(['T001', 'T002']);
  });

  it('reads task lists in other languages', () => {
    const [task] = tasksOf('## 1. 实现\n- [x] 1.1 创建 `backend/app/models/__init__.py`（`AppBaseModel`）\n');
    expect(task).toMatchObject({ id: '1.1', phase: '1. 实现', checked: true });
    expect(task?.named.map((file) => file.path)).toEqual(['backend/app/models/__init__.py']);
  });
});

describe('structure findings', () => {
  it('a list without a checkbox', () => {
    expect(rulesOf('# Tasks\n\n1. Do this\n2. Do that\n')).toEqual(['tasks/no-tasks@1']);
    expect(rulesOf('- [ ] T001 a\n')).toEqual([]);
  });

  it('an id used twice, at the second', () => {
    expect(rulesOf('- [x] T001 a\n- [x] T002 b\n- [ ] T001 c\n')).toEqual(['tasks/duplicate-id@3']);
  });

  it('an item written like a checkbox that is not one, read as open', () => {
    const text = ['- [~] T001 in progress', '- [-] T002 dropped', '- [ x ] T003 spaced', '- [] T004 empty', '- [✓] T005 tick', '- [x]T006 no space', '- [P] a marker', '- [link](a.md) a link', '- [x] T007 fine'].join('\n');
    expect(rulesOf(text)).toEqual(['tasks/unknown-checkbox@1', 'tasks/unknown-checkbox@2', 'tasks/unknown-checkbox@3', 'tasks/unknown-checkbox@4', 'tasks/unknown-checkbox@5', 'tasks/unknown-checkbox@6']);
    expect(tasksOf(text).map((task) => task.id)).toEqual(['T007']);
  });

  it('bad input is reported, never a crash', () => {
    expect(parse('').document).toBeNull();
    expect(rulesOf('')).toEqual(['parse/empty@1']);
    expect(rulesOf('---\nbad: [\n---\n- [x] T001 a\n')).toContain('parse/front-matter@2');
    expect(tasksOf('---\nbad: [\n---\n- [x] T001 a\n').map((task) => task.id)).toEqual(['T001']);
  });
});

describe('specSaysDone', () => {
  it('reads the Status of a spec-kit spec.md', () => {
    expect(specSaysDone('spec.md', '# Feature Specification: X\n\n**Feature Branch**: `001-x`\n**Status**: Implemented\n\n## User Scenarios\n')).toEqual({ status: 'Implemented', done: true });
    expect(specSaysDone('spec.md', '# X\n\n**Status**: Draft\n')).toEqual({ status: 'Draft', done: false });
    expect(specSaysDone('spec.md', '# X\n\n**Status:** ✅ Complete\n')).toEqual({ status: 'Complete', done: true });
    expect(specSaysDone('spec.md', '# X\n\n## Status\n\n**Status**: Complete\n')).toBeNull();
  });
});
