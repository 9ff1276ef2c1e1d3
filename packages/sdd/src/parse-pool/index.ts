import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { documentKey, packParse, parseResultSchema, unpackParse, type CachedParse, type DocumentKind } from './documents-cache.js';
import { createCacheStore, type CacheStore } from '../cache/store.js';
import type { Finding, ProvenanceDocument, SpecDocument, TaskListDocument, Workspace } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';
import { checkParseResult, type ParseDepth, type ParseResult } from '../parse/index.js';
import { parseJob } from './parse-job.js';
import { createParsePool, type ParsePool } from './pool.js';
import type { ParseJob } from './protocol.js';

/** @public the pool tests load this module from the build, where knip cannot follow them */
export { createParsePool, type ParsePool, type ParsePoolOptions } from './pool.js';
export type { ParseJob } from './protocol.js';

/**
 * The parse stage at scale: read every document, take what the cache already
 * holds for the same text, parse the rest (over worker threads when there are
 * enough of them to pay for the workers), and remember what was parsed.
 * The results are the ones `parseSpec` / `parseProvenance` give, in the
 * order of the files asked for, whatever the cache and the workers did.
 */

/** @public */
export interface DocumentFiles {
  /** Repository-relative paths, as the workspace lists them. */
  specs: string[];
  provenance: string[];
  /** spec-kit and OpenSpec `tasks.md` files (always read in full). */
  tasks?: string[];
}

/** @public */
export interface ParseDocumentsOptions {
  /** Use the cache. Default: `config.cache.enabled`. */
  cache?: boolean;
  /** The cache directory, relative to the root or absolute. Default: `config.cache.dir`. */
  cacheDir?: string;
  /** Worker threads: 0 parses in this thread; default `'auto'` (one per core, when there are enough documents). */
  workers?: number | 'auto';
  /** Fewest documents to parse before `'auto'` starts workers: below it, starting them costs more than it saves. */
  minDocumentsForWorkers?: number;
  /** The compiled worker module (tests and bundlers); default: next to the pool module. */
  workerUrl?: URL;
  /** Default `full`; `sdd validate` reads at `outline` depth (see `ParseDepth`). */
  depth?: ParseDepth;
  /** Hears each document's result as soon as it is known (from the cache, or parsed), in no set order. */
  onDocument?: (kind: DocumentKind, result: ParseResult<unknown>) => void;
}

/** @public */
export interface ParsedDocuments {
  specs: ParseResult<SpecDocument>[];
  records: ParseResult<ProvenanceDocument>[];
  /** In the order of `files.tasks`; empty without it. */
  taskLists: ParseResult<TaskListDocument>[];
  /** Problems of the run itself (cache not writable), not of any document. */
  findings: Finding[];
  /** The text of every document read, by repository-relative path (later stages diff against it). */
  texts: Map<string, string>;
  stats: { documents: number; fromCache: number; parsed: number; workers: number };
}

const DEFAULT_MIN_DOCUMENTS_FOR_WORKERS = 64;

