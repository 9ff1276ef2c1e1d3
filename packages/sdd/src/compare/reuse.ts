import { historyOf, laterChanges, pathsChangedAfter, pathsUnder, touchedIn, type GitHistory } from '../discover/git-history.js';
import { judgementPoint, touches, trimSlash } from '../discover/judgement-point.js';
import type { Finding, GitFacts, SpecResult } from '../model/index.js';
import type { Registry } from '../check/registry.js';

/**
 * When an old spec's result may be reused instead of parsed, checked and
 * compared again (docs/history.md, spec 0032). A result is a function of
 * sdd's code, the configuration and flags (the store's key), and of git's
 * history of the paths it read. A commit id fixes its whole ancestry, so a
 * path whose last commit is the same as when the result was made has the
 * same content and the same history. Pure: facts in, a verdict out.
 */

/** What is stored for one spec: its result and what the result rests on. */
export interface StoredSpecResult {
  spec: { file: string; number: number | null; slug: string | null };
  record: { file: string; specRef: string | null };
  /** HEAD of the run that made the result: every read's last commit below is as of this commit. */
  at: string;
  /** Each path the result read (file or folder), with the last commit that touched it then; null: none had. */
  reads: { path: string; last: string | null }[];
  /** For a check that reads everything: the commit that followed the record's (named as why it was not re-run). */
  next: { after: string; commit: string } | null;
  /** Later commits that touched an artifact, split by whether some record described them then. */
  described: string[];
  undescribed: string[];
  result: SpecResult;
  /** Findings about the spec or record that no spec owns (parse problems), shown among the run's own. */
  unowned: Finding[];
}

/** Why a result cannot be stored; null when it can. */
type NotStorable = string;

/** The paths a spec's result read, or why they cannot be told (a check reading everything with no later commit, a step not run). */
function readsOfResult(
  result: SpecResult,
  registry: Registry,
): { paths: string[]; readsEverything: boolean } | NotStorable {
  if (!result.provenance) return 'no record';
  const paths = new Set<string>([result.spec.file, result.provenance.file]);
  let readsEverything = false;
  for (const artifact of result.artifacts) if (artifact.verdict !== 'outside-repo') paths.add(staticPart(artifact.path));
  for (const step of result.steps) {
    const evidence = step.evidence;
    if (!evidence) continue;
    for (const check of evidence.checks) {
      // Not run may have a cause that passes next time (a missing tool): never kept.
      if (check.status === 'not-run') return 'a step was not run';
      const kind = registry.get(check.kind);
      const args = kind?.args.safeParse(check.args);
      if (!kind || !args?.success) return `unknown check ${check.kind}`;
      const reads = kind.reads(args.data);
      if (reads === 'nothing') continue;
      if (reads === 'everything') readsEverything = true;
      else for (const one of reads.paths) paths.add(trimSlash(one));
    }
  }
  if ([...paths].some((one) => one === '' || one === '.')) readsEverything = true;
  return { paths: [...paths].filter((one) => one !== '' && one !== '.').sort(), readsEverything };
}

