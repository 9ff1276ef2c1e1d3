import type { BranchRef } from '../discover/git-refs.js';
import { historyOf, pathsUnder, type GitHistory } from '../discover/git-history.js';
import type { CommitInfo, Finding, GitFacts, TaskChange, TaskSource } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';
import { shortHash as short } from '../discover/git-parse.js';
import { netChanges, type NetChange } from '../discover/record-change.js';

/**
 * Which change a spec-kit feature or an OpenSpec change describes. Pure: git's
 * facts (first-parent history, the working tree) and its branches come in as
 * data.
 *
 * - `--base REV`, when the range (or the working tree) touched the folder:
 *   every commit after REV, and the working tree.
 * - Otherwise the folder's **span**: every first-parent commit from the first
 *   that touched the folder to the last (an OpenSpec change: to the one that
 *   moved it into the archive; a spec-kit feature: to the tip of its branch,
 *   named like the folder, when that tip is on HEAD's history and later), and
 *   the working tree when HEAD is the feature's branch or the folder has
 *   uncommitted changes. The span, not only the commits that touched the
 *   folder: work committed between them (a linear history, a rebased branch)
 *   is the feature's too, and a refutation must not come from a commit sdd
 *   left out.
 *
 * A commit that also touched another feature's or change's folder is shared
 * (a bulk archive, a sweep over every tasks.md); shared commits do not end a
 * span. Files the task list is held to name (unmentioned files) come only
 * from the commits that are the folder's own: those that touched it and
 * are not shared, and the feature branch's; not from other work inside the
 * span.
 */

interface TaskChangeInput {
  facts: GitFacts;
  source: TaskSource;
  /** Folders of every task source in the repository (this one's included). */
  folders: readonly string[];
  refs: readonly BranchRef[];
}

export interface SourceChange {
  change: TaskChange;
  /** Net changes of the whole change; null when it cannot be told. */
  files: NetChange[] | null;
  /** Net changes of the folder's own commits (and the working tree, when included). */
  ownFiles: NetChange[] | null;
  findings: Finding[];
}

export function changeOfTaskSource(input: TaskChangeInput): SourceChange {
  const { facts, source } = input;
  const history = historyOf(facts);
  const folders = ownFolders(source);
  const touchesFolder = (commit: CommitInfo) => commit.changes.some((change) => within(folders, change.path) || (change.oldPath !== undefined && within(folders, change.oldPath)));
  const others = input.folders.filter((folder) => !folders.includes(folder));
  const shared = (commit: CommitInfo) => commit.changes.some((change) => within(others, change.path) || (change.oldPath !== undefined && within(others, change.oldPath)));
  const treeTouches = facts.workingTree.some((entry) => within(folders, entry.path) || (entry.oldPath !== undefined && within(folders, entry.oldPath)));

  if (facts.base !== null) {
    const start = history.indexOf(facts.base);
    if (start === undefined) {
      return unknown(source, { source: 'base-range', base: facts.base }, `the base ${short(facts.base)} is not on HEAD's first-parent history: the change cannot be told`);
    }
    const range = facts.commits.slice(start + 1);
    if (treeTouches || range.some(touchesFolder)) {
      const own = range.filter((commit) => !shared(commit));
      return assemble(facts, { source: 'base-range', base: facts.base, branch: null, archiveCommit: null }, { commits: range, folderCommits: range.filter(touchesFolder), own }, true);
    }
  }

  let touching = [...new Set(folders.flatMap((folder) => commitIndexes(history, folder)))].sort((a, b) => a - b);
  let archiveCommit: string | null = null;
  let end: number | undefined;
  if (source.layout === 'openspec' && source.archived !== null) {
    // The archive move is the first commit that put files under the archive folder; later ones are not this change's.
    const moved = commitIndexes(history, source.dir)[0];
    if (moved !== undefined) {
      archiveCommit = facts.commits[moved]?.hash ?? null;
      touching = touching.filter((index) => index <= moved);
      end = moved;
    }
  }
  const specific = touching.filter((index) => !shared(facts.commits[index] as CommitInfo));
  const start = specific[0] ?? touching[0];
  end ??= specific.at(-1) ?? touching.at(-1);

  let branch: TaskChange['branch'] = null;
  let includeTree = treeTouches;
  let branchRange: number[] = [];
  if (source.layout === 'spec-kit') {
    const found = featureBranch(input.refs, source.id, facts.head);
    if (found) {
      const tipIndex = history.indexOf(found.tip);
      branch = { name: found.name, ref: found.ref, tip: found.tip, onHistory: tipIndex !== undefined, current: found.current };
      if (tipIndex !== undefined && start !== undefined && tipIndex >= start) {
        branchRange = range(start, tipIndex);
        end = Math.max(end ?? tipIndex, tipIndex);
      }
      if (found.current) includeTree = true;
    }
  }

  const spanIndexes = start === undefined || end === undefined ? [] : range(start, end);
  const indexes = [...new Set([...spanIndexes, ...touching])].sort((a, b) => a - b);
  const commits = indexes.flatMap((index) => facts.commits[index] ?? []);
  if (commits.length === 0 && !treeTouches) {
    return unknown(source, { source: 'none', base: null, branch }, `${source.dir} is neither in git history nor changed in the working tree (ignored?): the change it describes cannot be told; tasks are judged on the files as they are`);
  }
  const first = commits[0];
  if (facts.shallow && first && first.parents.length === 0) {
    return unknown(
      source,
      { source: 'folder-span', base: null, branch, commits: commits.map((commit) => commit.hash) },
      `history is cut at ${short(first.hash)}, where ${source.dir} first appears: the change it describes cannot be told (fetch full history, or pass --base); tasks are judged on the files as they are`,
    );
  }
  const ownIndexes = [...new Set([...specific, ...branchRange])].filter((index) => !shared(facts.commits[index] as CommitInfo)).sort((a, b) => a - b);
  return assemble(
    facts,
    { source: commits.length > 0 ? 'folder-span' : 'working-tree', base: null, branch, archiveCommit },
    { commits, folderCommits: touching.flatMap((index) => facts.commits[index] ?? []), own: ownIndexes.flatMap((index) => facts.commits[index] ?? []) },
    includeTree,
  );
}

