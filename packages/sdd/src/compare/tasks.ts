import type { BranchRef } from '../discover/git-refs.js';
import { existsAt, historyOf, laterChanges, type GitHistory } from '../discover/git-history.js';
import type {
  Finding,
  GitFacts,
  SddConfig,
  SourceLocation,
  Task,
  TaskChange,
  TaskComparison,
  TaskCounts,
  TaskFile,
  TaskListDocument,
  TaskListResult,
  TaskSource,
  TaskSummary,
  ValidateResult,
} from '../model/index.js';
import { ruleFinding, type RuleId } from '../model/rules.js';
import type { NetChange } from '../discover/record-change.js';
import type { FileLookup } from './artifacts.js';
import { applySeverities, sortFindings } from './severity.js';
import { changeOfTaskSource, type SourceChange } from './task-change.js';
import { globMatcher, isTestTask, resolveNamed, rolesOf, saysNotDone, suffixIndexOf, type PathResolver, type SuffixIndex } from './task-claims.js';

/**
 * spec-kit and OpenSpec task lists against the change each describes: every
 * ticked task confirmed, refuted (a phantom completion) or unverified; open
 * tasks where the feature or change is claimed done; files the change touched
 * that no task names. Pure: git's facts, branches and the working tree's
 * answers come in as data.
 */

export interface TaskListInput {
  source: TaskSource;
  /** Null when the file could not be read or parsed (its findings say why). */
  document: TaskListDocument | null;
  /** Findings of the parse (structure, unreadable input). */
  parseFindings: Finding[];
  /** spec-kit: what the feature's spec.md says of its state. */
  specStatus: { status: string; done: boolean } | null;
}

interface CompareTasksInput {
  lists: TaskListInput[];
  /** Null without git. */
  git: GitFacts | null;
  refs: readonly BranchRef[];
  probe: FileLookup;
  config: SddConfig;
  strict: boolean;
}

export function compareTaskLists(input: CompareTasksInput): TaskListResult[] {
  // Without task lists, nothing below is needed (the paths of a long history are many).
  if (input.lists.length === 0) return [];
  const folders = input.lists.flatMap(({ source }) => (source.activeDir !== null && source.activeDir !== source.dir ? [source.dir, source.activeDir] : [source.dir]));
  const history = input.git ? historyOf(input.git) : null;
  const knownPaths = input.git && history ? [...new Set([...history.paths(), ...input.git.workingTree.map((entry) => entry.path)])] : [];
  const index = suffixIndexOf(knownPaths);
  const isTestFile = globMatcher(input.config.tasks.testFiles);
  const ignored = globMatcher(input.config.tasks.ignore);
  return input.lists
    .map((list) => {
      const change = input.git ? changeOfTaskSource({ facts: input.git, source: list.source, folders, refs: input.refs }) : null;
      return judgeList(list, change, { probe: input.probe, history, knownPaths, index, isTestFile, ignored });
    })
    .map((result) => ({ ...result, findings: sortFindings(applySeverities(result.findings, input.config, input.strict)) }))
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

interface Context {
  probe: FileLookup;
  history: GitHistory | null;
  knownPaths: readonly string[];
  index: SuffixIndex;
  isTestFile: (file: string) => boolean;
  ignored: (file: string) => boolean;
}

function judgeList(list: TaskListInput, change: SourceChange | null, context: Context): TaskListResult {
  const { source, document } = list;
  const findings: Finding[] = [...list.parseFindings.map((finding) => ({ ...finding, spec: source.tasksFile })), ...(change?.findings ?? [])];
  const changed = change?.files ? new Map(change.files.map((file) => [file.path, file])) : null;
  const written = change?.files ? writtenBy(change, context.history) : null;
  const at = endOf(change, context.history);
  const resolver: PathResolver = {
    // A change that ended in history is judged on the tree it left, not on today's: files move on later.
    exists: (file) => (at === null || context.history === null ? context.probe.exists(file) : existsAt(context.history, file, at)),
    changed,
    written,
    knownPaths: context.knownPaths,
    complete: context.history !== null,
  };
  const tasks = document?.tasks ?? [];
  const testFilesTouched = (change?.files ?? []).filter((file) => file.actual !== 'deleted' && context.isTestFile(file.path)).map((file) => file.path);

  const comparisons = tasks.map((task) => judgeTask(task, { source, resolver, context, changeKnown: changed !== null, testFilesTouched, at, written, change: change?.change ?? null }));
  for (const [position, comparison] of comparisons.entries()) {
    const task = tasks[position] as Task;
    findings.push(...taskFindings(task, comparison, source));
    if (task.checked) {
      const open = tasks.filter((other) => !other.checked && other.parentLine === task.location.line);
      if (open.length > 0) {
        findings.push(finding('tasks/open-subtask', `${label(task)} is ticked, but its sub-task${open.length > 1 ? 's' : ''} ${open.map((other) => `at line ${other.location.line}`).join(', ')} ${open.length > 1 ? 'are' : 'is'} not`, task.location, source));
      }
    }
  }
  findings.push(...openTaskFindings(list, tasks));
  const unverified = comparisons.filter((comparison) => comparison.verdict === 'unverified');
  if (unverified.length > 0) {
    const names = unverified.map((comparison) => comparison.id ?? `line ${comparison.location.line}`);
    findings.push(
      finding(
        'tasks/unverified',
        `${unverified.length} of ${comparisons.filter((comparison) => comparison.checked).length} ticked tasks name no file sdd can check: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, and ${names.length - 12} more` : ''}`,
        { file: source.tasksFile, line: 1 },
        source,
        { tasks: names },
      ),
    );
  }
  const unmentioned = unmentionedFiles(source, tasks, comparisons, change, context);
  for (const file of unmentioned) {
    findings.push(
      finding('tasks/unmentioned-change', `the change ${file.actual} \`${file.path}\`, which no task names`, { file: source.tasksFile, line: 1 }, source, { path: file.path, actual: file.actual }),
    );
  }
  return {
    layout: source.layout,
    id: source.id,
    dir: source.dir,
    tasksFile: source.tasksFile,
    title: document?.title ?? null,
    archived: source.archived,
    change: change?.change ?? null,
    tasks: comparisons,
    unmentioned,
    counts: countsOf(comparisons),
    findings,
  };
}

