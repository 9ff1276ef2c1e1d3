import { workspaceCacheDir } from './cache/location.js';
import { createHistory, type History, type HistoryMode } from './check/history/index.js';
import { startEarlyChecks, type EarlyChecks } from './early-checks.js';
import { checkDocuments, matchRecordsToSpecs } from './compare/document-rules.js';
import { compare, type RecordHistory } from './compare/index.js';
import { withTaskLists } from './compare/tasks.js';
import { locateRecordVersion } from './compare/record-version.js';
import { packSettledSummary } from './compare/settled.js';
import { readBlobs } from './discover/git.js';
import { readWorkingState } from './discover/working-state.js';
import type { RunConfig } from './discover/base-config.js';
import {
  claimedEntries,
  findReusable,
  groupSettled,
  mergeReused,
  nextSettledSummary,
  openStore,
  restsOfResults,
  settleSpecs,
  storeResults,
  withoutEntries,
  withoutReused,
} from './reused-specs.js';
import { createFileProbe } from './discover/git-worktree.js';
import { discoverDocuments, discoverGit, withGit, type DocumentWorkspace } from './discover/index.js';
import {
  type Finding,
  type ProvenanceDocument,
  type SpecDocument,
  type TaskListDocument,
  type TaskSource,
  type ValidateResult,
  type WorkingState,
  type Workspace,
} from './model/index.js';
import { parseSpec, specFilterMatches, type ParseDepth, type ParseResult } from './parse/index.js';
import { parseDocumentsCached } from './parse-pool/index.js';
import { discoverTaskSources, judgeTaskLists, namesTaskSource, readTaskRefs, selectTaskSources } from './validate-tasks.js';
import { plural } from './plural.js';

/**
 * The whole `sdd validate` pipeline, as a library call:
 * discover → parse → check → compare. Rendering is the caller's business.
 */
export interface ValidateOptions {
  root: string;
  configPath?: string;
  base?: string;
  strict?: boolean;
  /** False: document rules and git drift only (`--no-checks`). */
  runChecks?: boolean;
  /** Only these specs: numbers (`1`, `0001`), slugs, or paths. */
  specs?: string[];
  progress?: (message: string) => void;
  /** False: neither read nor write the cache (`--no-cache`). */
  cache?: boolean;
  /**
   * How records committed earlier are judged (docs/history.md): `objects`
   * reads the files of the record's commit from git and leaves commands Not
   * re-run; `full` also re-runs those in a temporary worktree. Default: the
   * configuration's `history.mode`.
   */
  history?: HistoryMode;
  /**
   * The working tree's state as the caller read it for this run (the whole-run cache does):
   * git's status and ignored files are then not asked again (spec 0041).
   */
  workingState?: WorkingState;
  /** The configuration and tracked cache files the caller read for this run (spec 0044): not read again. */
  runConfig?: RunConfig;
}

/** A request that cannot be served (unknown spec filter): exit code 2. */
export class ValidateUsageError extends Error {}

export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const documents = await discoverDocuments(options.root, { configPath: options.configPath, base: options.base, runConfig: options.runConfig });
  const history = createHistory(documents.root, {
    mode: options.history ?? documents.config.history.mode,
    cacheDir: options.cache === false ? null : workspaceCacheDir(documents),
    setup: documents.config.history.setup ?? null,
  });
  try {
    return await validateWith(documents, options, history);
  } finally {
    // Temporary snapshots and worktrees go, whether the run ends well or not.
    history.dispose();
  }
}