/** The entry to store for a spec's result, or why none is. */
export function storedEntryOf(input: {
  git: GitFacts | null;
  result: SpecResult;
  specRef: string | null;
  registry: Registry;
  unowned: Finding[];
  /** What git ignores (the run's working state): no commit vouches for it. */
  ignored: readonly string[];
  /** Whether a path is a symbolic link: its commits vouch for the link, not for what it points to. */
  isLink: (path: string) => boolean;
}): StoredSpecResult | NotStorable {
  const { git, result } = input;
  if (!git?.head) return 'no git';
  if (git.shallow) return 'shallow clone';
  if (!result.provenance) return 'no record';
  const point = judgementPoint(git, result.provenance.file);
  if (point.kind !== 'commit') return `the record is judged on the working tree (${point.why})`;
  const reads = readsOfResult(result, input.registry);
  if (typeof reads === 'string') return reads;
  const history = historyOf(git);
  let next: StoredSpecResult['next'] = null;
  if (reads.readsEverything) {
    const following = git.commits[point.index + 1];
    if (!following) return 'a check reads everything and no commit follows the record';
    next = { after: point.commit, commit: following.hash };
  }
  if (git.workingTree.some((entry) => reads.paths.some((one) => touches(one, entry.path) || (entry.oldPath !== undefined && touches(one, entry.oldPath))))) {
    return 'uncommitted changes touch what it read';
  }
  const unvouched = reads.paths.find((one) => input.ignored.some((ignored) => touches(one, ignored) || touches(ignored, one)));
  if (unvouched !== undefined) return `${unvouched} holds files git ignores`;
  const link = reads.paths.find(input.isLink);
  if (link !== undefined) return `${link} is a symbolic link`;
  const laterCommits = new Set(result.artifacts.flatMap((artifact) => laterTouches(history, artifact.path, point.index)));
  const undescribed = new Set(result.artifacts.flatMap((artifact) => artifact.laterCommits ?? []));
  return {
    spec: { file: result.spec.file, number: result.spec.number, slug: result.spec.slug },
    record: { file: result.provenance.file, specRef: input.specRef },
    at: git.head,
    reads: outermost(reads.paths).map((one) => ({ path: one, last: lastTouch(history, one) })),
    next,
    described: [...laterCommits].filter((hash) => !undescribed.has(hash)).sort(),
    undescribed: [...undescribed].sort(),
    result,
    unowned: input.unowned,
  };
}

/** What this run knows that a stored result's validity depends on. */
interface ReuseContext {
  git: GitFacts;
  specFiles: ReadonlySet<string>;
  provenanceFiles: ReadonlySet<string>;
  /**
   * Commits that some record of this run describes (`describedCommits` over every record file):
   * asked only for a result that lists later changes to its artifacts, which most do not.
   */
  described: () => ReadonlySet<string>;
  /** What git ignores (the run's working state): no commit vouches for it. */
  ignored: readonly string[];
}

/** Whether a stored result is this run's result; the reason when it is not. */
export function reuseVerdict(entry: StoredSpecResult, context: ReuseContext): { reuse: true } | { reuse: false; why: string } {
  const { git } = context;
  if (git.shallow) return no('shallow clone');
  if (!context.specFiles.has(entry.spec.file) || !context.provenanceFiles.has(entry.record.file)) return no('the spec or record is gone');
  const point = judgementPoint(git, entry.record.file);
  if (point.kind !== 'commit') return no(`the record is judged on the working tree (${point.why})`);
  const history = historyOf(git);
  const changed = changedRead(history, entry);
  if (changed !== undefined) return no(`${changed} changed`);
  const untrusted = uncommittedOrIgnored(entry.reads.map((read) => read.path), git, context.ignored);
  if (untrusted !== undefined) return no(untrusted);
  if (entry.next) {
    const index = history.indexOf(entry.next.after);
    if (index === undefined || git.commits[index + 1]?.hash !== entry.next.commit) return no('the commit after the record is another');
  }
  if (!describedAsBefore(entry, context.described)) return no('which records describe the later changes to its artifacts changed');
  return { reuse: true };
}

/**
 * Why reads cannot be trusted to what their commits say: an uncommitted change touches one, or
 * one holds files git ignores (no commit vouches for those); undefined when neither.
 */
export function uncommittedOrIgnored(reads: readonly string[], git: GitFacts, ignored: readonly string[]): string | undefined {
  const dirty = git.workingTree.find((change) => reads.some((read) => touches(read, change.path) || (change.oldPath !== undefined && touches(read, change.oldPath))));
  if (dirty) return `${dirty.path} has uncommitted changes`;
  const unvouched = ignored.length === 0 ? undefined : reads.find((read) => ignored.some((one) => nested(read, one)));
  return unvouched === undefined ? undefined : `${unvouched} holds files git ignores`;
}

