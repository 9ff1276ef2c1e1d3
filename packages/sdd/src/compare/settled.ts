import { historyOf, pathsChangedAfter, touchedIn } from '../discover/git-history.js';
import { judgementPoint } from '../discover/judgement-point.js';
import type { Coverage, GitFacts, SpecCounts, SpecResult } from '../model/index.js';
import { describedAsBefore, uncommittedOrIgnored, type StoredSpecResult } from './reuse.js';
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

/**
 * A quiet settled spec as the settled summary keeps it (spec 0052): who it is, what its result
 * read, and what it adds to the summary, packed as numbers (`packCounts`).
 */
export interface SettledEntry {
  spec: { file: string; number: number | null; slug: string | null };
  record: { file: string; specRef: string | null };
  /** The outermost paths its result read. */
  reads: string[];
  counts: number[];
  described: string[];
  undescribed: string[];
}

/**
 * The settled specs without findings of one pull request's run, kept for the next (spec 0052):
 * `base`, the base they were settled at; `at`, the HEAD they were judged at.
 */
export interface SettledSummary {
  base: string;
  at: string;
  entries: SettledEntry[];
  /**
   * The stored heads of the run's other specs that could be stored (an old spec whose reads the pull
   * request changed, one with findings), by spec file: their shape is the store's business.
   */
  heads: Record<string, unknown>;
}

const STEP_KEYS = ['pass', 'fail', 'notRun', 'manual', 'consistent', 'notReRun', 'superseded'] as const;
const CLAIM_KEYS = ['total', 'verified', 'unverifiable', 'contradicted'] as const;
const ARTIFACT_KEYS = ['total', 'matching', 'drift'] as const;
const COVERAGE_KEYS = ['steps', 'declared', 'inferred', 'partial', 'manual'] as const;
const PACKED_LENGTH = STEP_KEYS.length + CLAIM_KEYS.length + ARTIFACT_KEYS.length + COVERAGE_KEYS.length;

/** A spec's counts and coverage as one row of numbers: a thousand of them are read and added up by each run. */
export function packCounts(counts: SpecCounts, coverage: Coverage): number[] {
  return [...STEP_KEYS.map((key) => counts.steps[key]), ...CLAIM_KEYS.map((key) => counts.claims[key]), ...ARTIFACT_KEYS.map((key) => counts.artifacts[key]), ...COVERAGE_KEYS.map((key) => coverage[key])];
}

function isPackedCounts(value: unknown): value is number[] {
  return Array.isArray(value) && value.length === PACKED_LENGTH && value.every((one) => Number.isInteger(one));
}

/** The counts and coverage of many packed rows, added up. */
export function unpackTotal(rows: readonly (readonly number[])[]): { counts: SpecCounts; coverage: Coverage } {
  const total = new Array<number>(PACKED_LENGTH).fill(0);
  for (const row of rows) for (let index = 0; index < PACKED_LENGTH; index++) total[index] = (total[index] ?? 0) + (row[index] ?? 0);
  let at = 0;
  const take = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, total[at++] ?? 0])) as Record<K, number>;
  const steps = take(STEP_KEYS);
  const claims = take(CLAIM_KEYS);
  const artifacts = take(ARTIFACT_KEYS);
  return { counts: { steps, claims, artifacts }, coverage: take(COVERAGE_KEYS) };
}

/** What this run knows that the summary's entries rest on. */
interface SummaryContext {
  git: GitFacts;
  specFiles: ReadonlySet<string>;
  provenanceFiles: ReadonlySet<string>;
  /** What git ignores (the run's working state). */
  ignored: readonly string[];
  /** Commits some record of this run describes; asked only for an entry whose artifacts had later commits. */
  described: () => ReadonlySet<string>;
}

/**
 * The entries of a settled summary that are settled in this run too, or null when the summary does
 * not apply (no base, a shallow clone, its commits off this history, its base newer than this run's).
 * An entry's reads last changed at or before the summary's base as of `at`; when no commit after
 * `at`, no uncommitted change and no ignored file touches them, they still do, and its result is the
 * one a full run gives (the rules of `reuseVerdict`, applied once for all entries). Pure.
 */