async function validateWith(documents: DocumentWorkspace, options: ValidateOptions, history: History): Promise<ValidateResult> {
  // spec-kit features and OpenSpec changes: listed now, parsed with the documents, judged at the end.
  const taskSources = await discoverTaskSources(documents);
  // While the documents are parsed (in a worker, from 64 of them), this thread reads git's log
  // (a child process) and checks each spec whose record is in.
  // The working tree's status and ignored files: as the caller read them for this run (spec 0041), else read here, once.
  const workingState = options.workingState?.root === documents.root ? options.workingState : await readWorkingState(documents.root);
  const workspaceRead = discoverGit(documents, { base: options.base, cache: options.cache, workingState }).then((git) => withGit(documents, git));
  const refsRead = readTaskRefs(documents.root, taskSources);
  // Old specs whose stored result still holds are neither parsed, checked nor compared (spec 0032).
  const store = openStore(documents, { ...options, history: history.mode });
  // Files git ignores are vouched for by no commit: a result that read one is never reused, nor settled.
  const ignored = store || options.base !== undefined ? workingState.ignored : null;
  // With --base and every spec selected, one stored summary stands for the settled specs (spec 0052).
  const useSummary = options.base !== undefined && (options.specs === undefined || options.specs.length === 0);
  let reused = store ? await findReusable(documents, store, workspaceRead, ignored, { summary: useSummary }) : null;
  const reusedCount = reused ? reused.entries.length + reused.settled.length : 0;
  if (reusedCount > 0) options.progress?.(`${plural(reusedCount, 'spec')} reused from an earlier run: nothing they read has changed (--no-cache checks them again)`);
  const toParse = reused ? withoutReused(documents, reused) : documents;
  const early =
    options.runChecks === false
      ? null
      : startEarlyChecks({
          documents: toParse,
          workspace: workspaceRead,
          selected: (specs) => {
            try {
              return new Set(selectSpecs(specs, options.specs, taskSources));
            } catch {
              return null; // An unknown --spec (or one naming a reused spec) is settled below, once.
            }
          },
          progress: options.progress,
          history,
        });
  const [workspace, firstParse] = await Promise.all([
    workspaceRead,
    parseWorkspace(toParse, { cache: options.cache, depth: 'outline', onDocument: early?.offer, tasks: taskSources.map((source) => source.tasksFile) }),
  ]);
  let parsed = firstParse;
  // A parsed document that claims a reused spec (links to it, shares its number) is compared with it.
  const claimed = reused ? claimedEntries(reused, parsed, workspace.specFiles) : [];
  if (reused && claimed.length > 0) {
    reused = withoutEntries(reused, claimed);
    const more = await parseWorkspace(
      { ...documents, specFiles: claimed.map((entry) => entry.spec.file), provenanceFiles: claimed.map((entry) => entry.record.file) },
      { cache: options.cache, depth: 'outline' },
    );
    parsed = joinParsed(parsed, more);
  }
  const kept = reused?.entries ?? [];
  const settledKept = reused?.settled ?? [];
  const selectedFiles = new Set(selectSpecs([...parsed.specs, ...kept.map((entry) => entry.spec)], options.specs, taskSources).map((spec) => spec.file));
  const pairs = matchRecordsToSpecs(parsed.specs, parsed.records).pairs.filter(({ spec }) => selectedFiles.has(spec.file));
  const reusedPairs = kept.filter((entry) => selectedFiles.has(entry.spec.file));
  const documentFindings = checkDocuments(parsed.specs, parsed.records, {
    specFiles: workspace.specFiles,
    provenanceFiles: workspace.provenanceFiles,
  });
  const [checkStage, histories] = await Promise.all([
    early === null ? Promise.resolve({ evidence: [], findings: [] }) : early.finish(workspace, pairs),
    readRecordHistories(workspace, pairs, parsed.texts),
  ]);
  const strict = options.strict ?? workspace.config.strict;
  // A repository of spec-kit features or OpenSpec changes need not have sdd's own folders.
  const discovered = taskSources.length > 0 ? workspace.findings.filter((finding) => finding.ruleId !== 'discover/missing-folder') : workspace.findings;
  const earlier = [...discovered, ...parsed.findings, ...documentFindings, ...checkStage.findings];
  const probe = createFileProbe(workspace.root);
  const selection = [...pairs.map(({ spec, record }) => ({ spec: spec.file, record: record?.file ?? null })), ...reusedPairs.map((entry) => ({ spec: entry.spec.file, record: entry.record.file }))];
  const selectionFiles = new Set(selection.flatMap(({ spec, record }) => (record ? [spec, record] : [spec])));
  const concerns = (finding: Finding) => !options.specs || concernsSelection(finding, selectionFiles);
  const compared = compare({
    workspace,
    pairs,
    records: [...parsed.records, ...[...kept, ...settledKept].map((entry) => ({ file: entry.record.file, specRef: entry.record.specRef === null ? null : { path: entry.record.specRef } }))],
    evidence: checkStage.evidence,
    findings: earlier.filter(concerns),
    histories,
    probe,
    strict,
    checksRun: options.runChecks !== false,
    // A repository of spec-kit features or OpenSpec changes has something to verify without a spec.
    expectNoSpecs: workspace.config.expect.noSpecs || taskSources.length > 0 || reusedPairs.length > 0 || settledKept.length > 0,
  });
  // What each result rests on: stored for a later run, and, with --base, what tells a settled spec (listed in short).
  const rests = restsOfResults(workspace, compared, parsed.records, ignored);
  // With the settled summary, heads are kept in it: the file of every spec's head is neither read nor written.
  const stored = store ? await storeResults(store, rests, workspace.specFiles, { flush: !reused?.summary }) : new Map();
  const merged = mergeReused(settleSpecs(compared, rests, workspace.git), reusedPairs, workspace.specFiles, concerns);
  if (store && reused && useSummary) {
    const next = nextSettledSummary(workspace.git, reused, merged, rests, stored);
    if (next) await store.setSettled(packSettledSummary(next));
  }
  const result = groupSettled(merged, workspace.git?.base ?? null, settledKept);
  const taskLists = judgeTaskLists({
    workspace,
    sources: selectTaskSources(taskSources, options.specs),
    parsed: parsed.taskLists,
    refs: await refsRead,
    probe,
    strict,
  });
  return withTaskLists(result, taskLists);
}

