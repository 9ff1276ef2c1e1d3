import type { CommitInfo } from '../model/index.js';

/**
 * Which commits touched a path, as ascending positions in the history
 * (oldest first). Built once per history: a check that asked every commit
 * about every path cost commits × paths per spec, seconds on a long history.
 */
interface CommitIndex {
  /**
   * Positions of the commits whose changes touch `path` (new or old name).
   * A directory path, ending in `/`, matches itself, its name without the
   * slash, and everything under it.
   */
  touching(path: string): readonly number[];
}

const indexes = new WeakMap<readonly CommitInfo[], CommitIndex>();

export function commitIndex(commits: readonly CommitInfo[]): CommitIndex {
  let index = indexes.get(commits);
  if (!index) {
    index = buildIndex(commits);
    indexes.set(commits, index);
  }
  return index;
}

function buildIndex(commits: readonly CommitInfo[]): CommitIndex {
  const byPath = new Map<string, number[]>();
  const add = (path: string, position: number): void => {
    const list = byPath.get(path);
    if (!list) byPath.set(path, [position]);
    // Positions arrive in order: a repeat within one commit is always the last entry.
    else if (list[list.length - 1] !== position) list.push(position);
  };
  commits.forEach((commit, position) => {
    for (const change of commit.changes) {
      add(change.path, position);
      if (change.oldPath) add(change.oldPath, position);
    }
  });
  const directories = new Map<string, number[]>();
  return {
    touching(path) {
      if (!path.endsWith('/')) return byPath.get(path) ?? [];
      let list = directories.get(path);
      if (!list) {
        const bare = path.replace(/\/$/, '');
        const found = new Set<number>();
        for (const [known, positions] of byPath) {
          if (known === path || known === bare || known.startsWith(path)) for (const one of positions) found.add(one);
        }
        list = [...found].sort((a, b) => a - b);
        directories.set(path, list);
      }
      return list;
    },
  };
}

/** The latest position present in every list (each ascending), or -1. */
export function latestCommon(lists: readonly (readonly number[])[]): number {
  if (lists.length === 0) return -1;
  const shortest = lists.reduce((a, b) => (b.length < a.length ? b : a));
  for (let i = shortest.length - 1; i >= 0; i--) {
    const position = shortest[i] as number;
    if (lists.every((list) => list === shortest || includesSorted(list, position))) return position;
  }
  return -1;
}

function includesSorted(list: readonly number[], value: number): boolean {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = list[middle] as number;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
