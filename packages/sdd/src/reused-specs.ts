import { lstatSync } from 'node:fs';
import path from 'node:path';
import { workspaceCacheDir } from './cache/location.js';
import { checkedHead, openSpecResultStore, type SpecResultStore } from './cache/spec-results.js';
import { registry } from './check/registry.js';
import { linkedSpecFile } from './compare/document-rules.js';
import { describedCommits } from './compare/record-version.js';
import { claimedBy, reuseVerdict, storedEntryOf, type StoredSpecResult } from './compare/reuse.js';
import { isSettled, keptFromSummary, packCounts, settledEntryOf, settledForm, unpackSettledSummary, unpackTotal, type SettledEntry, type SettledSummary } from './compare/settled.js';
import { compareText } from './model/finding-order.js';
import { once } from './once.js';
import { sortFindings } from './compare/severity.js';
import { countsOf, summarize } from './compare/summary.js';
import type { DocumentWorkspace } from './discover/index.js';
import type { ArtifactComparison, Finding, GitFacts, ProvenanceDocument, SettledGroup, SpecCounts, SpecDocument, SpecResult, StepComparison, ValidateResult, Workspace } from './model/index.js';

/**
 * Old specs' results kept from earlier runs (spec 0032, docs/history.md):
 * looked up before the parse, so that a spec whose result still holds is
 * neither parsed, checked nor compared again; stored after the comparison
 * for the next run. The rule of when a result holds is `compare/reuse.ts`;
 * with `--base`, which specs are listed in short is `compare/settled.ts`.
 */
interface ReusedSpecs {
  /** Results this run takes as they are. */
  entries: StoredSpecResult[];
  /** Settled specs without findings that the settled summary vouches for (spec 0052): counted, not listed. */
  settled: SettledEntry[];
  /** The settled summary these came from; null when none applied (this run's stored heads were read instead). */
  summary: SettledSummary | null;
  /** The stored heads of `entries`, as stored: kept in the next settled summary. */
  heads: Map<string, StoredHeadWithBody>;
  /** Spec and record files not to parse. */
  specFiles: Set<string>;
  recordFiles: Set<string>;
}

interface ReuseOptions {
  cache?: boolean;
  strict?: boolean;
  runChecks?: boolean;
  history: string;
}

/** What every run reads of a stored result: all but its steps and artifacts, which are the body. */
type StoredHead = StoredSpecResult & { counts: SpecCounts };
/**
 * A head as stored: a thousand of them are read by every pull request's run, so what the result
 * already says (its spec, its record's file) is not stored twice, and each read is a pair.
 */
type PackedHead = Omit<StoredHead, 'spec' | 'record' | 'reads'> & { specRef: string | null; reads: [string, string | null][] };
type StoredBody = { steps: StepComparison[]; artifacts: ArtifactComparison[] };
type Store = SpecResultStore<PackedHead, StoredBody>;
type StoredHeadWithBody = PackedHead & { bodyId: string };

function packHead({ spec: _spec, record, reads, ...rest }: StoredHead): PackedHead {
  return { ...rest, specRef: record.specRef, reads: reads.map((read) => [read.path, read.last]) };
}

function unpackHead(packed: StoredHeadWithBody): StoredHead & { bodyId: string } {
  const { result } = packed;
  // Built field by field: a thousand heads' rest-and-spread copies cost V8's slow path.
  return {
    spec: { file: result.spec.file, number: result.spec.number, slug: result.spec.slug },
    // The store keeps only heads of results with a record (`storedEntryOf`).
    record: { file: result.provenance?.file ?? '', specRef: packed.specRef },
    at: packed.at,
    reads: packed.reads.map(([path, last]) => ({ path, last })),
    next: packed.next,
    described: packed.described,
    undescribed: packed.undescribed,
    result,
    unowned: packed.unowned,
    counts: packed.counts,
    bodyId: packed.bodyId,
  };
}

export function openStore(documents: DocumentWorkspace, options: ReuseOptions): Store | null {
  if (options.cache === false) return null;
  const cacheDir = workspaceCacheDir(documents);
  if (cacheDir === null) return null;
  return openSpecResultStore<PackedHead, StoredBody>(cacheDir, documents.config, {
    strict: options.strict ?? documents.config.strict,
    runChecks: options.runChecks !== false,
    history: options.history,
  });
}

/**
 * The stored results that hold for this run: settled ones in short (their
 * body is not read), the others whole. With `--base`, the settled summary
 * (spec 0052) stands for the settled specs without findings, and its own
 * heads for the other stored specs: the file of every spec's head is not read.
 * When none is stored (a cold run), git's facts are not waited for, so the
 * parse starts at once as before.
 */
