import { lstatSync } from 'node:fs';
import path from 'node:path';
import { workspaceCacheDir } from './cache/location.js';
import { openSpecResultStore, type SpecResultStore } from './cache/spec-results.js';
import { registry } from './check/registry.js';
import { linkedSpecFile } from './compare/document-rules.js';
import { describedCommits } from './compare/record-version.js';
import { claimedBy, reuseVerdict, storedEntryOf, type StoredSpecResult } from './compare/reuse.js';
import { sortFindings } from './compare/severity.js';
import { summarize } from './compare/summary.js';
import type { DocumentWorkspace } from './discover/index.js';
import type { Finding, ProvenanceDocument, SpecDocument, SpecResult, ValidateResult, Workspace } from './model/index.js';

/**
 * Old specs' results kept from earlier runs (spec 0032, docs/history.md):
 * looked up before the parse, so that a spec whose result still holds is
 * neither parsed, checked nor compared again; stored after the comparison
 * for the next run. The rule of when a result holds is `compare/reuse.ts`.
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

export function openStore(documents: DocumentWorkspace, options: ReuseOptions): SpecResultStore<StoredSpecResult> | null {
  if (options.cache === false) return null;
  const cacheDir = workspaceCacheDir(documents);
  if (cacheDir === null) return null;
  return openSpecResultStore<StoredSpecResult>(cacheDir, documents.config, {
    strict: options.strict ?? documents.config.strict,
    runChecks: options.runChecks !== false,
    history: options.history,
  });
}

/**
 * The stored results that hold for this run. When none is stored (a cold
 * run), git's facts are not waited for, so the parse starts at once as before.
 */
export async function findReusable(
  documents: DocumentWorkspace,
  store: SpecResultStore<StoredSpecResult>,
  workspaceRead: Promise<Workspace>,
  ignoredRead: Promise<string[] | null>,
): Promise<ReusedSpecs> {
  const stored = (await Promise.all(documents.specFiles.map((file) => store.get(file)))).filter((entry): entry is StoredSpecResult => entry !== undefined);
  const none: ReusedSpecs = { entries: [], specFiles: new Set(), recordFiles: new Set() };
  if (stored.length === 0) return none;
  const [workspace, ignored] = await Promise.all([workspaceRead, ignoredRead]);
  const git = workspace.git;
  if (!git || ignored === null) return none;
  const context = {
    git,
    specFiles: new Set(workspace.specFiles),
    provenanceFiles: new Set(workspace.provenanceFiles),
    described: describedCommits(git, workspace.provenanceFiles),
    ignored,
  };
  const entries = stored.filter((entry) => reuseVerdict(entry, context).reuse);
  // Two specs kept for one record would pair it twice: neither is kept.
  const recordCount = new Map<string, number>();
  for (const entry of entries) recordCount.set(entry.record.file, (recordCount.get(entry.record.file) ?? 0) + 1);
  const kept = entries.filter((entry) => recordCount.get(entry.record.file) === 1);
  return {
    entries: kept,
    specFiles: new Set(kept.map((entry) => entry.spec.file)),
    recordFiles: new Set(kept.map((entry) => entry.record.file)),
  };
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
  const summary = summarize(specs, [...findings, ...specs.flatMap((spec) => spec.findings)]);
  return { ...result, findings, specs, summary: result.summary.tasks ? { ...summary, tasks: result.summary.tasks } : summary, exitCode: summary.findings.error > 0 ? 1 : 0 };
}

/** Stores each compared spec's result that may be reused by a later run. */
export async function storeResults(
  store: SpecResultStore<StoredSpecResult>,
  workspace: Workspace,
  result: ValidateResult,
  records: readonly ProvenanceDocument[],
  ignoredRead: Promise<string[] | null>,
): Promise<number> {
  const ignored = await ignoredRead;
  if (ignored === null) return 0;
  const specRefOf = new Map(records.map((record) => [record.file, record.specRef?.path ?? null]));
  let stored = 0;
  for (const spec of result.specs) {
    if (!spec.provenance) continue;
    const files = new Set([spec.spec.file, spec.provenance.file]);
    const unowned = result.findings.filter((finding) => finding.location !== undefined && files.has(finding.location.file));
    const entry = storedEntryOf({ git: workspace.git, result: spec, specRef: specRefOf.get(spec.provenance.file) ?? null, registry, unowned, ignored, isLink: (file) => isSymbolicLink(workspace.root, file) });
    if (typeof entry === 'string') continue;
    await store.set(spec.spec.file, entry);
    stored += 1;
  }
  return stored;
}

function isSymbolicLink(root: string, file: string): boolean {
  try {
    return lstatSync(path.join(root, file)).isSymbolicLink();
  } catch {
    return false;
  }
}
