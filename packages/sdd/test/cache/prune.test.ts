import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_FORMAT_VERSION, cacheKey } from '../../src/cache/key.js';
import { PRUNED_MARKER, pruneRunSlots, pruneStore, pruneStoreWhenDue, RUN_SLOTS_KEPT } from '../../src/cache/prune.js';
import { createCacheStore } from '../../src/cache/store.js';

// The cache stays bounded (spec 0040): run slots beyond the most recently
// used go when a run is stored; store entries unused for a long time, or
// beyond a total size, go at most once a day; what a concurrent run is
// writing, and what is recent, stays.

const DAY = 24 * 60 * 60 * 1000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sdd-prune-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const slotName = (n: number) => cacheKey('slot', String(n)).slice(0, 32);

/** A slot whose folder and files were last modified `ageMs` ago. */
async function slot(runs: string, name: string, ageMs: number, files: string[] = ['meta.json', 'abc-0.out']): Promise<void> {
  const folder = path.join(runs, name);
  await mkdir(folder, { recursive: true });
  const then = new Date(Date.now() - ageMs);
  for (const file of files) {
    await writeFile(path.join(folder, file), 'x');
    await utimes(path.join(folder, file), then, then);
  }
  await utimes(folder, then, then);
}

/** A store entry written `writtenAgo` and read `readAgo` ms ago. */
async function entry(base: string, name: string, writtenAgo: number, readAgo = writtenAgo, bytes = 10): Promise<string> {
  const key = cacheKey('entry', name);
  const file = path.join(base, key.slice(0, 2), `${key}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, 'x'.repeat(bytes));
  await utimes(file, new Date(Date.now() - readAgo), new Date(Date.now() - writtenAgo));
  return file;
}

describe('pruneRunSlots', () => {
  it(`keeps the slot just stored and the ${RUN_SLOTS_KEPT - 1} most recently used others; older slots go`, async () => {
    const runs = path.join(dir, 'runs');
    for (let n = 0; n < 12; n += 1) await slot(runs, slotName(n), (n + 1) * DAY);
    await slot(runs, slotName(99), 30 * DAY); // the slot just stored: kept whatever its time
    const removed = pruneRunSlots(runs, slotName(99));
    expect(removed.sort()).toEqual([7, 8, 9, 10, 11].map(slotName).sort());
    expect((await readdir(runs)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 99].map(slotName).sort());
  });

  it('keeps a slot whose output is being written (no metadata yet, an old folder, a new output file)', async () => {
    const runs = path.join(dir, 'runs');
    for (let n = 0; n < 3; n += 1) await slot(runs, slotName(n), DAY);
    await slot(runs, slotName(50), 10 * DAY, []);
    await writeFile(path.join(runs, slotName(50), 'def-0.out'), 'being written');
    pruneRunSlots(runs, slotName(0), 2);
    expect((await readdir(runs)).sort()).toEqual([slotName(0), slotName(50)].sort());
  });

  it('leaves what is not a slot alone, and removes what a killed prune left', async () => {
    const runs = path.join(dir, 'runs');
    await slot(runs, slotName(0), DAY);
    await writeFile(path.join(runs, 'notes.txt'), 'not sdd');
    await mkdir(path.join(runs, `${slotName(1)}.123.abcd.gone`));
    pruneRunSlots(runs, slotName(0), 1);
    expect((await readdir(runs)).sort()).toEqual([slotName(0), 'notes.txt'].sort());
  });

  it('does not throw when the runs folder is missing or is a file', async () => {
    expect(pruneRunSlots(path.join(dir, 'missing'), slotName(0))).toEqual([]);
    await writeFile(path.join(dir, 'file'), 'x');
    expect(pruneRunSlots(path.join(dir, 'file'), slotName(0))).toEqual([]);
  });
});

describe('pruneStore', () => {
  const policy = { maxAgeMs: 30 * DAY, maxBytes: 1024 * 1024 };

  it('removes entries neither written nor read for longer than the age; keeps recent ones and ones read lately', async () => {
    const stale = await entry(dir, 'stale', 40 * DAY);
    const fresh = await entry(dir, 'fresh', 2 * DAY);
    const read = await entry(dir, 'read', 40 * DAY, DAY);
    expect(pruneStore(dir, policy)).toMatchObject({ removed: 1, kept: 2 });
    expect([stale, fresh, read].map((file) => existsSync(file))).toEqual([false, true, true]);
  });

  it('removes the least recently used entries while the store is over its size', async () => {
    const files = [];
    for (let n = 0; n < 5; n += 1) files.push(await entry(dir, `e${n}`, (n + 1) * DAY, (n + 1) * DAY, 100));
    expect(pruneStore(dir, { maxAgeMs: policy.maxAgeMs, maxBytes: 250 })).toEqual({ removed: 3, bytes: 300, kept: 2 });
    expect(files.map((file) => existsSync(file))).toEqual([true, true, false, false, false]);
  });

  it('removes temp files a killed write left, not one being written, and nothing that is not an entry', async () => {
    const key = cacheKey('entry', 'temp');
    const folder = path.join(dir, key.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const old = path.join(folder, `${key}.json.1.aa.tmp`);
    const writing = path.join(folder, `${key}.json.2.bb.tmp`);
    const foreign = path.join(folder, 'keep-me.txt');
    for (const file of [old, writing, foreign]) await writeFile(file, 'x');
    const then = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const file of [old, foreign]) await utimes(file, then, new Date(Date.now() - 40 * DAY));
    pruneStore(dir, policy);
    expect([old, writing, foreign].map((file) => existsSync(file))).toEqual([false, true, true]);
  });
});

describe('pruneStoreWhenDue', () => {
  it('prunes a store never pruned, and leaves its mark', async () => {
    const stale = await entry(dir, 'stale', 40 * DAY);
    expect(pruneStoreWhenDue(dir)).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(path.join(dir, PRUNED_MARKER))).toBe(true);
  });

  it('does not prune again within a day, and prunes once a day has passed', async () => {
    const today = path.join(dir, 'today');
    const stale = await entry(today, 'stale', 40 * DAY);
    await writeFile(path.join(today, PRUNED_MARKER), '');
    expect(pruneStoreWhenDue(today)).toBe(false);
    expect(existsSync(stale)).toBe(true);

    const yesterday = path.join(dir, 'yesterday');
    const staleToo = await entry(yesterday, 'stale', 40 * DAY);
    await writeFile(path.join(yesterday, PRUNED_MARKER), '');
    await utimes(path.join(yesterday, PRUNED_MARKER), new Date(Date.now() - 2 * DAY), new Date(Date.now() - 2 * DAY));
    expect(pruneStoreWhenDue(yesterday)).toBe(true);
    expect(existsSync(staleToo)).toBe(false);
  });

  it('is run by the store on its first write: a stale entry goes, the one written stays', async () => {
    const base = path.join(dir, `v${CACHE_FORMAT_VERSION}`);
    const stale = await entry(base, 'stale', 40 * DAY);
    const store = createCacheStore(dir);
    const key = cacheKey('entry', 'new');
    await store.set(key, { x: 1 });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(path.join(base, key.slice(0, 2), `${key}.json`))).toBe(true);
  });
});