/** Whether the later commits to a result's artifacts are described by records as they were when it was made. */
export function describedAsBefore(entry: Pick<StoredSpecResult, 'described' | 'undescribed'>, described: () => ReadonlySet<string>): boolean {
  if (entry.described.length === 0 && entry.undescribed.length === 0) return true;
  const now = described();
  return entry.described.every((hash) => now.has(hash)) && !entry.undescribed.some((hash) => now.has(hash));
}

/**
 * Documents this run parses may claim a stored spec: a record linking to it
 * or named after it, a spec with its number. Such a spec is compared again,
 * so that pairing and duplicate rules see both documents.
 */
export function claimedBy(
  entry: Pick<StoredSpecResult, 'spec' | 'record'>,
  parsed: { specs: readonly { number: number | null }[]; records: readonly { file: string; number: number | null; slug: string | null; linkedSpec: string | null }[] },
): boolean {
  if (entry.spec.number !== null && parsed.specs.some((spec) => spec.number === entry.spec.number)) return true;
  return parsed.records.some(
    (record) =>
      record.file !== entry.record.file &&
      (record.linkedSpec === entry.spec.file || (record.number !== null && record.number === entry.spec.number && record.slug === entry.spec.slug)),
  );
}

/**
 * A path the result read that a commit since changed, or undefined. When the
 * result's commit is on this history, the history up to it is the one the
 * result saw, so only the paths later commits touched are looked at: the
 * answer comparing each read's last commit gives, without walking each read's
 * history (a thousand old specs cost a pull request's run a tenth of its time).
 */
function changedRead(history: GitHistory, entry: StoredSpecResult): string | undefined {
  const index = history.indexOf(entry.at);
  if (index !== undefined) {
    const later = pathsChangedAfter(history, index);
    return later.length === 0 ? undefined : entry.reads.find((read) => touchedIn(later, read.path))?.path;
  }
  return entry.reads.find((read) => lastTouch(history, read.path) !== read.last)?.path;
}

/**
 * `touches` either way round, for a stored read (kept trimmed) and an ignored entry (given
 * without a trailing slash): without touches' trimming, which a thousand heads' reads paid for.
 */
function nested(read: string, ignored: string): boolean {
  if (ignored === '.' || ignored === '' || read === ignored) return true;
  return read.startsWith(`${ignored}/`) || ignored.startsWith(`${read}/`);
}

function no(why: string): { reuse: false; why: string } {
  return { reuse: false, why };
}

/**
 * The paths that lie under no other of them (sorted input): a folder read covers what is under it
 * for every rule that looks at reads (changed since, uncommitted, ignored, settled), so a stored
 * head need not carry both.
 */
function outermost(sorted: readonly string[]): string[] {
  const kept: string[] = [];
  for (const one of sorted) {
    // Sorted, a folder comes before every path under it.
    if (!kept.some((folder) => one.startsWith(`${folder}/`))) kept.push(one);
  }
  return kept;
}

/** The last commit that touched a path or anything under it; null when none did. */
function lastTouch(history: GitHistory, path: string): string | null {
  let last = -1;
  for (const file of [path, ...pathsUnder(history, `${path}/`)]) {
    const events = history.eventsOf(file);
    const event = events[events.length - 1];
    if (event && event.index > last) last = event.index;
  }
  return last < 0 ? null : (history.facts.commits[last]?.hash ?? null);
}

/** Commits after `index` that changed a path (following renames) or anything under it, as `traceArtifacts` finds them. */
function laterTouches(history: GitHistory, path: string, index: number): string[] {
  const cleaned = staticPart(path);
  return [cleaned, ...pathsUnder(history, `${cleaned}/`)].flatMap((file) => laterChanges(history, file, index).map((event) => event.commit.hash));
}

/** A glob row (`src/**\/*.ts`) reads the folder before its first wildcard; a plain path reads itself. */
function staticPart(path: string): string {
  const cleaned = trimSlash(path);
  const wildcard = cleaned.search(/[*?[{]/);
  if (wildcard < 0) return cleaned;
  const prefix = cleaned.slice(0, wildcard);
  return prefix.slice(0, Math.max(prefix.lastIndexOf('/'), 0));
}

