import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SddConfig } from '../model/index.js';
import { cacheKey, wholeCodeFingerprint } from './key.js';
import { stableJson } from './stable-json.js';
import { createCacheStore, type CacheStore } from './store.js';

/**
 * The store of old specs' results (spec 0032): one entry per spec file,
 * keyed by all of sdd's code, the configuration and the run's flags. Whether
 * an entry is this run's result is decided by `compare/reuse.ts` from what it
 * read; the store only keeps and finds entries.
 */
interface SpecResultFlags {
  strict: boolean;
  runChecks: boolean;
  history: string;
}

/**
 * The shapes checked on read. The result itself is not re-validated field by
 * field: the key holds a digest of the code that wrote it, and the cache
 * folder is refused when git tracks anything in it (spec 0016).
 *
 * An entry is kept in two parts (spec 0039): a small head (what the result
 * read, its identity, findings and counts) that every run reads, and a body
 * (steps and artifacts) read only for a spec a report lists in full. Both
 * carry the id of the write that made them: a body from another write is a miss.
 */
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isStrings = (value: unknown): boolean => Array.isArray(value) && value.every(isString);

/**
 * Checked by hand, not with a zod object: a pull request's run reads a thousand heads, and zod cost
 * a tenth of its time. A head is stored packed (`reused-specs.ts`): its spec and record named by its
 * result, each read as a `[path, last commit]` pair.
 */
function isHead(value: unknown): boolean {
  if (!isObject(value) || !isString(value.bodyId) || !isString(value.at) || !isObject(value.counts)) return false;
  const { specRef, reads, next, result } = value;
  if (specRef !== null && !isString(specRef)) return false;
  if (!Array.isArray(reads) || !reads.every((read) => Array.isArray(read) && read.length === 2 && isString(read[0]) && (read[1] === null || isString(read[1])))) return false;
  if (next !== null && !(isObject(next) && isString(next.after) && isString(next.commit))) return false;
  if (!isStrings(value.described) || !isStrings(value.undescribed) || !Array.isArray(value.unowned)) return false;
  if (!isObject(result) || !isObject(result.spec) || !isString(result.spec.file) || !Array.isArray(result.findings)) return false;
  return isObject(result.provenance) && isString(result.provenance.file);
}

/** A stored head when it has a head's shape and is this spec's: one of another spec, or of another shape, is a forged or corrupt one, a miss. */
export function checkedHead(found: unknown, specFile: string): unknown {
  return isHead(found) && (found as { result: { spec: { file: string } } }).result.spec.file === specFile ? found : undefined;
}

const BodySchema = z.object({ specFile: z.string(), bodyId: z.string(), steps: z.array(z.unknown()), artifacts: z.array(z.unknown()) });

/** What a head is stored with: the parts of the result it leaves out. */
interface StoredBody<Step, Artifact> {
  steps: Step[];
  artifacts: Artifact[];
}

export interface SpecResultStore<Head, Body> {
  get(specFile: string): Promise<(Head & { bodyId: string }) | undefined>;
  /** The body written with this head; undefined when it is gone or another write's. */
  body(specFile: string, bodyId: string): Promise<Body | undefined>;
  /** Writes the body now; the head that names it is written by `flush` (unless `flush: false`), and returned. */
  set(specFile: string, head: Head, body: Body, options?: { flush: boolean }): Promise<Head & { bodyId: string }>;
  /** Writes the heads: those `set` this run, and those stored before for specs still in `specFiles`. */
  flush(specFiles: readonly string[]): Promise<void>;
  /** The settled summary of the last pull request's run (spec 0052), unchecked; undefined when none is stored. */
  settled(): Promise<unknown>;
  setSettled(summary: unknown): Promise<void>;
}

const AnySchema = z.custom<unknown>(() => true);

/** All heads of one scope in one file, by spec file: a run reads one file, not one per spec. */
const HeadsSchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));

export function openSpecResultStore<Head, Body extends StoredBody<unknown, unknown>>(cacheDir: string, config: SddConfig, flags: SpecResultFlags): SpecResultStore<Head, Body> {
  const store: CacheStore = createCacheStore(cacheDir);
  // The scope is digested once: hashing the whole configuration again per spec cost a thousand specs 30 ms.
  const scope = cacheKey('spec-result-scope', wholeCodeFingerprint(), stableJson({ config, flags }));
  const headsKey = cacheKey('spec-result-heads', scope);
  const bodyKey = (specFile: string) => cacheKey('spec-result-body', scope, specFile);
  const settledKey = cacheKey('spec-result-settled', scope);
  const readHeads = async () => (await store.get(headsKey, HeadsSchema)) ?? {};
  let stored: Promise<Record<string, unknown>> | null = null;
  const pending = new Map<string, unknown>();
  return {
    get: async (specFile) => checkedHead((await (stored ??= readHeads()))[specFile], specFile) as (Head & { bodyId: string }) | undefined,
    body: async (specFile, bodyId) => {
      const found = await store.get(bodyKey(specFile), BodySchema);
      return found && found.specFile === specFile && found.bodyId === bodyId ? ({ steps: found.steps, artifacts: found.artifacts } as Body) : undefined;
    },
    set: async (specFile, head, body, options) => {
      const bodyId = randomBytes(8).toString('hex');
      await store.set(bodyKey(specFile), { specFile, bodyId, steps: body.steps, artifacts: body.artifacts });
      const written = { ...head, bodyId };
      // A head kept elsewhere (the settled summary's, spec 0052) is not written by `flush`.
      if (options?.flush !== false) pending.set(specFile, written);
      return written;
    },
    flush: async (specFiles) => {
      if (pending.size === 0) return;
      // Read again just before writing: another run may have stored heads since (the last write wins; a lost head is a miss).
      const current = await readHeads();
      const heads: Record<string, unknown> = {};
      for (const file of specFiles) {
        const head = pending.get(file) ?? current[file];
        if (head !== undefined) heads[file] = head;
      }
      await store.set(headsKey, heads);
      pending.clear();
    },
    // One file, whatever the base: a run with another base writes over it.
    settled: async () => store.get(settledKey, AnySchema),
    setSettled: async (summary) => store.set(settledKey, summary),
  };
}
