import { shortHash } from './git-parse.js';
import { judgementPoint } from './judgement-point.js';
import type { Change, CommitInfo, GitActual, GitFacts } from '../model/index.js';
import { historyOf, lineageOf } from './git-history.js';
import { SHALLOW_FIX } from './shallow.js';

/**
 * Which change a provenance record describes, and what that change did to
 * each path: pure functions of the git facts discover read. Compare holds
 * the record's Artifacts Produced against it; the check stage asks it
 * whether a file a step says was left alone was changed.
 */

/** What one path went through over the whole change (net of all its commits and the working tree). */
export interface NetChange {
  path: string;
  /** For a rename: the path before the change. */
  oldPath?: string;
  actual: Exclude<GitActual, 'untouched'>;
}

/** Why the change cannot be told: reported by compare as a finding of this rule. */
interface ChangeProblem {
  ruleId: 'drift/no-history' | 'drift/shallow-history';
  message: string;
  data?: Record<string, unknown>;
}

interface RecordChangeFacts {
  change: Change;
  /** Net changes of the change; null when the change cannot be told (no history, history cut). */
  files: NetChange[] | null;
  /** The last commit that touched the record (its version); null when it is uncommitted or unknown. */
  recordCommit: string | null;
  problem: ChangeProblem | null;
  /**
   * Set when the record's history starts at a shallow clone's boundary (this
   * commit, fetched without its parents): the change cannot be told.
   */
  cutAt?: string;
}

type WorkingTreeEntry = GitFacts['workingTree'][number];

/**
 * The change a record describes.
 *
 * - With `--base` (`facts.base` set): the first-parent commits after the base
 *   up to HEAD, plus the working tree.
 * - Otherwise the commits that touched the record (following renames): the
 *   one that added it and each that amended it. Commits in between that did
 *   not touch the record are not part of it: they belong to other work (a
 *   testing agent amending the record months later must not pull in
 *   everything merged meanwhile). Their changes to listed files show as
 *   `drift/unrecorded-change` instead.
 * - Plus the working tree when the record itself is new or modified there
 *   (an agent validating before committing); the working tree alone when the
 *   record was never committed.
 */
