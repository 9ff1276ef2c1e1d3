import { historyOf } from '../discover/git-history.js';
import { judgementPoint } from '../discover/judgement-point.js';
import type { GitFacts, SpecResult } from '../model/index.js';
import type { StoredSpecResult } from './reuse.js';
import { countsOf } from './summary.js';

/**
 * Which specs a pull request's run lists in short (spec 0039, docs/history.md).
 * With `--base`, a spec is settled when nothing its result read changed after
 * the base: the pull request cannot have changed it. Decided from what the
 * result rests on (the reads `storedEntryOf` collects, whether the result was
 * just computed or reused) and git's facts, so the report does not depend on
 * the cache. Pure.
 */
export function isSettled(rests: Pick<StoredSpecResult, 'record' | 'reads' | 'next'>, git: GitFacts): boolean {
  if (git.base === null || git.shallow) return false;
  const history = historyOf(git);
  const baseIndex = history.indexOf(git.base);
  // A base off the first-parent chain cannot tell old from new (as for where records are judged).
  if (baseIndex === undefined) return false;
  const point = judgementPoint(git, rests.record.file);
  if (point.kind !== 'commit' || point.index > baseIndex) return false;
  // A check reading the whole tree is judged against the commit after the record's: that one must be the base's or older.
  if (rests.next !== null && point.index >= baseIndex) return false;
  return rests.reads.every((read) => {
    if (read.last === null) return true;
    const index = history.indexOf(read.last);
    return index !== undefined && index <= baseIndex;
  });
}

/** A settled spec as the reports list it: no steps or artifacts, their share of the summary kept. */
export function settledForm(result: SpecResult, base: string): SpecResult {
  return { ...result, steps: [], artifacts: [], settled: { base, counts: countsOf(result) } };
}