export function keptFromSummary(summary: SettledSummary, context: SummaryContext): SettledEntry[] | null {
  const { git } = context;
  if (git.base === null || git.shallow) return null;
  const history = historyOf(git);
  const at = history.indexOf(summary.at);
  const base = history.indexOf(git.base);
  const summaryBase = history.indexOf(summary.base);
  if (at === undefined || base === undefined || summaryBase === undefined || summaryBase > base) return null;
  const later = pathsChangedAfter(history, at);
  const changed = (read: string) => touchedIn(later, read);
  const untrusted = git.workingTree.length > 0 || context.ignored.length > 0;
  return summary.entries.filter(
    (entry) =>
      context.specFiles.has(entry.spec.file) &&
      context.provenanceFiles.has(entry.record.file) &&
      (later.length === 0 || !entry.reads.some(changed)) &&
      (!untrusted || uncommittedOrIgnored(entry.reads, git, context.ignored) === undefined) &&
      describedAsBefore(entry, context.described),
  );
}

/** The summary entry of a settled spec's result and what it rests on. */
export function settledEntryOf(rests: Pick<StoredSpecResult, 'spec' | 'record' | 'reads' | 'described' | 'undescribed'>, counts: SpecCounts, coverage: Coverage): SettledEntry {
  return {
    spec: rests.spec,
    record: rests.record,
    reads: rests.reads.map((read) => read.path),
    counts: packCounts(counts, coverage),
    described: rests.described,
    undescribed: rests.undescribed,
  };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

/**
 * An entry as stored: a row, not an object, and its spec and record files not repeated among its
 * reads (a thousand entries are read by each pull request's run, spec 0052):
 * `[spec file, number, slug, record file, specRef (0: the spec file), other reads, counts, described?, undescribed?]`.
 */
type StoredEntry = [string, number | null, string | null, string, string | 0 | null, string[], number[], string[]?, string[]?];

/** The summary as stored in the cache. */
export function packSettledSummary(summary: SettledSummary): unknown {
  const entries = summary.entries.map((entry): StoredEntry => {
    const { spec, record } = entry;
    const row: StoredEntry = [spec.file, spec.number, spec.slug, record.file, record.specRef === spec.file ? 0 : record.specRef, entry.reads.filter((read) => read !== spec.file && read !== record.file), entry.counts];
    if (entry.described.length > 0 || entry.undescribed.length > 0) row.push(entry.described, entry.undescribed);
    return row;
  });
  return { base: summary.base, at: summary.at, entries, heads: summary.heads };
}

/** The summary a stored value holds; undefined when it has another shape (a corrupt or foreign one is a miss). Checked by hand. */
export function unpackSettledSummary(value: unknown): SettledSummary | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { base, at, entries, heads } = value as Record<string, unknown>;
  if (!isString(base) || !isString(at) || !Array.isArray(entries) || typeof heads !== 'object' || heads === null || Array.isArray(heads)) return undefined;
  const unpacked: SettledEntry[] = [];
  for (const row of entries as unknown[]) {
    if (!Array.isArray(row) || row.length < 7) return undefined;
    const [file, number, slug, record, specRef, reads, counts, described = [], undescribed = []] = row as unknown[];
    if (!isString(file) || !(number === null || typeof number === 'number') || !(slug === null || isString(slug)) || !isString(record)) return undefined;
    if (!(specRef === 0 || specRef === null || isString(specRef)) || !isStrings(reads) || !isPackedCounts(counts) || !isStrings(described) || !isStrings(undescribed)) return undefined;
    unpacked.push({
      spec: { file, number, slug },
      record: { file: record, specRef: specRef === 0 ? file : specRef },
      reads: [file, record, ...reads],
      counts,
      described,
      undescribed,
    });
  }
  return { base, at, entries: unpacked, heads: heads as Record<string, unknown> };
}
