import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CACHE_FORMAT_VERSION } from './key.js';
import { pruneStoreWhenDue } from './prune.js';

/**
 * A small content-addressed store: one JSON file per key, under a directory
 * that is safe to delete at any time. Values are checked against a zod schema
 * on every read; an entry that is corrupt, foreign (another key, another
 * format) or of the wrong shape is a miss, never trusted. Writes are atomic
 * (temp file + rename), so a reader sees a whole entry or none. After its
 * first write a run prunes entries long unused, at most once a day (`prune.ts`).
 */
export interface CacheStore {
  readonly dir: string;
  /** `unpack` turns a stored (packed) value back into the model before the schema checks it. */
  get<T>(key: string, schema: z.ZodType<T>, unpack?: (stored: unknown) => unknown): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /**
   * A text kept as it is, not as JSON (git's log: each NUL in it would cost six bytes and every
   * read a JSON decode). Its first line names the format and key; another is a miss.
   */
  getText(key: string): Promise<string | undefined>;
  setText(key: string, text: string): Promise<void>;
  readonly stats: CacheStats;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries found but ignored: unreadable JSON, another key, or a value the schema rejects. */
  rejected: number;
  writes: number;
  /** The first write that failed (read-only or full disk); later failures are counted only. */
  writeError: string | null;
  writeErrors: number;
}

interface Entry {
  format: number;
  key: string;
  value: unknown;
}

const KEY = /^[0-9a-f]{64}$/;

export function createCacheStore(dir: string): CacheStore {
  const base = path.join(dir, `v${CACHE_FORMAT_VERSION}`);
  const stats: CacheStats = { hits: 0, misses: 0, rejected: 0, writes: 0, writeError: null, writeErrors: 0 };
  /** Folders made by this store: one mkdir per folder, not per entry. */
  const folders = new Set<string>();
  const fileOf = (key: string, extension = 'json') => {
    if (!KEY.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(base, key.slice(0, 2), `${key}.${extension}`);
  };
  const textHeader = (key: string) => `sdd-cache ${CACHE_FORMAT_VERSION} ${key}\n`;

  // Synchronous for the reason reads are, and so that an entry's text is written and gone
  // at once: thousands of writes in flight held their texts in memory until the pool got to them.
  const write = (target: string, content: string): void => {
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const folder = path.dirname(target);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      writeFileSync(temp, content, { flag: 'wx' });
      renameSync(temp, target);
      stats.writes += 1;
      // Once per run, and a stat of one file unless a day has passed.
      if (stats.writes === 1) pruneStoreWhenDue(base);
    } catch (error) {
      // A cache that cannot be written costs speed, never a result: count it and go on.
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing more to do: the temp file's name is never read as an entry.
      }
      stats.writeErrors += 1;
      stats.writeError ??= error instanceof Error ? error.message : String(error);
    }
  };

  return {
    dir,
    stats,
    async get<T>(key: string, schema: z.ZodType<T>, unpack?: (stored: unknown) => unknown): Promise<T | undefined> {
      const file = fileOf(key);
      let text: string;
      try {
        // Synchronous on purpose: a warm run reads thousands of small entries, and the
        // thread-pool round trip of each async read costs more than the read itself.
        text = readFileSync(file, 'utf8');
      } catch {
        stats.misses += 1;
        return undefined;
      }
      const entry = entryValue(text, key);
      const value = entry === undefined ? undefined : unpack ? unpack(entry.value) : entry.value;
      // The raw value is returned, not zod's output: zod strips fields a newer model may add.
      if (entry === undefined || !schema.safeParse(value).success) {
        stats.rejected += 1;
        return undefined;
      }
      stats.hits += 1;
      return value as T;
    },
    async set(key: string, value: unknown): Promise<void> {
      const entry: Entry = { format: CACHE_FORMAT_VERSION, key, value };
      write(fileOf(key), JSON.stringify(entry));
    },
    async getText(key: string): Promise<string | undefined> {
      let text: string;
      try {
        text = readFileSync(fileOf(key, 'txt'), 'utf8');
      } catch {
        stats.misses += 1;
        return undefined;
      }
      const header = textHeader(key);
      if (!text.startsWith(header)) {
        stats.rejected += 1;
        return undefined;
      }
      stats.hits += 1;
      return text.slice(header.length);
    },
    async setText(key: string, text: string): Promise<void> {
      write(fileOf(key, 'txt'), textHeader(key) + text);
    },
  };
}

function entryValue(text: string, key: string): { value: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const entry = parsed as Partial<Entry>;
  if (entry.format !== CACHE_FORMAT_VERSION || entry.key !== key || !('value' in entry)) return undefined;
  return { value: entry.value };
}
