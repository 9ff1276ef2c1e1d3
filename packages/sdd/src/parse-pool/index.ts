import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { documentKey, packParse, parseResultSchema, unpackParse, type CachedParse, type DocumentKind } from '../cache/documents.js';
import { createCacheStore, type CacheStore } from '../cache/store.js';
import type { Finding, ProvenanceDocument, RuleDefinition, SpecDocument, Workspace } from '../model/index.js';
import type { ParseResult } from '../parse/index.js';
import { parseJob } from './parse-job.js';
import { createParsePool } from './pool.js';
import type { ParseJob } from './protocol.js';

export { createParsePool, type ParsePool, type ParsePoolOptions } from './pool.js';
export type { ParseJob } from './protocol.js';

/**
 * The parse stage at scale: read every document, take what the cache already
 * holds for the same text, parse the rest (over worker threads when there are
 * enough of them to pay for the workers), and remember what was parsed.
 * The results are the ones `parseSpec` / `parseProvenance` give, in the
 * order of the files asked for, whatever the cache and the workers did.
 */

export const PARSE_POOL_RULES: RuleDefinition[] = [
  { id: 'parse/unreadable', defaultSeverity: 'error', description: 'A document file could not be read (permissions, a directory, removed during the run).' },
  { id: 'cache/unwritable', defaultSeverity: 'info', description: 'The parse cache could not be written; the run is correct but the next one is not faster.' },
];

export interface DocumentFiles {
  /** Repository-relative paths, as the workspace lists them. */
  specs: string[];
  provenance: string[];
}

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
}

export interface ParsedDocuments {
  specs: ParseResult<SpecDocument>[];
  records: ParseResult<ProvenanceDocument>[];
  /** Problems of the run itself (cache not writable), not of any document. */
  findings: Finding[];
  /** The text of every document read, by repository-relative path (later stages diff against it). */
  texts: Map<string, string>;
  stats: { documents: number; fromCache: number; parsed: number; workers: number };
}

const DEFAULT_MIN_DOCUMENTS_FOR_WORKERS = 64;

export async function parseDocumentsCached(
  workspace: Workspace,
  files: DocumentFiles,
  options: ParseDocumentsOptions = {},
): Promise<ParsedDocuments> {
  const wanted: { kind: DocumentKind; file: string }[] = [
    ...files.specs.map((file) => ({ kind: 'spec' as const, file })),
    ...files.provenance.map((file) => ({ kind: 'provenance' as const, file })),
  ];
  const store = cacheEnabled(workspace, options)
    ? createCacheStore(path.resolve(workspace.root, options.cacheDir ?? workspace.config.cache.dir))
    : null;

  const results = new Array<ParseResult<unknown>>(wanted.length);
  const texts = new Map<string, string>();
  const toParse: { index: number; job: ParseJob; key: string | null }[] = [];
  await Promise.all(
    wanted.map(async ({ kind, file }, index) => {
      const text = readDocument(workspace.root, file);
      if (typeof text !== 'string') {
        results[index] = { document: null, findings: [text] };
        return;
      }
      texts.set(file, text);
      const key = store ? documentKey(kind, file, text) : null;
      const cached = store && key ? await store.get(key, parseResultSchema(kind), (stored) => unpackParse(file, stored)) : undefined;
      if (cached) results[index] = cached;
      else toParse.push({ index, job: { kind, file, text }, key });
    }),
  );
  // Reads finish in any order; parse in file order so that batches are the same on every run.
  toParse.sort((a, b) => a.index - b.index);

  const workers = workerCount(options, toParse.length);
  const parsed = await parseAll(
    toParse.map((one) => one.job),
    workers,
    options.workerUrl,
  );
  await Promise.all(
    toParse.map(async ({ index, key, job }, position) => {
      const result = parsed[position] as ParseResult<unknown>;
      results[index] = result;
      if (store && key) await store.set(key, packParse(job.file, result as CachedParse));
    }),
  );

  const specCount = files.specs.length;
  return {
    specs: results.slice(0, specCount) as ParseResult<SpecDocument>[],
    records: results.slice(specCount) as ParseResult<ProvenanceDocument>[],
    findings: store ? cacheFindings(store) : [],
    texts,
    stats: { documents: wanted.length, fromCache: wanted.length - toParse.length, parsed: toParse.length, workers },
  };
}

function cacheEnabled(workspace: Workspace, options: ParseDocumentsOptions): boolean {
  return options.cache ?? workspace.config.cache.enabled;
}

export function workerCount(options: Pick<ParseDocumentsOptions, 'workers' | 'minDocumentsForWorkers'>, documents: number): number {
  if (typeof options.workers === 'number') return Math.max(0, Math.floor(Math.min(options.workers, documents)));
  if (documents < (options.minDocumentsForWorkers ?? DEFAULT_MIN_DOCUMENTS_FOR_WORKERS)) return 0;
  return Math.min(availableParallelism(), Math.ceil(documents / 32));
}

async function parseAll(jobs: ParseJob[], workers: number, workerUrl: URL | undefined): Promise<ParseResult<unknown>[]> {
  if (workers === 0) return jobs.map(parseJob);
  const pool = createParsePool({ size: workers, workerUrl });
  try {
    return await pool.parse(jobs);
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
    return { ruleId: 'parse/unreadable', severity: 'error', message: `cannot read ${file}: ${reason}`, location: { file, line: 1 } };
  }
}

function cacheFindings(store: CacheStore): Finding[] {
  if (store.stats.writeErrors === 0) return [];
  return [
    {
      ruleId: 'cache/unwritable',
      severity: 'info',
      message: `cannot write the parse cache in ${store.dir} (${store.stats.writeErrors} entries): ${store.stats.writeError ?? ''}`,
      data: { dir: store.dir, failures: store.stats.writeErrors },
    },
  ];
}
