import { lstatSync } from 'node:fs';
import path from 'node:path';
import { workspaceCacheDir } from './cache/location.js';
import { openSpecResultStore, type SpecResultStore } from './cache/spec-results.js';
import { registry } from './check/registry.js';
import { linkedSpecFile } from './compare/document-rules.js';
import { describedCommits } from './compare/record-version.js';
import { claimedBy, reuseVerdict, storedEntryOf, type StoredSpecResult } from './compare/reuse.js';
import { isSettled, settledForm } from './compare/settled.js';
import { sortFindings } from './compare/severity.js';
import { countsOf, summarize } from './compare/summary.js';
import type { DocumentWorkspace } from './discover/index.js';
import type { ArtifactComparison, Finding, GitFacts, ProvenanceDocument, SpecCounts, SpecDocument, SpecResult, StepComparison, ValidateResult, Workspace } from './model/index.js';

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

function packHead({ spec: _spec, record, reads, ...rest }: StoredHead): PackedHead {
  return { ...rest, specRef: record.specRef, reads: reads.map((read) => [read.path, read.last]) };
}

function unpackHead(packed: PackedHead & { bodyId: string }): StoredHead & { bodyId: string } {
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
 * body is not read), the others whole. When none is stored (a cold run),
 * git's facts are not waited for, so the parse starts at once as before.
 */
export async function findReusable(
  documents: DocumentWorkspace,
  store: Store,
  workspaceRead: Promise<Workspace>,
  ignored: readonly string[] | null,
): Promise<ReusedSpecs> {
  const stored = (await Promise.all(documents.specFiles.map((file) => store.get(file)))).flatMap((entry) => (entry === undefined ? [] : [unpackHead(entry)]));
  const none: ReusedSpecs = { entries: [], specFiles: new Set(), recordFiles: new Set() };
  if (stored.length === 0) return none;
  const workspace = await workspaceRead;
  const git = workspace.git;
  if (!git || ignored === null) return none;
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
  for (const entry of entries) recordCount.set(entry.record.file, (recordCount.get(entry.record.file) ?? 0) + 1);
  const unique = entries.filter((entry) => recordCount.get(entry.record.file) === 1);
  // Bodies are read side by side; one that is gone or another write's: the spec is parsed and checked again.
  const kept = (await Promise.all(unique.map((entry) => wholeResult(store, entry, git)))).filter((whole) => whole !== undefined);
  return {
    entries: kept,
    specFiles: new Set(kept.map((entry) => entry.spec.file)),
    recordFiles: new Set(kept.map((entry) => entry.record.file)),
  };
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
  if (reused.entries.length === 0) return documents;
  return {
    ...documents,
    specFiles: documents.specFiles.filter((file) => !reused.specFiles.has(file)),
    provenanceFiles: documents.provenanceFiles.filter((file) => !reused.recordFiles.has(file)),
  };
}

/** Reused specs that a parsed document claims (a record linking to one, a spec with its number): these are parsed and compared after all. */
export function claimedEntries(reused: ReusedSpecs, parsed: { specs: SpecDocument[]; records: ProvenanceDocument[] }, allSpecFiles: readonly string[]): StoredSpecResult[] {
  if (reused.entries.length === 0) return [];
  const records = parsed.records.map((record) => ({ file: record.file, number: record.number, slug: record.slug, linkedSpec: linkedSpecFile(record, allSpecFiles) }));
  return reused.entries.filter((entry) => claimedBy(entry, { specs: parsed.specs, records }));
}

export function withoutEntries(reused: ReusedSpecs, dropped: readonly StoredSpecResult[]): ReusedSpecs {
  if (dropped.length === 0) return reused;
  const gone = new Set(dropped);
  const entries = reused.entries.filter((entry) => !gone.has(entry));
  return { entries, specFiles: new Set(entries.map((entry) => entry.spec.file)), recordFiles: new Set(entries.map((entry) => entry.record.file)) };
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

/** Stores each result that may be reused by a later run: its head, and its steps and artifacts as the body. */
export async function storeResults(store: Store, rests: ReadonlyMap<string, StoredSpecResult>, specFiles: readonly string[]): Promise<void> {
  for (const [file, entry] of rests) {
    const { steps, artifacts } = entry.result;
    await store.set(file, packHead({ ...entry, result: { ...entry.result, steps: [], artifacts: [] }, counts: countsOf(entry.result) }), { steps, artifacts });
  }
  // Heads of specs that are gone are dropped here: the file of heads does not grow with deleted specs.
  await store.flush(specFiles);
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

/** The summary of specs and findings, with the task lists' part kept. */
function resummarized(result: ValidateResult, specs: readonly SpecResult[], findings: readonly Finding[]): ValidateResult['summary'] {
  const summary = summarize(specs, [...findings, ...specs.flatMap((spec) => spec.findings)]);
  return result.summary.tasks ? { ...summary, tasks: result.summary.tasks } : summary;
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

function isSymbolicLink(root: string, file: string): boolean {
  try {
    return lstatSync(path.join(root, file)).isSymbolicLink();
  } catch {
    return false;
  }
}