interface TaskContext {
  source: TaskSource;
  resolver: PathResolver;
  context: Context;
  changeKnown: boolean;
  testFilesTouched: string[];
  /** Index of the change's last commit when it ended in history (files are judged as it left them); null: now. */
  at: number | null;
  /** Paths some commit of the change (or the working tree) wrote: added, modified or renamed to. */
  written: ReadonlySet<string> | null;
  change: TaskChange | null;
}

function judgeTask(task: Task, { source, resolver, context, changeKnown, testFilesTouched, at, written, change }: TaskContext): TaskComparison {
  const testTask = isTestTask(task.text);
  const roles = rolesOf(task, testTask, context.isTestFile);
  const folders = source.activeDir !== null && source.activeDir !== source.dir ? [source.dir, source.activeDir] : [source.dir];
  const commitSet = new Set(change?.commits ?? []);
  const files = task.named.map((named, position) => {
    const role = roles[position] ?? 'mentioned';
    // Lockfiles, generated output, agent context files (tasks.ignore) change for reasons of their own: not judged.
    const judgedRole = role !== 'mentioned' && context.ignored(named.path.replace(/^\/+/, '').replace(/\/+$/, '')) ? 'mentioned' : role;
    const file = fileOf(named.path, judgedRole, folders, resolver, context.index, changeKnown, written);
    return file.ok === false ? { ...file, note: laterNote(file, context.history, at, commitSet) ?? file.note } : file;
  });
  const base = { id: task.id, checked: task.checked, text: task.text, markers: task.markers, phase: task.phase, location: task.location, testTask, files };
  if (!task.checked) return { ...base, verdict: 'open', reason: 'not ticked: nothing is claimed' };

  const notDone = saysNotDone(task);
  if (notDone !== null) return { ...base, verdict: 'unverified', reason: `ticked, but its text says "${notDone}": not judged` };
  const judged = files.filter((file) => file.role !== 'mentioned' && file.ok !== null);
  const failing = judged.filter((file) => file.ok === false);
  // A change that ended before HEAD is judged on the tree it left: say so.
  const ended = at !== null && context.history !== null && at < context.history.facts.commits.length - 1;
  if (failing.length > 0) return { ...base, verdict: 'refuted', reason: failing.map((file) => failure(file, ended)).join('; ') };
  if (judged.length > 0) return { ...base, verdict: 'confirmed', reason: judged.map(success).join('; ') };

  const claimed = files.filter((file) => file.role !== 'mentioned');
  if (testTask && claimed.length === 0) {
    if (!changeKnown) return { ...base, verdict: 'unverified', reason: 'a test-writing task that names no test file, and the change cannot be told' };
    if (testFilesTouched.length === 0) return { ...base, verdict: 'refuted', reason: 'a test-writing task, and the change touched no test file' };
    const shown = testFilesTouched.slice(0, 3).map((file) => `\`${file}\``).join(', ');
    return { ...base, verdict: 'confirmed', reason: `the change touched ${testFilesTouched.length} test file${testFilesTouched.length > 1 ? 's' : ''}: ${shown}${testFilesTouched.length > 3 ? ', …' : ''}` };
  }
  if (claimed.length > 0) return { ...base, verdict: 'unverified', reason: claimed.map((file) => `\`${file.named}\` ${file.note ?? 'could not be judged'}`).join('; ') };
  if (files.length > 0) return { ...base, verdict: 'unverified', reason: `names only files it does not change: ${files.map((file) => `\`${file.named}\``).join(', ')}` };
  return { ...base, verdict: 'unverified', reason: 'names no file' };
}

/** One named file: where it is, what the change did to it, and whether that is what the task says. */
function fileOf(named: string, role: TaskFile['role'], folders: readonly string[], resolver: PathResolver, index: SuffixIndex, changeKnown: boolean, written: ReadonlySet<string> | null): TaskFile {
  const resolved = resolveNamed(named, folders, resolver, index);
  const base: TaskFile = { named, path: resolved.path, role, exists: null, actual: null, ok: null, note: resolved.note };
  if (resolved.path === null) return base;
  const file = resolved.path;
  const touchedUnder = (prefix: string, matcher?: (path: string) => boolean): NetChange[] =>
    [...(resolver.changed?.values() ?? [])].filter((change) => (matcher ? matcher(change.path) : change.path.startsWith(`${prefix}/`)));
  if (resolved.note === 'a glob') {
    const matcher = globMatcherOne(file);
    const touched = touchedUnder(file, matcher);
    const ok = role === 'mentioned' || !changeKnown ? null : touched.some((change) => change.actual !== 'deleted');
    return { ...base, exists: null, actual: touched.length > 0 ? 'modified' : changeKnown ? 'untouched' : null, ok };
  }
  const exists = resolver.exists(file);
  let actual: TaskFile['actual'] = null;
  if (changeKnown) {
    const own = resolver.changed?.get(file);
    const under = resolved.directory || (!own && exists && !/\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(file)) ? touchedUnder(file) : [];
    actual = own ? own.actual : under.length > 0 ? 'modified' : [...(resolver.changed?.values() ?? [])].some((change) => change.oldPath === file) ? 'renamed' : 'untouched';
  }
  const withFacts = { ...base, exists, actual };
  if (role === 'mentioned') return withFacts;
  // A folder is evidence only when the change wrote something in it: a folder the code creates at run time
  // (`.windsurf/workflows/`, `artifacts/`) is not a claim about the repository.
  if (resolved.directory || (exists && actual === 'modified' && !/\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(file) && !resolver.changed?.has(file))) {
    return role !== 'removed' && changeKnown && actual !== 'untouched' && actual !== null ? { ...withFacts, ok: true } : withFacts;
  }
  if (role === 'removed') {
    if (exists) return { ...withFacts, ok: false };
    return { ...withFacts, ok: changeKnown ? true : null };
  }
  // Written by a commit of the change, even if later work inside it deleted or moved it again.
  const wrote = written?.has(file) === true;
  if (!exists) return wrote ? { ...withFacts, ok: true, note: 'written by the change, gone again when it ended' } : { ...withFacts, ok: false };
  if (!changeKnown) return withFacts;
  return { ...withFacts, ok: wrote || (actual !== 'untouched' && actual !== 'deleted') };
}

/** Paths a commit of the change, or its working tree, wrote (added, modified, renamed to). */
function writtenBy(change: SourceChange, history: GitHistory | null): Set<string> {
  const paths = new Set<string>();
  if (history) {
    for (const hash of change.change.commits) {
      const index = history.indexOf(hash);
      const commit = index === undefined ? undefined : history.facts.commits[index];
      for (const one of commit?.changes ?? []) if (one.status !== 'D') paths.add(one.path);
    }
    if (change.change.includesWorkingTree) for (const entry of history.facts.workingTree) if (entry.status !== 'D') paths.add(entry.path);
  }
  return paths;
}

/** The last commit of a change that ended in history (no working tree in it), as an index; null: judge the tree as it is now. */
function endOf(change: SourceChange | null, history: GitHistory | null): number | null {
  if (!change || !history || change.files === null || change.change.includesWorkingTree) return null;
  const last = change.change.commits.at(-1);
  return last === undefined ? null : (history.indexOf(last) ?? null);
}

/** The path (a file, or a folder with a file under it) held a blob after commit `at`. */
/**
 * What git says of a refuted file around the change: deleted by one of its commits, or the next commit that
 * touched it after the change ended, so a reviewer sees whether the work was done elsewhere, or later.
 */
function laterNote(file: TaskFile, history: GitHistory | null, at: number | null, commits: ReadonlySet<string>): string | null {
  if (history === null || file.path === null) return null;
  const deleted = history.eventsOf(file.path).filter((event) => commits.has(event.commit.hash) && event.change.status === 'D' && event.change.path === file.path).at(-1);
  if (deleted && file.exists === false) return `deleted within the change, in ${deleted.commit.hash.slice(0, 7)} (${deleted.commit.subject})`;
  if (at === null) return null;
  const next = laterChanges(history, file.path, at)[0];
  if (!next) return null;
  const what = next.change.status === 'A' ? 'added' : next.change.status === 'D' ? 'deleted' : next.change.status === 'R' ? 'renamed' : 'changed';
  return `${what} later, in ${next.commit.hash.slice(0, 7)} (${next.commit.subject})`;
}

function globMatcherOne(glob: string): (file: string) => boolean {
  return globMatcher([glob]);
}

function failure(file: TaskFile, ended: boolean): string {
  const where = file.path !== null && file.path !== file.named ? ` (${file.path})` : '';
  const later = file.note !== null && / (?:later|within the change), in /.test(file.note) ? `; ${file.note}` : '';
  if (file.role === 'removed') return `\`${file.named}\`${where} ${ended ? 'was still there when the change ended' : 'still exists'}${later}`;
  if (file.exists === false) return `\`${file.named}\`${where} ${ended ? 'was not there when the change ended' : 'does not exist'}${later}`;
  return `the change did not touch \`${file.named}\`${where}${later}`;
}

