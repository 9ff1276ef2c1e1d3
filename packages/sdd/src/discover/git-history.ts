import type { CommitInfo, FileChange, GitFacts } from '../model/index.js';
import { gitBlobId } from '../cache/blob-id.js';

/**
 * A per-path index over `GitFacts.commits` (first-parent history, oldest
 * first), built once per facts object. Answers "which commits touched this
 * file, following renames" and "which blob did this path hold at that
 * commit" without asking git again. Pure.
 */

export interface PathEvent {
  /** Position of the commit in `GitFacts.commits`. */
  index: number;
  commit: CommitInfo;
  change: FileChange;
}

export interface GitHistory {
  facts: GitFacts;
  indexOf(hash: string): number | undefined;
  /** Changes that name `path` as their new or old path, oldest first. */
  eventsOf(path: string): readonly PathEvent[];
  /** Every path any commit touched (for directory and glob rows). */
  paths(): readonly string[];
}

const cache = new WeakMap<GitFacts, GitHistory>();

export function historyOf(facts: GitFacts): GitHistory {
  const cached = cache.get(facts);
  if (cached) return cached;
  const byPath = new Map<string, PathEvent[]>();
  const byHash = new Map<string, number>();
  const add = (path: string, event: PathEvent) => {
    const list = byPath.get(path);
    if (list) list.push(event);
    else byPath.set(path, [event]);
  };
  facts.commits.forEach((commit, index) => {
    byHash.set(commit.hash, index);
    for (const change of commit.changes) {
      const event = { index, commit, change };
      add(change.path, event);
      if (change.oldPath !== undefined && change.oldPath !== change.path) add(change.oldPath, event);
    }
  });
  let allPaths: string[] | null = null;
  const history: GitHistory = {
    facts,
    indexOf: (hash) => byHash.get(hash),
    eventsOf: (path) => byPath.get(path) ?? [],
    paths: () => (allPaths ??= [...byPath.keys()].sort()),
  };
  cache.set(facts, history);
  return history;
}

interface Lineage {
  /** Indexes of the commits that touched the file, oldest first. */
  indexes: number[];
  /** Index of the commit that added it (`A`, or a copy), null when history starts with it already there. */
  addedAt: number | null;
}

/**
 * The commits that touched the file now (or at `until`) at `path`, walking
 * back through renames until the commit that added it.
 */
export function lineageOf(history: GitHistory, path: string, until = Number.POSITIVE_INFINITY): Lineage {
  const indexes: number[] = [];
  let current = path;
  let limit = until;
  for (;;) {
    const events = history.eventsOf(current);
    let next: string | null = null;
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i];
      if (!event || event.index > limit) continue;
      const { change } = event;
      if (change.path !== current) {
        // `current` was renamed away (or deleted) before the file we follow took its name.
        if (change.status === 'R') return { indexes: indexes.reverse(), addedAt: null };
        continue;
      }
      indexes.push(event.index);
      if (change.status === 'A' || change.status === 'C') return { indexes: indexes.reverse(), addedAt: event.index };
      if (change.status === 'D') {
        indexes.pop();
        return { indexes: indexes.reverse(), addedAt: null };
      }
      if (change.status === 'R' && change.oldPath !== undefined) {
        next = change.oldPath;
        limit = event.index - 1;
        break;
      }
    }
    if (next === null) return { indexes: indexes.reverse(), addedAt: null };
    current = next;
  }
}

/** The blob `path` held after commit `index` (following later renames back), null when absent there. */
export function blobAt(history: GitHistory, path: string, index: number): string | null {
  let current = path;
  let ceiling = Number.POSITIVE_INFINITY;
  // Walk back from HEAD: a rename after `index` means the file had its old name then.
  for (let renamed = true; renamed; ) {
    renamed = false;
    const events = history.eventsOf(current);
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i];
      if (!event || event.index > ceiling) continue;
      if (event.index <= index) break;
      const { change } = event;
      if (change.status === 'R' && change.path === current && change.oldPath !== undefined) {
        current = change.oldPath;
        ceiling = event.index - 1;
        renamed = true;
        break;
      }
    }
  }
  const older = history.eventsOf(current);
  for (let i = older.length - 1; i >= 0; i--) {
    const event = older[i];
    if (!event || event.index > index) continue;
    if (event.change.path !== current || event.change.status === 'D') return null;
    return event.change.newBlob;
  }
  return null;
}

/** Commits after `index` that changed the file at `path`, following it through later renames. */
export function laterChanges(history: GitHistory, path: string, index: number): PathEvent[] {
  const found: PathEvent[] = [];
  let current = path;
  let from = index;
  for (;;) {
    let renamedTo: string | null = null;
    for (const event of history.eventsOf(current)) {
      if (event.index <= from) continue;
      found.push(event);
      const { change } = event;
      if (change.status === 'R' && change.oldPath === current) {
        renamedTo = change.path;
        from = event.index;
        break;
      }
    }
    if (renamedTo === null) return found;
    current = renamedTo;
  }
}

/**
 * Every path in history that starts with `prefix`, in `paths()` order. The
 * sorted list holds them as one contiguous run: found by binary search
 * rather than a scan per directory row.
 */
export function pathsUnder(history: GitHistory, prefix: string): readonly string[] {
  const all = history.paths();
  const low = firstAtOrAfter(all, prefix);
  let end = low;
  while (end < all.length && (all[end] as string).startsWith(prefix)) end++;
  return all.slice(low, end);
}

/** Position of the first of the sorted `paths` that sorts at or after `prefix`. */
function firstAtOrAfter(paths: readonly string[], prefix: string): number {
  let low = 0;
  let high = paths.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((paths[middle] as string) < prefix) low = middle + 1;
    else high = middle;
  }
  return low;
}

const changedAfter = new WeakMap<GitHistory, Map<number, readonly string[]>>();

/**
 * Every path (new and old names) that a commit after the one at `index`
 * touched, sorted: all that can differ between that commit's history and
 * this one's. Worked out once per commit and history.
 */
export function pathsChangedAfter(history: GitHistory, index: number): readonly string[] {
  let byIndex = changedAfter.get(history);
  if (!byIndex) changedAfter.set(history, (byIndex = new Map()));
  const known = byIndex.get(index);
  if (known) return known;
  const paths = new Set<string>();
  for (const commit of history.facts.commits.slice(index + 1)) {
    for (const change of commit.changes) {
      paths.add(change.path);
      if (change.oldPath !== undefined) paths.add(change.oldPath);
    }
  }
  const sorted = [...paths].sort();
  byIndex.set(index, sorted);
  return sorted;
}

/** Whether `path` itself, or a path under it as a folder, is among the sorted `paths`. */
export function touchedIn(paths: readonly string[], path: string): boolean {
  const at = firstAtOrAfter(paths, path);
  if (paths[at] === path) return true;
  // Folder children sort after the folder's own name and its siblings that extend it ("src-old" < "src/").
  const under = firstAtOrAfter(paths, `${path}/`);
  return paths[under]?.startsWith(`${path}/`) ?? false;
}

/** git's blob id of a text. */
export function blobIdOf(text: string): string {
  return gitBlobId(text);
}

/** Whether a file, or a folder with a file in it, existed after the commit at `index`. */
export function existsAt(history: GitHistory, file: string, index: number): boolean {
  if (blobAt(history, file, index) !== null) return true;
  return pathsUnder(history, `${file}/`).some((one) => blobAt(history, one, index) !== null);
}
