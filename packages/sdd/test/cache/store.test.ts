import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cacheKey } from '../../src/cache/key.js';
import { createCacheStore } from '../../src/cache/store.js';

const Point = z.object({ x: z.number(), y: z.number() });

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sdd-cache-'));
});

afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function entryFiles(): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.json') || name.endsWith('.tmp'));
}

describe('cacheKey', () => {
  it('is a sha256 hex digest, the same for the same inputs', () => {
    expect(cacheKey('ns', 'a', 'b')).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey('ns', 'a', 'b')).toBe(cacheKey('ns', 'a', 'b'));
  });

  it('differs when any input, or the namespace, differs', () => {
    expect(cacheKey('ns', 'a', 'b')).not.toBe(cacheKey('ns', 'a', 'c'));
    expect(cacheKey('ns', 'a')).not.toBe(cacheKey('other', 'a'));
  });

  it('keeps input boundaries: ("ab", "c") is not ("a", "bc")', () => {
    expect(cacheKey('ns', 'ab', 'c')).not.toBe(cacheKey('ns', 'a', 'bc'));
  });

  it('hashes bytes and the same text alike', () => {
    expect(cacheKey('ns', Buffer.from('é'))).toBe(cacheKey('ns', 'é'));
  });
});

describe('createCacheStore', () => {
  const key = cacheKey('test', 'point');

  it('gives back what was stored under the key', async () => {
    const store = createCacheStore(dir);
    await store.set(key, { x: 1, y: 2 });
    expect(await createCacheStore(dir).get(key, Point)).toEqual({ x: 1, y: 2 });
    expect(store.stats.writes).toBe(1);
  });

  it('misses a key never stored', async () => {
    const store = createCacheStore(dir);
    expect(await store.get(key, Point)).toBeUndefined();
    expect(store.stats).toMatchObject({ hits: 0, misses: 1, rejected: 0 });
  });

  it('ignores a corrupt entry (half a JSON file)', async () => {
    const store = createCacheStore(dir);
    await store.set(key, { x: 1, y: 2 });
    const [file] = await entryFiles();
    await writeFile(path.join(dir, file ?? ''), '{"format":1,"key":"');
    expect(await store.get(key, Point)).toBeUndefined();
    expect(store.stats.rejected).toBe(1);
  });

  it('ignores a foreign entry: a file under this key that says it is another', async () => {
    const store = createCacheStore(dir);
    const other = cacheKey('test', 'other');
    await store.set(other, { x: 9, y: 9 });
    const [file] = await entryFiles();
    const target = path.join(dir, 'v1', key.slice(0, 2), `${key}.json`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await readFile(path.join(dir, file ?? ''), 'utf8'));
    expect(await store.get(key, Point)).toBeUndefined();
    expect(await store.get(other, Point)).toEqual({ x: 9, y: 9 });
  });

  it('ignores an entry of another cache format', async () => {
    const store = createCacheStore(dir);
    const target = path.join(dir, 'v1', key.slice(0, 2), `${key}.json`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, JSON.stringify({ format: 0, key, value: { x: 1, y: 2 } }));
    expect(await store.get(key, Point)).toBeUndefined();
  });

  it('ignores a value the schema rejects, and returns the value unchanged when it accepts it', async () => {
    const store = createCacheStore(dir);
    await store.set(key, { x: 'one', y: 2 });
    expect(await store.get(key, Point)).toBeUndefined();
    await store.set(key, { x: 1, y: 2, extra: true });
    // Not zod's stripped output: a field the model gained must survive the cache.
    expect(await store.get(key, Point)).toEqual({ x: 1, y: 2, extra: true });
  });

  it('writes atomically: concurrent writers leave one whole entry and no temp file', async () => {
    const store = createCacheStore(dir);
    await Promise.all(Array.from({ length: 20 }, (_, n) => store.set(key, { x: n, y: n })));
    const files = await entryFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.json$/);
    const value = await store.get(key, Point);
    expect(value?.x).toBe(value?.y);
  });

  it('does not throw when the directory cannot be written; it counts the failure', async () => {
    const blocked = path.join(dir, 'blocked');
    await writeFile(blocked, 'a file where the cache directory should be');
    const store = createCacheStore(blocked);
    await expect(store.set(key, { x: 1, y: 2 })).resolves.toBeUndefined();
    expect(store.stats.writeErrors).toBe(1);
    expect(store.stats.writeError).toMatch(/EEXIST|ENOTDIR/);
    expect(await store.get(key, Point)).toBeUndefined();
  });

  it('refuses a key that is not a digest (no path tricks)', async () => {
    const store = createCacheStore(dir);
    await expect(store.get('../../etc/passwd', Point)).rejects.toThrow(/not a cache key/);
  });
});