export async function parseDocumentsCached(
  workspace: Pick<Workspace, 'root' | 'config'>,
  files: DocumentFiles,
  options: ParseDocumentsOptions = {},
): Promise<ParsedDocuments> {
  const wanted: { kind: DocumentKind; file: string }[] = [
    ...files.specs.map((file) => ({ kind: 'spec' as const, file })),
    ...files.provenance.map((file) => ({ kind: 'provenance' as const, file })),
    ...(files.tasks ?? []).map((file) => ({ kind: 'tasks' as const, file })),
  ];
  const store = cacheEnabled(workspace, options)
    ? createCacheStore(path.resolve(workspace.root, options.cacheDir ?? workspace.config.cache.dir))
    : null;

  const depth = options.depth ?? 'full';
  const results = new Array<ParseResult<unknown>>(wanted.length);
  const settle = (index: number, result: ParseResult<unknown>) => {
    results[index] = result;
    options.onDocument?.((wanted[index] as (typeof wanted)[number]).kind, result);
  };
  const texts = new Map<string, string>();
  const toParse: { index: number; job: ParseJob; key: string | null }[] = [];
  // Workers start once there are enough documents to parse: they load the parser while the rest is read.
  const planned = workerCount(options, wanted.length);
  let pool: ParsePool | null = null;
  const startPool = () => {
    if (pool === null && planned > 0 && workerCount(options, toParse.length) > 0) {
      pool = createParsePool({ size: planned, workerUrl: options.workerUrl });
      pool.start();
    }
  };
  await Promise.all(
    wanted.map(async ({ kind, file }, index) => {
      const text = readDocument(workspace.root, file);
      if (typeof text !== 'string') {
        settle(index, { document: null, findings: [text] });
        return;
      }
      texts.set(file, text);
      // A task list has no outline to skip: it is read in full at any depth.
      const jobDepth = kind === 'tasks' ? 'full' : depth;
      const key = store ? documentKey(kind, file, text, jobDepth) : null;
      const cached = store && key ? await store.get(key, parseResultSchema(kind), (stored) => unpackParse(file, stored)) : undefined;
      if (cached) settle(index, cached);
      else {
        toParse.push({ index, job: { kind, file, text, depth: jobDepth }, key });
        startPool();
      }
    }),
  );
  // Reads finish in any order; parse in file order so that batches are the same on every run.
  toParse.sort((a, b) => a.index - b.index);

  // Assigned in the reads' callbacks, which TypeScript does not follow. Started exactly when
  // enough documents were found to need parsing.
  const started = pool as ParsePool | null;
  const workers = started?.size ?? 0;
  // Each result is stored as it arrives: cache writes overlap the parse of the next batch.
  const writes: Promise<void>[] = [];
  await parseAll(
    toParse.map((one) => one.job),
    started,
    (position, unchecked) => {
      const { index, key, job } = toParse[position] as (typeof toParse)[number];
      const result = checkParseResult(job.kind, job.file, unchecked);
      settle(index, result);
      if (store && key) writes.push(store.set(key, packParse(job.file, result as CachedParse)));
    },
  );
  await Promise.all(writes);

  const specCount = files.specs.length;
  const documentCount = specCount + files.provenance.length;
  return {
    specs: results.slice(0, specCount) as ParseResult<SpecDocument>[],
    records: results.slice(specCount, documentCount) as ParseResult<ProvenanceDocument>[],
    taskLists: results.slice(documentCount) as ParseResult<TaskListDocument>[],
    findings: store ? cacheFindings(store) : [],
    texts,
    stats: { documents: wanted.length, fromCache: wanted.length - toParse.length, parsed: toParse.length, workers },
  };
}

function cacheEnabled(workspace: Pick<Workspace, 'config'>, options: ParseDocumentsOptions): boolean {
  return options.cache ?? workspace.config.cache.enabled;
}

/**
 * Workers for a parse of `documents`. From `minDocumentsForWorkers` on, at
 * least one: parsing makes most of a run's garbage, and a worker's heap goes
 * when the worker does, so this thread's peak memory stays what the models
 * need (on the bench: 405 MB against 536 MB in-process). On two cores or
 * fewer, one worker: a second one parsed barely faster (measured with
 * `pnpm bench`), for another heap. Beyond, one per core.
 */
export function workerCount(
  options: Pick<ParseDocumentsOptions, 'workers' | 'minDocumentsForWorkers'> & { cores?: number },
  documents: number,
): number {
  if (typeof options.workers === 'number') return Math.max(0, Math.floor(Math.min(options.workers, documents)));
  if (documents < (options.minDocumentsForWorkers ?? DEFAULT_MIN_DOCUMENTS_FOR_WORKERS)) return 0;
  const cores = options.cores ?? availableParallelism();
  if (cores <= 2) return 1;
  return Math.min(cores, Math.ceil(documents / 32));
}

/** Over the pool's workers, else in this thread; the pool is closed either way. */
async function parseAll(jobs: ParseJob[], pool: ParsePool | null, onResult: (position: number, result: ParseResult<unknown>) => void): Promise<void> {
  if (pool === null) {
    jobs.forEach((job, position) => onResult(position, parseJob(job)));
    return;
  }
  try {
    await pool.parse(jobs, onResult);
  } finally {
    await pool.close();
  }
}

// Synchronous for the same reason as the cache store's reads: thousands of small files.
function readDocument(root: string, file: string): string | Finding {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return ruleFinding('parse/unreadable', `cannot read ${file}: ${reason}`, { location: { file, line: 1 } });
  }
}

function cacheFindings(store: CacheStore): Finding[] {
  if (store.stats.writeErrors === 0) return [];
  return [
    ruleFinding('cache/unwritable', `cannot write the parse cache in ${store.dir} (${store.stats.writeErrors} entries): ${store.stats.writeError ?? ''}`, {
      data: { dir: store.dir, failures: store.stats.writeErrors },
    }),
  ];
}
