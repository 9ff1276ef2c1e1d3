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
 * The shape checked on read. The result itself is not re-validated field by
 * field: the key holds a digest of the code that wrote it, and the cache
 * folder is refused when git tracks anything in it (spec 0016).
 */
const EntrySchema = z.object({
  spec: z.object({ file: z.string(), number: z.number().nullable(), slug: z.string().nullable() }),
  record: z.object({ file: z.string(), specRef: z.string().nullable() }),
  reads: z.array(z.object({ path: z.string(), last: z.string().nullable() })),
  next: z.object({ after: z.string(), commit: z.string() }).nullable(),
  described: z.array(z.string()),
  undescribed: z.array(z.string()),
  result: z.object({ spec: z.object({ file: z.string() }), steps: z.array(z.unknown()), findings: z.array(z.unknown()) }),
  unowned: z.array(z.object({ ruleId: z.string(), severity: z.string(), message: z.string() })),
});

export interface SpecResultStore<T> {
  get(specFile: string): Promise<T | undefined>;
  set(specFile: string, entry: T): Promise<void>;
}

export function openSpecResultStore<T>(cacheDir: string, config: SddConfig, flags: SpecResultFlags): SpecResultStore<T> {
  const store: CacheStore = createCacheStore(cacheDir);
  const scope = stableJson({ config, flags });
  const keyOf = (specFile: string) => cacheKey('spec-result', wholeCodeFingerprint(), scope, specFile);
  return {
    get: async (specFile) => {
      const found = await store.get(keyOf(specFile), EntrySchema);
      // Another spec's entry under this key would be a forged or corrupt one: a miss.
      return found && found.spec.file === specFile ? (found as T) : undefined;
    },
    set: (specFile, entry) => store.set(keyOf(specFile), entry),
  };
}
