import { historyOf, pathsUnder } from '../discover/git-history.js';
import type { GitFacts } from '../model/index.js';

/**
 * Which commits touched a path, as ascending positions in the history
 * (oldest first), from the run's one per-path index of history (`historyOf`):
 * a check that asked every commit about every path cost commits × paths per
 * spec, seconds on a long history, and a second index its own build.
 */
interface CommitIndex {
  /**
   * Positions of the commits whose changes touch `path` (new or old name).
   * A directory path, ending in `/`, matches itself, its name without the
   * slash, and everything under it.
   */
  touching(path: string): readonly number[];
}

const indexes = new WeakMap<GitFacts, CommitIndex>();

export function commitIndex(git: GitFacts): CommitIndex {
  let index = indexes.get(git);
  if (!index) {
    index = buildIndex(git);
    indexes.set(git, index);
  }
  return index;
}

function buildIndex(git: GitFacts): CommitIndex {
  const history = historyOf(git);
  const known = new Map<string, readonly number[]>();
  const positionsOf = (paths: readonly string[]): number[] => {
    const found = new Set<number>();
    for (const one of paths) for (const event of history.eventsOf(one)) found.add(event.index);
    return [...found].sort((a, b) => a - b);
  };
  return {
    touching(path) {
      let list = known.get(path);
      if (!list) {
        list = path.endsWith('/') ? positionsOf([path, path.replace(/\/$/, ''), ...pathsUnder(history, path)]) : positionsOf([path]);
        known.set(path, list);
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
