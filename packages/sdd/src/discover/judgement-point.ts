import type { GitFacts } from '../model/index.js';
import { historyOf, laterChanges, lineageOf, pathsUnder } from './git-history.js';

/**
 * Where a provenance record is judged: on the working tree, or at the commit
 * that last touched the record ("the last commit of the record's change").
 * Decided from git's facts alone, so that the check stage and the compare
 * stage read one decision. Pure.
 */
export type JudgementPoint =
  | { kind: 'working-tree'; why: 'no-git' | 'uncommitted' | 'pull-request' | 'not-in-history' | 'invariant' }
  | { kind: 'commit'; commit: string; /** Position in `GitFacts.commits`. */ index: number };

/**
 * - no git, or the record is new, modified or renamed in the working tree: the working tree;
 * - with `--base`, a record whose last commit lies after the base (the pull request's own): the working tree;
 * - otherwise the record's last commit.
 */
export function judgementPoint(facts: GitFacts | null, recordFile: string): JudgementPoint {
  if (!facts) return { kind: 'working-tree', why: 'no-git' };
  // Asked more than once per record (whether to reuse, whether settled, where to check): worked out once per facts.
  let points = pointsOf.get(facts);
  if (!points) pointsOf.set(facts, (points = new Map()));
  const known = points.get(recordFile);
  if (known) return known;
  const point = pointOf(facts, recordFile);
  points.set(recordFile, point);
  return point;
}

const pointsOf = new WeakMap<GitFacts, Map<string, JudgementPoint>>();

function pointOf(facts: GitFacts, recordFile: string): JudgementPoint {
  if (facts.workingTree.some((entry) => entry.path === recordFile || entry.oldPath === recordFile)) {
    return { kind: 'working-tree', why: 'uncommitted' };
  }
  const history = historyOf(facts);
  const index = lineageOf(history, recordFile).indexes.at(-1);
  const commit = index === undefined ? undefined : facts.commits[index];
  if (index === undefined || !commit) return { kind: 'working-tree', why: 'not-in-history' };
  if (facts.base !== null) {
    const baseIndex = history.indexOf(facts.base);
    // A base off the first-parent chain cannot tell old from new: verify in full, as before.
    if (baseIndex === undefined || index > baseIndex) return { kind: 'working-tree', why: 'pull-request' };
  }
  return { kind: 'commit', commit: commit.hash, index };
}

/** A change after a commit: a later commit (oldest first), or the uncommitted working tree. */
export type Later = { commit: string; subject: string; index: number } | { commit: null; subject: null; index: number };

/**
 * What a check reads, as far as history goes: paths (a file, or a folder and
 * everything under it); `everything` for a check that runs a command on the
 * whole tree; `nothing` for one that reads git's facts and the record only.
 */
export type Reads = { paths: string[] } | 'everything' | 'nothing';

/**
 * The first change after the commit at `index` to what a check reads: the
 * earliest later first-parent commit that touched one of its paths (or, for
 * `everything`, any later commit), else the working tree when it has changes
 * there; null when nothing it reads changed since.
 */
export function firstLaterChange(facts: GitFacts, index: number, given: Reads): Later | null {
  if (given === 'nothing') return null;
  // A check that reads the repository root reads everything in it.
  const reads = given !== 'everything' && given.paths.some((one) => trimSlash(one) === '.' || trimSlash(one) === '') ? 'everything' : given;
  const history = historyOf(facts);
  let earliest = Number.POSITIVE_INFINITY;
  if (reads === 'everything') {
    if (facts.commits.length > index + 1) earliest = index + 1;
  } else {
    for (const path of reads.paths) {
      for (const file of [path, ...pathsUnder(history, `${trimSlash(path)}/`)]) {
        const first = laterChanges(history, file, index)[0];
        if (first && first.index < earliest) earliest = first.index;
      }
    }
  }
  const commit = Number.isFinite(earliest) ? facts.commits[earliest] : undefined;
  if (commit) return { commit: commit.hash, subject: commit.subject, index: earliest };
  const touched =
    reads === 'everything'
      ? facts.workingTree.length > 0
      : facts.workingTree.some((entry) => reads.paths.some((path) => touches(path, entry.path) || (entry.oldPath !== undefined && touches(path, entry.oldPath))));
  return touched ? { commit: null, subject: null, index: facts.commits.length } : null;
}

/** Every later first-parent commit that touched one of the paths, oldest first. */
export function laterCommitsTouching(facts: GitFacts, index: number, paths: readonly string[]): Later[] {
  const history = historyOf(facts);
  const indexes = new Set<number>();
  for (const path of paths) {
    for (const file of [path, ...pathsUnder(history, `${trimSlash(path)}/`)]) {
      for (const event of laterChanges(history, file, index)) indexes.add(event.index);
    }
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .flatMap((at) => {
      const commit = facts.commits[at];
      return commit ? [{ commit: commit.hash, subject: commit.subject, index: at }] : [];
    });
}

/** Whether a change to `changed` touches what reading `read` (a file, or a folder and everything under it) saw. */
export function touches(read: string, changed: string): boolean {
  const folder = trimSlash(read);
  return changed === folder || changed.startsWith(`${folder}/`) || folder === '.' || folder === '';
}

export function trimSlash(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}