export async function findReusable(
  documents: DocumentWorkspace,
  store: Store,
  workspaceRead: Promise<Workspace>,
  ignored: readonly string[] | null,
  options: { summary: boolean },
): Promise<ReusedSpecs> {
  const fromSummary = options.summary ? await summaryThatHolds(store, workspaceRead, ignored) : null;
  const settled = fromSummary?.settled ?? [];
  const settledFiles = new Set(settled.map((entry) => entry.spec.file));
  const headOf = fromSummary ? async (file: string) => checkedHead(fromSummary.summary.heads[file], file) : (file: string) => store.get(file);
  const candidates = settledFiles.size === 0 ? documents.specFiles : documents.specFiles.filter((file) => !settledFiles.has(file));
  const packed = new Map<string, StoredHeadWithBody>();
  const heads = await Promise.all(candidates.map(headOf));
  for (const [index, head] of heads.entries()) if (head !== undefined) packed.set(candidates[index] ?? '', head as StoredHeadWithBody);
  const stored = [...packed.values()].map(unpackHead);
  const found = (entries: StoredSpecResult[]): ReusedSpecs => {
    const all = [...entries, ...settled];
    const heads = new Map<string, StoredHeadWithBody>();
    for (const entry of entries) {
      const head = packed.get(entry.spec.file);
      if (head) heads.set(entry.spec.file, head);
    }
    return {
      entries,
      settled,
      summary: fromSummary?.summary ?? null,
      heads,
      specFiles: new Set(all.map((entry) => entry.spec.file)),
      recordFiles: new Set(all.map((entry) => entry.record.file)),
    };
  };
  if (stored.length === 0) return found([]);
  const workspace = await workspaceRead;
  const git = workspace.git;
  if (!git || ignored === null) return found([]);
  const context = {
    git,
    specFiles: new Set(workspace.specFiles),
    provenanceFiles: new Set(workspace.provenanceFiles),
    described: once(() => describedCommits(git, workspace.provenanceFiles)),
    ignored,
  };
  const entries = stored.filter((entry) => reuseVerdict(entry, context).reuse);
  // Two specs kept for one record would pair it twice: neither is kept.
  const recordCount = new Map<string, number>();
  for (const entry of [...entries, ...settled]) recordCount.set(entry.record.file, (recordCount.get(entry.record.file) ?? 0) + 1);
  const unique = entries.filter((entry) => recordCount.get(entry.record.file) === 1);
  // Bodies are read side by side; one that is gone or another write's: the spec is parsed and checked again.
  return found((await Promise.all(unique.map((entry) => wholeResult(store, entry, git)))).filter((whole) => whole !== undefined));
}

/**
 * With `--base`: the stored settled summary and its entries that still hold (spec 0052); null when
 * there is none or it does not apply to this run, and the file of every spec's head is read instead.
 */
async function summaryThatHolds(store: Store, workspaceRead: Promise<Workspace>, ignored: readonly string[] | null): Promise<{ summary: SettledSummary; settled: SettledEntry[] } | null> {
  const summary = unpackSettledSummary(await store.settled());
  if (summary === undefined || ignored === null) return null;
  const workspace = await workspaceRead;
  const git = workspace.git;
  if (!git) return null;
  const settled = keptFromSummary(summary, {
    git,
    specFiles: new Set(workspace.specFiles),
    provenanceFiles: new Set(workspace.provenanceFiles),
    ignored,
    described: once(() => describedCommits(git, workspace.provenanceFiles)),
  });
  return settled === null ? null : { summary, settled };
}

/** A reused head as this run lists it: in short when settled, else with its body. */
async function wholeResult(store: Store, head: StoredHead & { bodyId: string }, git: GitFacts): Promise<StoredSpecResult | undefined> {
  const { spec, record, at, reads, next, described, undescribed, result, unowned } = head;
  const entry: StoredSpecResult = { spec, record, at, reads, next, described, undescribed, result, unowned };
  if (git.base !== null && isSettled(entry, git)) return { ...entry, result: { ...result, settled: { base: git.base, counts: head.counts } } };
  const body = await store.body(spec.file, head.bodyId);
  return body && { ...entry, result: { ...result, steps: body.steps, artifacts: body.artifacts } };
}

/** The documents left to parse once the reused specs and their records are set aside. */
export function withoutReused(documents: DocumentWorkspace, reused: ReusedSpecs): DocumentWorkspace {
  if (reused.specFiles.size === 0) return documents;
  return {
    ...documents,
    specFiles: documents.specFiles.filter((file) => !reused.specFiles.has(file)),
    provenanceFiles: documents.provenanceFiles.filter((file) => !reused.recordFiles.has(file)),
  };
}

