import { z } from 'zod';
import { FindingSchema } from './finding.js';
import { SourceLocationSchema } from './location.js';

/**
 * Task lists: the claims spec-kit features (`specs/NNN-feature/tasks.md`)
 * and OpenSpec changes (`openspec/changes/<id>/tasks.md`) keep. A ticked box
 * is a claim like a Pass in a provenance record; these are the shapes the
 * discover, parse and compare stages hand on for them.
 */

// ---------------------------------------------------------------- discover

export const TaskLayoutSchema = z.enum(['spec-kit', 'openspec']);
export type TaskLayout = z.infer<typeof TaskLayoutSchema>;

/** One spec-kit feature or OpenSpec change that holds a task list. */
export const TaskSourceSchema = z.object({
  layout: TaskLayoutSchema,
  /** The feature folder's name (`001-user-auth`), or the change's id (`add-logout`, without an archive date). */
  id: z.string(),
  /** Repository-relative folder: `specs/001-user-auth`, `openspec/changes/archive/2025-01-02-add-logout`. */
  dir: z.string(),
  /** The root it was found under (`specs`, `openspec`). */
  root: z.string(),
  tasksFile: z.string(),
  /** spec-kit: `spec.md`, when the feature has one (its Status says whether the feature is claimed done). */
  specFile: z.string().nullable(),
  /** OpenSpec: the archive date (`2025-01-02`) of an archived change; null when active or for spec-kit. */
  archived: z.string().nullable(),
  /** OpenSpec: the folder the change had before it was archived (`openspec/changes/add-logout`). */
  activeDir: z.string().nullable(),
});
export type TaskSource = z.infer<typeof TaskSourceSchema>;

// ---------------------------------------------------------------- parse

/** A file a task names, as the task writes it; `start`/`end` index the task's markdown. */
export const NamedFileSchema = z.object({
  /** As written (`src/models/user.py`, `grocery-row.tsx`, `src/a.py:12-30`). */
  text: z.string(),
  /** The path part: no line suffix, no `./`, no trailing punctuation. */
  path: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  backticked: z.boolean(),
});
export type NamedFile = z.infer<typeof NamedFileSchema>;

export const TaskSchema = z.object({
  /** `T012`, `1.2`, `T-006`; null when the task has none. */
  id: z.string().nullable(),
  checked: z.boolean(),
  /** Plain text after the id and markers, sub-items that are not tasks included. */
  text: z.string(),
  /** The same as markdown (backticks kept): what `named` indexes. */
  markdown: z.string(),
  /** `[P]`, `[US1]` … without brackets. */
  markers: z.array(z.string()),
  /** The heading the task stands under (`Phase 3: User Story 1 …`, `2. Integration`). */
  phase: z.string().nullable(),
  /** Line of the enclosing task, for a sub-task. */
  parentLine: z.number().int().nullable(),
  named: z.array(NamedFileSchema),
  location: SourceLocationSchema,
});
export type Task = z.infer<typeof TaskSchema>;

export const TaskListDocumentSchema = z.object({
  kind: z.literal('tasks'),
  file: z.string(),
  /** The first level-1 heading (`Tasks: User authentication`). */
  title: z.string().nullable(),
  tasks: z.array(TaskSchema),
});
export type TaskListDocument = z.infer<typeof TaskListDocumentSchema>;

// ---------------------------------------------------------------- compare

/** The change a feature or change describes. */
export const TaskChangeSchema = z.object({
  /**
   * folder-span: the commits from the first that touched the folder to the last (or to the archive
   * move, or to the feature branch's tip); base-range: everything after `--base`; working-tree: the
   * folder is new and uncommitted; none: not found.
   */
  source: z.enum(['folder-span', 'base-range', 'working-tree', 'none']),
  base: z.string().nullable(),
  /** The spec-kit feature branch found by name, and where its tip is. */
  branch: z.object({ name: z.string(), ref: z.string(), tip: z.string(), onHistory: z.boolean(), current: z.boolean() }).nullable(),
  /** Every commit of the change, oldest first. */
  commits: z.array(z.string()),
  /** Those that touched the folder. */
  folderCommits: z.array(z.string()),
  /** Of those, the ones that also touched another feature's or change's folder: they confirm tasks, their other files are not reported. */
  sharedCommits: z.array(z.string()),
  /** OpenSpec: the commit that moved the change into the archive. */
  archiveCommit: z.string().nullable(),
  includesWorkingTree: z.boolean(),
});
export type TaskChange = z.infer<typeof TaskChangeSchema>;

export const TaskFileRoleSchema = z.enum([
  /** The task changes it (creates, modifies): it must exist and be touched by the change. */
  'changed',
  /** The task deletes it: it must be gone. */
  'removed',
  /** A test file a test-writing task names: judged like `changed`. */
  'test',
  /** Named, but not as something the task changes (read, imported from, left alone): not judged. */
  'mentioned',
]);
export type TaskFileRole = z.infer<typeof TaskFileRoleSchema>;

