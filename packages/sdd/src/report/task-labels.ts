import type { TaskComparison, TaskFile, TaskListResult, TaskVerdict } from '../model/index.js';
import { plural } from '../plural.js';


/** The words every format uses for spec-kit and OpenSpec task lists. */

export const TASK_VERDICT_LABEL: Record<TaskVerdict, string> = {
  confirmed: 'confirmed',
  refuted: 'refuted',
  unverified: 'unverified',
  open: 'open',
};

/** A verdict a reviewer must look at. */
export function isTaskProblem(task: TaskComparison): boolean {
  return task.verdict === 'refuted';
}

/** `[x]` or `[ ]`: the claim as the list writes it. */
export function taskClaimLabel(task: TaskComparison): string {
  return task.checked ? '[x]' : '[ ]';
}

/** The task's id, else its line. */
export function taskIdLabel(task: TaskComparison): string {
  return task.id ?? `line ${task.location.line}`;
}

/** `spec-kit feature 001-user-auth`, `OpenSpec change add-logout (archived 2025-01-02)`. */
export function taskListKind(list: TaskListResult): string {
  if (list.layout === 'spec-kit') return `spec-kit feature ${list.id}`;
  const archived = list.archived === null ? '' : list.archived === 'undated' ? ' (archived)' : ` (archived ${list.archived})`;
  return `OpenSpec change ${list.id}${archived}`;
}

export function taskListHeading(list: TaskListResult): string {
  return list.title ?? taskListKind(list);
}

const short = (hash: string) => hash.slice(0, 7);

/** Which change the list was judged against, in one line. */
export function taskChangeLine(list: TaskListResult): string {
  const change = list.change;
  if (change === null) return 'change: not known (no git): tasks judged on the files as they are';
  const tree = change.includesWorkingTree ? ' + working tree' : '';
  if (change.source === 'none') return 'change: not found in git history: tasks judged on the files as they are';
  if (change.source === 'working-tree') return `change: the working tree (${list.dir} is not committed yet)`;
  const commits = change.commits;
  const span = commits.length === 0 ? 'no commit' : commits.length === 1 ? `commit ${short(commits[0] as string)}` : `${commits.length} commits, ${short(commits[0] as string)}…${short(commits.at(-1) as string)}`;
  const parts = [change.source === 'base-range' ? `change: since --base ${short(change.base ?? '')}: ${span}${tree}` : `change: ${span}${tree}`];
  if (change.source !== 'base-range') parts.push(`${plural(change.folderCommits.length, 'commit')} touched the folder`);
  if (change.sharedCommits.length > 0) parts.push(`${change.sharedCommits.length} shared with other task lists`);
  if (change.branch) parts.push(`branch ${change.branch.name}${change.branch.current ? ' (HEAD)' : change.branch.onHistory ? '' : ' (not on HEAD’s history)'}`);
  if (change.archiveCommit) parts.push(`archived in ${short(change.archiveCommit)}`);
  return parts.join(' · ');
}

/** One file of a task: `src/a.ts: added`, `src/b.ts (read as backend/src/b.ts): untouched`. */
export function taskFileLabel(file: TaskFile): string {
  const where = file.path !== null && file.path !== file.named.replace(/\/+$/, '') ? ` (${file.path})` : '';
  if (file.role === 'mentioned') return `${file.named}${where}: mentioned, not judged`;
  const state =
    file.path === null ? (file.note ?? 'not judged') : file.role === 'removed' && file.exists === false ? 'gone' : file.exists === false ? 'not there' : (file.actual ?? (file.exists ? 'there' : 'not looked up'));
  const role = file.role === 'removed' ? ' (to delete)' : file.role === 'test' ? ' (test)' : '';
  return `${file.named}${where}${role}: ${state}`;
}