function joinParsed(first: ParsedWorkspace, second: ParsedWorkspace): ParsedWorkspace {
  const byFile = <T extends { file: string }>(a: T, b: T) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    specs: [...first.specs, ...second.specs].sort(byFile),
    records: [...first.records, ...second.records].sort(byFile),
    findings: [...first.findings, ...second.findings],
    texts: new Map([...first.texts, ...second.texts]),
    taskLists: first.taskLists,
  };
}


export interface ParsedWorkspace {
  specs: SpecDocument[];
  records: ProvenanceDocument[];
  findings: Finding[];
  /** Each document's text as read, keyed by repository-relative path. */
  texts: Map<string, string>;
  /** Task lists (spec-kit, OpenSpec) by file, with their own findings. */
  taskLists: Map<string, ParseResult<TaskListDocument>>;
}

/**
 * Reads and parses every document: from the cache when its text is unchanged,
 * over worker threads when there are enough documents to pay for them.
 */
export async function parseWorkspace(
  workspace: DocumentWorkspace,
  options: { cache?: boolean; depth?: ParseDepth; onDocument?: EarlyChecks['offer']; tasks?: string[] } = {},
): Promise<ParsedWorkspace> {
  const parsed = await parseDocumentsCached(
    workspace,
    { specs: workspace.specFiles, provenance: workspace.provenanceFiles, tasks: options.tasks ?? [] },
    {
      // Where `cacheDirectory` allows one: the same rule as git's log and the whole-run cache.
      cache: options.cache !== false && workspaceCacheDir(workspace) !== null,
      depth: options.depth,
      workers: workspace.config.parse.workers,
      onDocument:
        options.onDocument &&
        ((kind, result) => {
          if (kind !== 'tasks') options.onDocument?.(kind, result.document as SpecDocument | ProvenanceDocument | null);
        }),
    },
  );
  const all = [...parsed.specs, ...parsed.records];
  return {
    specs: parsed.specs.flatMap((result) => (result.document ? [result.document] : [])),
    records: parsed.records.flatMap((result) => (result.document ? [result.document] : [])),
    findings: [...parsed.findings, ...all.flatMap((result) => result.findings)],
    texts: parsed.texts,
    taskLists: new Map((options.tasks ?? []).map((file, index) => [file, parsed.taskLists[index] as ParseResult<TaskListDocument>])),
  };
}

/**
 * Where each record stands in history, and the text of its spec as it was
 * then: one `git cat-file --batch` for every old spec version at once.
 */
async function readRecordHistories(
  workspace: Workspace,
  pairs: { spec: SpecDocument; record: ProvenanceDocument | null }[],
  texts: ReadonlyMap<string, string>,
): Promise<Map<string, RecordHistory>> {
  const histories = new Map<string, RecordHistory>();
  const git = workspace.git;
  if (!git) return histories;
  const located = pairs.flatMap(({ spec, record }) =>
    record ? [{ spec, record, facts: locateRecordVersion(git, record.file, spec.file, texts.get(spec.file)) }] : [],
  );
  const oldBlobs = new Set(
    located.flatMap(({ facts }) =>
      facts.specBlobAtRecord && facts.specBlobAtRecord !== facts.specBlobNow ? [facts.specBlobAtRecord] : [],
    ),
  );
  const blobTexts = oldBlobs.size > 0 ? await readBlobs(workspace.root, oldBlobs) : new Map<string, string>();
  for (const { spec, record, facts } of located) {
    const oldText = facts.specBlobAtRecord && facts.specBlobAtRecord !== facts.specBlobNow ? blobTexts.get(facts.specBlobAtRecord) : undefined;
    const specAtRecord = oldText === undefined ? null : parseSpec(spec.file, oldText).document;
    histories.set(record.file, { facts, specAtRecord });
  }
  return histories;
}

/** The specs `--spec` selects; a filter that names no spec is a usage error, unless it names a feature or change (`taskSources`). */
function selectSpecs<T extends { file: string }>(specs: T[], filters: string[] | undefined, taskSources: readonly TaskSource[] = []): T[] {
  if (!filters || filters.length === 0) return specs;
  return filters.flatMap((filter) => {
    const matches = specs.filter((spec) => specFilterMatches(spec.file, filter));
    if (matches.length === 0 && !namesTaskSource(taskSources, filter)) {
      throw new ValidateUsageError(taskSources.length === 0 ? `no spec matches "${filter}"` : `no spec, feature or change matches "${filter}"`);
    }
    return matches;
  });
}

/** With `--spec`, keep what concerns the selected specs and their records, and what concerns no document. */
function concernsSelection(finding: Finding, files: ReadonlySet<string>): boolean {
  if (finding.spec) return files.has(finding.spec);
  return !finding.location || files.has(finding.location.file);
}
