import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What keeps the cache folder bounded (spec 0040). Nothing here throws: a
 * cache that cannot be pruned costs disk space, never a run's result. A
 * concurrent run may read, write or prune the same folder at any time; what
 * it sees is an entry whole or none (a miss), never part of one.
 */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * Run slots kept, the one just stored included: the invocations a developer
 * repeats (plain, `--base main`, a report file, `--strict`, a few `--spec`)
 * fit with room, while each new `--base <sha>` of a pull request evicts the
 * least recently used slot instead of adding a report's copy for ever.
 */
export const RUN_SLOTS_KEPT = 8;

interface StorePruning {
  /** An entry neither written nor (where the file system records it) read for this long goes. */
  maxAgeMs: number;
  /** Above this total, the least recently used entries go until it is met. */
  maxBytes: number;
}

/** Entries unused for 30 days go, and the store stays under 512 MB. */
const STORE_PRUNING: StorePruning = { maxAgeMs: 30 * DAY, maxBytes: 512 * 1024 * 1024 };

/** The store is pruned at most once in this long: a normal run stats one file. */
const STORE_PRUNE_INTERVAL_MS = DAY;

/** A temp file this old was left by a run that was killed mid-write. */
const TEMP_GRACE_MS = HOUR;

/** The file whose time says when the store was last pruned. */
export const PRUNED_MARKER = 'pruned-at';

const SLOT = /^[0-9a-f]{32}$/;
const DISCARDED = /^[0-9a-f]{32}\.\d+\.[0-9a-f]+\.gone$/;
const FOLDER = /^[0-9a-f]{2}$/;
const ENTRY = /^[0-9a-f]{64}\.(?:json|txt)$/;
const TEMP = /^[0-9a-f]{64}\.(?:json|txt)\.\d+\.[0-9a-f]+\.tmp$/;

/** Lists a folder, or nothing when it cannot be listed (gone, or not a folder). */
function names(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** The newest modification time of a slot: its folder and each file in it (an output being written included). */
function lastUsed(slot: string): number {
  let newest = -1;
  for (const name of ['', ...names(slot)]) {
    try {
      newest = Math.max(newest, statSync(path.join(slot, name)).mtimeMs);
    } catch {
      // Gone meanwhile: a concurrent run replaced or removed it.
    }
  }
  return newest;
}

/** Marks a slot as used now (a replay): one call, and nothing if it cannot. */
export function touchSlot(metaFile: string): void {
  try {
    const now = new Date();
    utimesSync(metaFile, now, now);
  } catch {
    // A read-only cache still replays; the slot only ages sooner.
  }
}

/**
 * Keeps `current` and the `keep - 1` most recently used other slots of
 * `runsDir`, by the newest modification time in each (a replay touches its
 * metadata, an output being written is new). A slot goes by being renamed
 * away first (so a reader finds it whole or not at all) and then removed.
 * Returns the slots removed.
 */
export function pruneRunSlots(runsDir: string, current: string, keep = RUN_SLOTS_KEPT): string[] {
  const listed = names(runsDir);
  const others = listed
    .filter((name) => SLOT.test(name) && name !== current)
    .map((name) => ({ name, used: lastUsed(path.join(runsDir, name)) }))
    .filter((slot) => slot.used >= 0)
    .sort((a, b) => b.used - a.used || a.name.localeCompare(b.name));
  const removed: string[] = [];
  for (const slot of others.slice(Math.max(0, keep - 1))) {
    const discarded = path.join(runsDir, `${slot.name}.${process.pid}.${randomBytes(4).toString('hex')}.gone`);
    try {
      renameSync(path.join(runsDir, slot.name), discarded);
    } catch {
      // Gone already (another run pruned it), or held open where that blocks a rename: left for later.
      continue;
    }
    removed.push(slot.name);
    removeQuietly(discarded);
  }
  // What a run killed while removing a slot left behind.
  for (const name of listed) if (DISCARDED.test(name)) removeQuietly(path.join(runsDir, name));
  return removed;
}

/** Removes a file or folder; false when it cannot (removed by a concurrent run is true). The next prune tries again. */
function removeQuietly(target: string): boolean {
  try {
    rmSync(target, { recursive: true, force: true });
  } catch {
    return false;
  }
  return true;
}

/** When this process last looked at each store's marker: once per run, or per interval in a long-lived one. */
const checked = new Map<string, number>();

/**
 * Prunes the store at `base` when it was last pruned longer ago than the
 * interval (or never). The marker is renewed first, so that runs started
 * meanwhile do not prune it too. Returns whether it pruned.
 */
export function pruneStoreWhenDue(base: string, now = Date.now()): boolean {
  const last = checked.get(base);
  if (last !== undefined && now - last < STORE_PRUNE_INTERVAL_MS) return false;
  checked.set(base, now);
  const marker = path.join(base, PRUNED_MARKER);
  try {
    if (now - statSync(marker).mtimeMs < STORE_PRUNE_INTERVAL_MS) return false;
  } catch {
    // Never pruned (or by an sdd before spec 0040): prune now.
  }
  try {
    writeFileSync(marker, '');
  } catch {
    // A store that cannot be written does not grow either.
    return false;
  }
  pruneStore(base, STORE_PRUNING, now);
  return true;
}

interface Found {
  file: string;
  used: number;
  size: number;
}

/**
 * Removes from the store at `base` every entry not used within `maxAgeMs`,
 * then the least recently used ones while the rest exceed `maxBytes`. An
 * entry's use is its modification time (when it was written) or, where the
 * file system records reads (Linux's default `relatime`, at most once a
 * day), its access time: reading it costs nothing more. Temp files of killed
 * writes go after an hour. Folders stay: a run writing into one expects it.
 * Returns how many entries and bytes went.
 */
export function pruneStore(base: string, policy: StorePruning, now = Date.now()): { removed: number; bytes: number; kept: number } {
  const entries: Found[] = [];
  for (const folder of names(base)) {
    if (!FOLDER.test(folder)) continue;
    for (const name of names(path.join(base, folder))) {
      const file = path.join(base, folder, name);
      const isEntry = ENTRY.test(name);
      if (!isEntry && !TEMP.test(name)) continue;
      let info;
      try {
        info = statSync(file);
      } catch {
        continue;
      }
      if (isEntry) entries.push({ file, used: Math.max(info.mtimeMs, info.atimeMs), size: info.size });
      else if (now - info.mtimeMs > TEMP_GRACE_MS) removeQuietly(file);
    }
  }
  entries.sort((a, b) => a.used - b.used);
  let total = entries.reduce((sum, entry) => sum + entry.size, 0);
  let removed = 0;
  let bytes = 0;
  for (const entry of entries) {
    if (now - entry.used <= policy.maxAgeMs && total <= policy.maxBytes) break;
    total -= entry.size;
    if (removeQuietly(entry.file)) {
      removed += 1;
      bytes += entry.size;
    }
  }
  return { removed, bytes, kept: entries.length - removed };
}
