import path from 'node:path';
import { cacheDirectory } from './cache/location.js';
import { createHistory, type History, type HistoryMode } from './check/history/index.js';
import { startEarlyChecks, type EarlyChecks } from './early-checks.js';
import { checkDocuments, matchRecordsToSpecs } from './compare/document-rules.js';
import { compare, type RecordHistory } from './compare/index.js';
import { withTaskLists } from './compare/tasks.js';
import { locateRecordVersion } from './compare/record-version.js';
import { readBlobs } from './discover/git.js';
import { createFileProbe } from './discover/git-worktree.js';
import { discoverDocuments, discoverGit, withGit, type DocumentWorkspace } from './discover/index.js';
import {
  type Finding,
  type ProvenanceDocument,
  type SpecDocument,
  type TaskListDocument,
  type TaskSource,
  type ValidateResult,
  type Workspace,
} from './model/index.js';
import { parseSpec, type ParseDepth, type ParseResult } from './parse/index.js';
import { parseDocumentsCached } from './parse-pool/index.js';
import { discoverTaskSources, judgeTaskLists, namesTaskSource, readTaskRefs, selectTaskSources } from './validate-tasks.js';

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
}

/** A request that cannot be served (unknown spec filter): exit code 2. */
export class ValidateUsageError extends Error {}

export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const documents = await discoverDocuments(options.root, { configPath: options.configPath, base: options.base });
  const history = createHistory(documents.root, {
    mode: options.history ?? documents.config.history.mode,
    cacheDir: options.cache === false ? null : cacheDirectory(documents.root, documents.config),
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
  const workspaceRead = discoverGit(documents, { base: options.base, cache: options.cache }).then((git) => withGit(documents, git));
  const refsRead = readTaskRefs(documents.root, taskSources);
  const early =
    options.runChecks === false
      ? null
      : startEarlyChecks({
          documents,
          workspace: workspaceRead,
          selected: (specs) => {
            try {
              return new Set(selectSpecs(specs, options.specs, taskSources));
            } catch {
              return null; // An unknown --spec is reported below, once.
            }
          },
          progress: options.progress,
          history,
        });
  const [workspace, parsed] = await Promise.all([
    workspaceRead,
    parseWorkspace(documents, { cache: options.cache, depth: 'outline', onDocument: early?.offer, tasks: taskSources.map((source) => source.tasksFile) }),
  ]);
  const selected = new Set(selectSpecs(parsed.specs, options.specs, taskSources));
  const pairs = matchRecordsToSpecs(parsed.specs, parsed.records).pairs.filter(({ spec }) => selected.has(spec));
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
  const result = compare({
    workspace,
    pairs,
    records: parsed.records,
    evidence: checkStage.evidence,
    findings: options.specs ? earlier.filter((finding) => concernsSelection(finding, pairs)) : earlier,
    histories,
    probe,
    strict,
    checksRun: options.runChecks !== false,
    // A repository of spec-kit features or OpenSpec changes has something to verify without a spec.
    expectNoSpecs: workspace.config.expect.noSpecs || taskSources.length > 0,
  });
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
      cache: options.cache !== false && cacheDirectory(workspace.root, workspace.config) !== null,
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
function selectSpecs(specs: SpecDocument[], filters: string[] | undefined, taskSources: readonly TaskSource[] = []): SpecDocument[] {
  if (!filters || filters.length === 0) return specs;
  return filters.flatMap((filter) => {
    const matches = specs.filter((spec) => specMatches(spec, filter));
    if (matches.length === 0 && !namesTaskSource(taskSources, filter)) {
      throw new ValidateUsageError(taskSources.length === 0 ? `no spec matches "${filter}"` : `no spec, feature or change matches "${filter}"`);
    }
    return matches;
  });
}

function specMatches(spec: SpecDocument, filter: string): boolean {
  if (/^\d+$/.test(filter)) return spec.number === Number(filter);
  return spec.file === filter || spec.slug === filter || path.basename(spec.file, '.md') === filter;
}

/** With `--spec`, keep what concerns the selected specs and their records, and what concerns no document. */
function concernsSelection(finding: Finding, pairs: { spec: SpecDocument; record: ProvenanceDocument | null }[]): boolean {
  const files = new Set(pairs.flatMap(({ spec, record }) => (record ? [spec.file, record.file] : [spec.file])));
  if (finding.spec) return files.has(finding.spec);
  return !finding.location || files.has(finding.location.file);
}