/** Reused specs that a parsed document claims (a record linking to one, a spec with its number): these are parsed and compared after all. */
export function claimedEntries(reused: ReusedSpecs, parsed: { specs: SpecDocument[]; records: ProvenanceDocument[] }, allSpecFiles: readonly string[]): Pick<StoredSpecResult, 'spec' | 'record'>[] {
  if (reused.entries.length === 0 && reused.settled.length === 0) return [];
  const records = parsed.records.map((record) => ({ file: record.file, number: record.number, slug: record.slug, linkedSpec: linkedSpecFile(record, allSpecFiles) }));
  return [...reused.entries, ...reused.settled].filter((entry) => claimedBy(entry, { specs: parsed.specs, records }));
}

export function withoutEntries(reused: ReusedSpecs, dropped: readonly Pick<StoredSpecResult, 'spec' | 'record'>[]): ReusedSpecs {
  if (dropped.length === 0) return reused;
  const gone = new Set<unknown>(dropped);
  const entries = reused.entries.filter((entry) => !gone.has(entry));
  const settled = reused.settled.filter((entry) => !gone.has(entry));
  const all = [...entries, ...settled];
  return { ...reused, entries, settled, specFiles: new Set(all.map((entry) => entry.spec.file)), recordFiles: new Set(all.map((entry) => entry.record.file)) };
}

/** The run's result with the reused specs in their place (the listing's order), and its summary and exit code counted again. */
export function mergeReused(result: ValidateResult, entries: readonly StoredSpecResult[], specFiles: readonly string[], unownedFilter: (finding: Finding) => boolean): ValidateResult {
  if (entries.length === 0) return result;
  const order = new Map(specFiles.map((file, index) => [file, index]));
  const specs: SpecResult[] = [...result.specs, ...entries.map((entry) => entry.result)].sort(
    (a, b) => (order.get(a.spec.file) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.spec.file) ?? Number.MAX_SAFE_INTEGER),
  );
  const unowned = entries.flatMap((entry) => entry.unowned).filter(unownedFilter);
  const findings = unowned.length === 0 ? result.findings : sortFindings([...result.findings, ...unowned]);
  const summary = resummarized(result, specs, findings);
  return { ...result, findings, specs, summary, exitCode: summary.findings.error > 0 ? 1 : 0 };
}

/**
 * What each compared spec's result rests on (what it read, and the last
 * commit of each), for specs whose result may be stored and settled; keyed by
 * spec file. Empty when git's ignored files are not known.
 */
export function restsOfResults(workspace: Workspace, result: ValidateResult, records: readonly ProvenanceDocument[], ignored: readonly string[] | null): Map<string, StoredSpecResult> {
  const rests = new Map<string, StoredSpecResult>();
  if (ignored === null) return rests;
  const specRefOf = new Map(records.map((record) => [record.file, record.specRef?.path ?? null]));
  for (const spec of result.specs) {
    if (!spec.provenance) continue;
    const files = new Set([spec.spec.file, spec.provenance.file]);
    const unowned = result.findings.filter((finding) => finding.location !== undefined && files.has(finding.location.file));
    const entry = storedEntryOf({ git: workspace.git, result: spec, specRef: specRefOf.get(spec.provenance.file) ?? null, registry, unowned, ignored, isLink: (file) => isSymbolicLink(workspace.root, file) });
    if (typeof entry !== 'string') rests.set(spec.spec.file, entry);
  }
  return rests;
}

/**
 * Stores each result that may be reused by a later run: its head, and its steps and artifacts as the
 * body. With the settled summary (spec 0052), the heads are kept there, not in the file of every
 * spec's head (writing one head rewrites them all). The heads written, by spec file.
 */
export async function storeResults(store: Store, rests: ReadonlyMap<string, StoredSpecResult>, specFiles: readonly string[], options: { flush: boolean }): Promise<Map<string, StoredHeadWithBody>> {
  const written = new Map<string, StoredHeadWithBody>();
  for (const [file, entry] of rests) {
    const { steps, artifacts } = entry.result;
    written.set(file, await store.set(file, packHead({ ...entry, result: { ...entry.result, steps: [], artifacts: [] }, counts: countsOf(entry.result) }), { steps, artifacts }, options));
  }
  // Heads of specs that are gone are dropped here: the file of heads does not grow with deleted specs.
  if (options.flush) await store.flush(specFiles);
  return written;
}