function assemble(
  facts: GitFacts,
  head: Pick<TaskChange, 'source' | 'base' | 'branch' | 'archiveCommit'>,
  parts: { commits: readonly CommitInfo[]; folderCommits: readonly CommitInfo[]; own: readonly CommitInfo[] },
  includeTree: boolean,
): SourceChange {
  const own = new Set(parts.own);
  const tree = includeTree ? facts.workingTree : [];
  return {
    change: {
      ...head,
      commits: parts.commits.map((commit) => commit.hash),
      folderCommits: parts.folderCommits.map((commit) => commit.hash),
      sharedCommits: parts.folderCommits.filter((commit) => !own.has(commit)).map((commit) => commit.hash),
      includesWorkingTree: includeTree && tree.length > 0,
    },
    files: netChanges(parts.commits, tree),
    ownFiles: netChanges(parts.own, tree),
    findings: [],
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, offset) => from + offset);
}

function within(folders: readonly string[], file: string): boolean {
  return folders.some((folder) => file.startsWith(`${folder}/`));
}

function unknown(source: TaskSource, head: Partial<TaskChange> & Pick<TaskChange, 'source' | 'base'>, message: string): SourceChange {
  return {
    change: { branch: null, commits: [], folderCommits: [], sharedCommits: [], archiveCommit: null, includesWorkingTree: false, ...head },
    files: null,
    ownFiles: null,
    findings: [ruleFinding('tasks/no-history', message, { location: { file: source.tasksFile, line: 1 }, spec: source.tasksFile })],
  };
}

/** The folders whose commits are this source's: an archived OpenSpec change's active folder too. */
function ownFolders(source: TaskSource): string[] {
  return source.activeDir !== null && source.activeDir !== source.dir ? [source.dir, source.activeDir] : [source.dir];
}

/** Indexes of the commits that touched anything under `folder` (as new or old path), oldest first. */
function commitIndexes(history: GitHistory, folder: string): number[] {
  const indexes = new Set<number>();
  for (const file of pathsUnder(history, `${folder}/`)) for (const event of history.eventsOf(file)) indexes.add(event.index);
  return [...indexes].sort((a, b) => a - b);
}

/** The branch named like the feature: HEAD's when it is that one, else a local branch, else a remote-tracking one. */
function featureBranch(refs: readonly BranchRef[], name: string, head: string | null): (BranchRef & { current: boolean }) | null {
  const named = refs.filter((ref) => ref.name === name);
  const current = named.find((ref) => ref.current);
  if (current) return { ...current, tip: head ?? current.tip };
  return named.find((ref) => !ref.remote) ?? named[0] ?? null;
}