export const TaskFileSchema = z.object({
  /** As the task writes it. */
  named: z.string(),
  /** Repository-relative path it resolves to; null when it resolves to nothing checkable. */
  path: z.string().nullable(),
  role: TaskFileRoleSchema,
  /** Whether it was there when the change ended (now, when the change reaches the working tree or is not known); null when not looked up. */
  exists: z.boolean().nullable(),
  /** What the change did to it; null without git facts or when not looked up. */
  actual: z.enum(['added', 'modified', 'deleted', 'renamed', 'untouched']).nullable(),
  /** true: as the task says; false: refutes the task; null: not judged. */
  ok: z.boolean().nullable(),
  /** How it was resolved or why it is not judged (`resolved from src/x.py`, `leaves the repository`). */
  note: z.string().nullable(),
});
export type TaskFile = z.infer<typeof TaskFileSchema>;

export const TaskVerdictSchema = z.enum([
  /** Ticked, and every file it changes was changed by the change as it says. */
  'confirmed',
  /** Ticked, and a file it changes is missing, untouched or still present: a phantom completion. */
  'refuted',
  /** Ticked, and it names nothing sdd can check. */
  'unverified',
  /** Not ticked: nothing is claimed. */
  'open',
]);
export type TaskVerdict = z.infer<typeof TaskVerdictSchema>;

export const TaskComparisonSchema = z.object({
  id: z.string().nullable(),
  checked: z.boolean(),
  text: z.string(),
  markers: z.array(z.string()),
  phase: z.string().nullable(),
  location: SourceLocationSchema,
  /** A task that writes tests: judged on test files. */
  testTask: z.boolean(),
  verdict: TaskVerdictSchema,
  /** The evidence in one sentence. */
  reason: z.string(),
  files: z.array(TaskFileSchema),
});
export type TaskComparison = z.infer<typeof TaskComparisonSchema>;

export const TaskCountsSchema = z.object({
  total: z.number().int(),
  checked: z.number().int(),
  confirmed: z.number().int(),
  refuted: z.number().int(),
  unverified: z.number().int(),
  open: z.number().int(),
});
export type TaskCounts = z.infer<typeof TaskCountsSchema>;

export const TaskListResultSchema = z.object({
  layout: TaskLayoutSchema,
  id: z.string(),
  dir: z.string(),
  tasksFile: z.string(),
  title: z.string().nullable(),
  /** OpenSpec: the archive date; null when active (or spec-kit). */
  archived: z.string().nullable(),
  change: TaskChangeSchema.nullable(),
  tasks: z.array(TaskComparisonSchema),
  /** Files the change touched that no task names (after the layout's own files and the ignore list). */
  unmentioned: z.array(z.object({ path: z.string(), actual: z.enum(['added', 'modified', 'deleted', 'renamed']) })),
  counts: TaskCountsSchema,
  /** Findings about this task list, sorted by file, line, rule. */
  findings: z.array(FindingSchema),
});
export type TaskListResult = z.infer<typeof TaskListResultSchema>;

export const TaskSummarySchema = TaskCountsSchema.extend({ lists: z.number().int() });
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

// ---------------------------------------------------------------- configuration

/** Changed files no task needs to name: lockfiles, generated output, files the tools themselves keep. */
export const DEFAULT_TASK_IGNORE = [
  '**/package-lock.json',
  '**/npm-shrinkwrap.json',
  '**/pnpm-lock.yaml',
  '**/yarn.lock',
  '**/bun.lock',
  '**/bun.lockb',
  '**/Cargo.lock',
  '**/poetry.lock',
  '**/uv.lock',
  '**/Pipfile.lock',
  '**/Gemfile.lock',
  '**/composer.lock',
  '**/go.sum',
  '**/mix.lock',
  '**/pubspec.lock',
  '**/Package.resolved',
  '**/packages.lock.json',
  '**/flake.lock',
  '**/gradle.lockfile',
  '**/.terraform.lock.hcl',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/__snapshots__/**',
  '**/*.snap',
  '**/*.min.js',
  '**/*.min.css',
  '**/*.map',
  '**/*.generated.*',
  // The tools' own files: spec-kit's and OpenSpec's commands and skills for each agent, release notes in the making.
  '**/speckit.*',
  '**/speckit-*/**',
  '**/commands/openspec/**',
  '**/commands/opsx/**',
  '**/openspec-*/**',
  '.changeset/**',
  // Agent context files, which spec-kit's plan step rewrites for every feature.
  'CLAUDE.md',
  'AGENTS.md',
  'GEMINI.md',
  'QWEN.md',
  '.github/copilot-instructions.md',
];

/** Test files: what a test-writing task is judged on. */
export const DEFAULT_TEST_FILES = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/spec/**',
  '**/e2e/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/*_test.*',
  '**/*_spec.*',
  '**/test_*.*',
  '**/*Test.*',
  '**/*Tests.*',
  '**/*IT.*',
];

export const TasksConfigSchema = z
  .object({
    specKit: z
      .array(z.string())
      .default(['specs'])
      .describe('Folders holding spec-kit features (`<folder>/NNN-feature/tasks.md`), relative to the repository root; `[]` reads none.'),
    openSpec: z
      .array(z.string())
      .default(['openspec'])
      .describe('Folders holding an OpenSpec tree (`<folder>/changes/<id>/tasks.md`), relative to the repository root; `[]` reads none.'),
    ignore: z
      .array(z.string())
      .default(DEFAULT_TASK_IGNORE)
      .describe('Globs of changed files that no task needs to name. Setting it replaces the defaults.'),
    testFiles: z.array(z.string()).default(DEFAULT_TEST_FILES).describe('Globs of test files. Setting it replaces the defaults.'),
  })
  .strict();
export type TasksConfig = z.infer<typeof TasksConfigSchema>;