function success(file: TaskFile): string {
  const where = file.path !== null && file.path !== file.named ? ` (${file.path})` : '';
  if (file.role === 'removed') return `\`${file.named}\`${where} is gone`;
  return `\`${file.named}\`${where} ${file.actual ?? 'changed'}`;
}

function taskFindings(task: Task, comparison: TaskComparison, source: TaskSource): Finding[] {
  if (comparison.verdict === 'refuted') {
    return [
      finding('tasks/phantom-completion', `${label(task)} is ticked as done, but ${comparison.reason}`, task.location, source, {
        task: task.id,
        files: comparison.files.filter((file) => file.ok === false).map((file) => file.path ?? file.named),
      }),
    ];
  }
  const notDone = task.checked ? saysNotDone(task) : null;
  if (notDone !== null) return [finding('tasks/ticked-not-done', `${label(task)} is ticked, but its text says "${notDone}"`, task.location, source, { task: task.id })];
  return [];
}

/** Open tasks where the list claims to be done: an archived OpenSpec change, a spec-kit feature that says it is done or is all but done. */
function openTaskFindings(list: TaskListInput, tasks: readonly Task[]): Finding[] {
  const open = tasks.filter((task) => !task.checked);
  if (open.length === 0) return [];
  const reported = open.filter((task) => saysNotDone(task) === null);
  const { source } = list;
  if (source.layout === 'openspec') {
    if (source.archived === null) return [];
    return reported.map((task) =>
      finding('tasks/open-in-archive', `${label(task)} is not ticked, but the change was archived${source.archived === 'undated' ? '' : ` on ${source.archived}`}`, task.location, source, { task: task.id }),
    );
  }
  const checked = tasks.length - open.length;
  const allButFew = checked > 0 && open.length <= Math.max(1, Math.floor(tasks.length / 10));
  const saysDone = list.specStatus?.done === true;
  if (!saysDone && !allButFew) return [];
  const why = saysDone ? `its spec says "${list.specStatus?.status}"` : `${checked} of ${tasks.length} tasks are ticked`;
  return reported.map((task) => finding('tasks/open-in-done-feature', `${label(task)} is not ticked, but the feature is claimed done (${why})`, task.location, source, { task: task.id }));
}