/** With `--base`, the compared specs that are settled, in short (the summary counted again); else the result as it is. */
export function settleSpecs(result: ValidateResult, rests: ReadonlyMap<string, StoredSpecResult>, git: GitFacts | null): ValidateResult {
  const base = git?.base ?? null;
  if (!git || base === null || rests.size === 0) return result;
  let settled = 0;
  const specs = result.specs.map((spec) => {
    const entry = rests.get(spec.spec.file);
    if (!entry || !isSettled(entry, git)) return spec;
    settled += 1;
    return settledForm(spec, base);
  });
  if (settled === 0) return result;
  return { ...result, specs, summary: resummarized(result, specs, result.findings) };
}

/**
 * With `--base`: the settled specs without findings taken out of the listing and counted in the
 * result's `settled` group, with those the settled summary vouched for (spec 0052). The summary's
 * counts do not change.
 */
export function groupSettled(result: ValidateResult, base: string | null, fromSummary: readonly SettledEntry[]): ValidateResult {
  if (base === null) return result;
  const { listed, quiet } = splitQuiet(result.specs);
  if (quiet.length === 0 && fromSummary.length === 0) return result;
  const total = unpackTotal([...quiet.map((spec) => packCounts(spec.settled?.counts ?? countsOf(spec), spec.coverage)), ...fromSummary.map((entry) => entry.counts)]);
  const specs = [...quiet.map((spec) => ({ file: spec.spec.file, record: spec.provenance?.file ?? '' })), ...fromSummary.map((entry) => ({ file: entry.spec.file, record: entry.record.file }))].sort((a, b) => compareText(a.file, b.file));
  const group: SettledGroup = { base, specs, counts: total.counts, coverage: total.coverage };
  // Built field by field: the JSON report keeps the model's key order.
  return {
    schemaVersion: result.schemaVersion,
    tool: result.tool,
    findings: result.findings,
    specs: listed,
    settled: group,
    ...(result.taskLists === undefined ? {} : { taskLists: result.taskLists }),
    summary: resummarized(result, listed, result.findings, group),
    exitCode: result.exitCode,
  };
}

/**
 * The settled summary this run leaves for the next (spec 0052), or null when the stored one still
 * says it all. Its entries: those it vouched for, and this run's other quiet settled specs that show
 * no finding among the run's own. Its heads: those of the run's other reused or stored results.
 */
export function nextSettledSummary(
  git: GitFacts | null,
  reused: Pick<ReusedSpecs, 'entries' | 'settled' | 'summary' | 'heads'>,
  result: ValidateResult,
  rests: ReadonlyMap<string, StoredSpecResult>,
  stored: ReadonlyMap<string, StoredHeadWithBody>,
): SettledSummary | null {
  if (!git || git.base === null || git.head === null || git.shallow) return null;
  const entries = [...reused.settled];
  const heads: Record<string, unknown> = Object.fromEntries(reused.heads);
  for (const [file, head] of stored) heads[file] = head;
  const restOf = new Map<string, StoredSpecResult>(reused.entries.map((entry) => [entry.spec.file, entry]));
  for (const [file, rest] of rests) restOf.set(file, rest);
  for (const spec of splitQuiet(result.specs).quiet) {
    const rest = restOf.get(spec.spec.file);
    if (!rest || rest.unowned.length > 0 || !spec.settled) continue;
    entries.push(settledEntryOf(rest, spec.settled.counts, spec.coverage));
    delete heads[spec.spec.file];
  }
  // The entries and heads it vouched for are a part of the stored ones: when nothing was added or left out, it says it all.
  const before = reused.summary;
  const sameEntries = before !== null && entries.length === reused.settled.length && reused.settled.length === before.entries.length;
  if (sameEntries && stored.size === 0 && Object.keys(heads).length === Object.keys(before.heads).length) return null;
  return { base: git.base, at: git.head, entries: entries.sort((a, b) => compareText(a.spec.file, b.spec.file)), heads };
}

function splitQuiet(specs: readonly SpecResult[]): { listed: SpecResult[]; quiet: SpecResult[] } {
  const listed: SpecResult[] = [];
  const quiet: SpecResult[] = [];
  for (const spec of specs) (spec.settled && spec.findings.length === 0 && spec.provenance ? quiet : listed).push(spec);
  return { listed, quiet };
}

/** The summary of specs and findings, with the task lists' part kept. */
function resummarized(result: ValidateResult, specs: readonly SpecResult[], findings: readonly Finding[], group?: SettledGroup): ValidateResult['summary'] {
  const summary = summarize(specs, [...findings, ...specs.flatMap((spec) => spec.findings)], group);
  return result.summary.tasks ? { ...summary, tasks: result.summary.tasks } : summary;
}

function isSymbolicLink(root: string, file: string): boolean {
  try {
    return lstatSync(path.join(root, file)).isSymbolicLink();
  } catch {
    return false;
  }
}
