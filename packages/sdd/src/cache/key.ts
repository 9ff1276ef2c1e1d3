import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_SCHEMA_VERSION } from '../model/schema-version.js';
import { SDD_VERSION } from '../version.js';

/** Bumped when the layout of cache entries changes; entries of another format are never read. */
export const CACHE_FORMAT_VERSION = 2;

/** sdd's own source root (`dist/` in a build). */
const SOURCE_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Adds each module of `folder` (name and content, sorted) to `hash`; a bundled build has none to read. */
function hashModules(hash: Hash, folder: string, recursive: boolean): void {
  const directory = path.join(SOURCE_ROOT, folder);
  let names: string[] = [];
  try {
    names = readdirSync(directory, { recursive, encoding: 'utf8' })
      .filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'))
      .sort();
  } catch {
    // A bundled build has no folders to read: version and schema still key the entries.
  }
  for (const name of names) hash.update(name).update('\0').update(readFileSync(path.join(directory, name))).update('\0');
}

let fingerprint: string | undefined;

/**
 * A digest of the code that produces cached values (the parse stage and the
 * model). The version alone is not enough: between releases the parser
 * changes while `package.json` still says the same version, and a stale
 * entry would silently give yesterday's document.
 */
function codeFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    for (const folder of ['parse', 'model']) hashModules(hash, folder, false);
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

let wholeFingerprint: string | undefined;

/**
 * A digest of all of sdd's code (every module of this build): a replayed run
 * must come from the same checks, comparison and reports, not only the same
 * parser.
 */
export function wholeCodeFingerprint(): string {
  if (wholeFingerprint === undefined) {
    const hash = createHash('sha256');
    hashModules(hash, '.', true);
    wholeFingerprint = hash.digest('hex');
  }
  return wholeFingerprint;
}

/**
 * The key of a cached value: sha256 of sdd's version, the schema versions,
 * the code fingerprint and every input, each part length-prefixed so that
 * ('ab', 'c') and ('a', 'bc') never collide.
 */
export function cacheKey(namespace: string, ...inputs: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  const parts = [SDD_VERSION, String(RESULT_SCHEMA_VERSION), String(CACHE_FORMAT_VERSION), codeFingerprint(), namespace, ...inputs];
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('hex');
}