export function recordChange(facts: GitFacts, recordFile: string): RecordChangeFacts {
  const history = historyOf(facts);
  const recordInTree = facts.workingTree.find((entry) => entry.path === recordFile) ?? null;

  // A record merged before the base keeps the change it was written about (its own commits),
  // and was judged on that when it landed: only the pull request's own records take its range.
  if (facts.base !== null && judgementPoint(facts, recordFile).kind !== 'commit') {
    const start = history.indexOf(facts.base);
    const change: Change = { source: 'base-range', base: facts.base, commits: [], includesWorkingTree: true };
    if (start === undefined) {
      // The merge base came in through a merge's second parent: the first-parent range has no start.
      const message = `the base ${shortHash(facts.base)} is not on HEAD's first-parent history: the range cannot be told`;
      return { change, files: null, recordCommit: null, problem: { ruleId: 'drift/no-history', message } };
    }
    const commits = facts.commits.slice(start + 1);
    return {
      change: { source: 'base-range', base: facts.base, commits: commits.map((c) => c.hash), includesWorkingTree: true },
      files: netChanges(commits, facts.workingTree),
      recordCommit: recordInTree ? null : lastTouch(facts, recordFile),
      problem: null,
    };
  }

  const historyPath = recordInTree?.status === 'R' && recordInTree.oldPath ? recordInTree.oldPath : recordFile;
  const lineage = recordInTree?.status === '?' || recordInTree?.status === 'A' ? { indexes: [], addedAt: null } : lineageOf(history, historyPath);
  const commits = lineage.indexes.flatMap((index) => facts.commits[index] ?? []);
  const workingTree = recordInTree ? facts.workingTree : [];

  if (commits.length === 0 && !recordInTree) {
    return {
      change: { source: 'none', base: null, commits: [], includesWorkingTree: false },
      files: null,
      recordCommit: null,
      problem: {
        ruleId: 'drift/no-history',
        message: `${recordFile} is neither in git history nor in the working tree (ignored?): the change it describes cannot be found`,
      },
    };
  }
  const first = commits[0];
  if (facts.shallow && first && first.parents.length === 0) {
    const change: Change = { source: 'record-commits', base: null, commits: commits.map((c) => c.hash), includesWorkingTree: workingTree.length > 0 };
    // With --base, a record merged before the base was judged when it landed: a cut history
    // leaves its artifacts uncompared, not the pull request in error.
    if (facts.base !== null) return { change, files: null, recordCommit: recordInTree ? null : (commits.at(-1)?.hash ?? null), problem: null };
    // The record's history starts at the shallow boundary: the commit that added it may lie beyond.
    return {
      change: { source: 'record-commits', base: null, commits: commits.map((c) => c.hash), includesWorkingTree: workingTree.length > 0 },
      files: null,
      recordCommit: recordInTree ? null : (commits.at(-1)?.hash ?? null),
      problem: {
        ruleId: 'drift/shallow-history',
        message: `shallow clone: history is cut at ${shortHash(first.hash)}, before the change ${recordFile} describes: it cannot be told. ${SHALLOW_FIX}`,
        data: { commit: first.hash },
      },
      cutAt: first.hash,
    };
  }
  return {
    change: {
      source: commits.length > 0 ? 'record-commits' : 'working-tree',
      base: null,
      commits: commits.map((c) => c.hash),
      includesWorkingTree: workingTree.length > 0,
    },
    files: netChanges(commits, workingTree),
    recordCommit: recordInTree ? null : (commits.at(-1)?.hash ?? null),
    problem: null,
  };
}

function lastTouch(facts: GitFacts, file: string): string | null {
  const history = historyOf(facts);
  const index = lineageOf(history, file).indexes.at(-1);
  return index === undefined ? null : (facts.commits[index]?.hash ?? null);
}

interface PathState {
  /** The path before the change; null when the change created it. */
  origin: string | null;
  deleted: boolean;
}

/**
 * The net effect of commits (oldest first) and then the working tree: a file
 * added and modified is added; added and deleted is nothing; renamed twice is
 * one rename from the first name.
 */
export function netChanges(commits: readonly CommitInfo[], workingTree: readonly WorkingTreeEntry[] = []): NetChange[] {
  const state = new Map<string, PathState>();
  const apply = (status: string, file: string, oldPath?: string) => {
    const existing = state.get(file);
    if (status === 'A' || status === 'C' || status === '?') {
      if (existing?.deleted) existing.deleted = false;
      else if (!existing) state.set(file, { origin: null, deleted: false });
    } else if (status === 'M' || status === 'T') {
      if (!existing) state.set(file, { origin: file, deleted: false });
    } else if (status === 'D') {
      if (!existing) state.set(file, { origin: file, deleted: true });
      else if (existing.origin === null) state.delete(file);
      else existing.deleted = true;
    } else if (status === 'R' && oldPath !== undefined) {
      const before = state.get(oldPath) ?? { origin: oldPath, deleted: false };
      state.delete(oldPath);
      state.set(file, { origin: before.origin, deleted: false });
    }
  };
  for (const commit of commits) for (const change of commit.changes) apply(change.status, change.path, change.oldPath);
  for (const entry of workingTree) apply(entry.status, entry.path, entry.oldPath);

  const result: NetChange[] = [];
  for (const [file, { origin, deleted }] of state) {
    if (deleted) {
      if (origin !== null) result.push({ path: origin, actual: 'deleted' });
    } else if (origin === null) result.push({ path: file, actual: 'added' });
    else if (origin === file) result.push({ path: file, actual: 'modified' });
    else result.push({ path: file, oldPath: origin, actual: 'renamed' });
  }
  return result.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