/**
 * Files the change touched that no task names (by path, folder, glob or
 * resolved name), from the commits that are this list's alone: the list's own
 * folders, the layout's root (other features, OpenSpec's specs), `.specify/`
 * and the ignore globs excepted.
 */
function unmentionedFiles(source: TaskSource, tasks: readonly Task[], comparisons: readonly TaskComparison[], change: SourceChange | null, context: Context): TaskListResult['unmentioned'] {
  if (!change?.ownFiles) return [];
  const own = [source.dir, source.activeDir, source.root === '' ? null : source.root, source.layout === 'spec-kit' ? '.specify' : null].filter((folder): folder is string => folder !== null && folder !== '');
  const named = comparisons.flatMap((comparison) => comparison.files);
  const writtenNames = tasks.flatMap((task) => task.named.map((file) => file.path.replace(/\/+$/, '')));
  // A test-writing task that names no test file is about every test file the change touched.
  const testsNamed = comparisons.some((comparison) => comparison.testTask && comparison.files.every((file) => file.role === 'mentioned'));
  const mentioned = (file: string): boolean =>
    (testsNamed && context.isTestFile(file)) ||
    named.some((one) => one.path !== null && (one.path === file || file.startsWith(`${one.path.replace(/\/+$/, '')}/`) || (one.note === 'a glob' && globMatcherOne(one.path)(file)))) ||
    writtenNames.some((name) => name !== '' && (file === name || file.endsWith(`/${name}`)));
  return change.ownFiles
    .filter((file) => !own.some((folder) => file.path === folder || file.path.startsWith(`${folder}/`)))
    .filter((file) => !context.ignored(file.path))
    .filter((file) => !mentioned(file.path) && !(file.oldPath !== undefined && mentioned(file.oldPath)))
    .map((file) => ({ path: file.path, actual: file.actual }));
}

function countsOf(comparisons: readonly TaskComparison[]): TaskCounts {
  const counts: TaskCounts = { total: comparisons.length, checked: 0, confirmed: 0, refuted: 0, unverified: 0, open: 0 };
  for (const comparison of comparisons) {
    if (comparison.checked) counts.checked++;
    counts[comparison.verdict]++;
  }
  return counts;
}

function label(task: Task): string {
  return task.id === null ? `The task at line ${task.location.line}` : task.id;
}

function finding(ruleId: RuleId, message: string, location: SourceLocation, source: TaskSource, data?: Record<string, unknown>): Finding {
  return ruleFinding(ruleId, message, { location, spec: source.tasksFile, ...(data ? { data } : {}) });
}

// ---------------------------------------------------------------- into the run's result

/**
 * The run's result with its task lists: their counts in the summary, their
 * findings in the finding counts and the exit code. A result without task
 * lists is returned as it was (byte for byte the same reports).
 */
export function withTaskLists(result: ValidateResult, lists: readonly TaskListResult[]): ValidateResult {
  if (lists.length === 0) return result;
  const totals: TaskSummary = { lists: lists.length, total: 0, checked: 0, confirmed: 0, refuted: 0, unverified: 0, open: 0 };
  const findings = { ...result.summary.findings };
  for (const list of lists) {
    for (const key of ['total', 'checked', 'confirmed', 'refuted', 'unverified', 'open'] as const) totals[key] += list.counts[key];
    for (const one of list.findings) findings[one.severity]++;
  }
  // Built field by field: the JSON report keeps the model's key order.
  return {
    schemaVersion: result.schemaVersion,
    tool: result.tool,
    findings: result.findings,
    specs: result.specs,
    ...(result.settled === undefined ? {} : { settled: result.settled }),
    taskLists: [...lists],
    summary: { ...result.summary, findings, tasks: totals },
    exitCode: findings.error > 0 ? 1 : 0,
  };
}

/** Whether a `--spec` filter names this feature or change: its id, its folder, its tasks.md, or (spec-kit) its number. */
export function selectsTaskSource(source: TaskSource, filter: string): boolean {
  const trimmed = filter.replace(/\/+$/, '');
  if (trimmed === source.id || trimmed === source.dir || trimmed === source.tasksFile || trimmed === source.dir.split('/').at(-1)) return true;
  if (/^\d+$/.test(trimmed) && source.layout === 'spec-kit') {
    const number = /^(\d+)-/.exec(source.id)?.[1];
    return number !== undefined && Number(number) === Number(trimmed);
  }
  return false;
}
