import { lstatSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * The one guard every check uses before it touches a path a spec names.
 * Specs come from pull requests: a path that is absolute, climbs out with
 * `..`, or reaches outside through a symlink is rejected before anything
 * reads it.
 */
type RepoPath = { ok: true; abs: string; rel: string } | { ok: false; reason: string };

const LEAVES_REPOSITORY = 'path leaves the repository';

export function resolveRepoPath(root: string, rel: string): RepoPath {
  if (!cache) return resolveNow(root, rel);
  const key = `${root}\0${rel}`;
  let resolved = cache.resolved.get(key);
  if (!resolved) {
    resolved = resolveNow(root, rel);
    cache.resolved.set(key, resolved);
  }
  return resolved;
}

function resolveNow(root: string, rel: string): RepoPath {
  if (rel.trim() === '') return { ok: false, reason: 'empty path' };
  if (path.isAbsolute(rel) || /^[A-Za-z]:[\\/]/.test(rel) || rel.startsWith('~')) {
    return { ok: false, reason: `${LEAVES_REPOSITORY}: \`${rel}\` is absolute` };
  }
  const abs = path.resolve(root, rel);
  if (!isInside(root, abs)) return { ok: false, reason: `${LEAVES_REPOSITORY}: \`${rel}\`` };
  // The lexical test is not enough: a symlink inside the tree may point anywhere.
  const realRoot = realOrSelf(root);
  if (!isInside(realRoot, realOfExistingPart(abs))) {
    return { ok: false, reason: `${LEAVES_REPOSITORY}: \`${rel}\` resolves through a symlink outside it` };
  }
  return { ok: true, abs, rel: toRepoRelative(root, abs) };
}

export function isInside(root: string, abs: string): boolean {
  const relative = path.relative(root, abs);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Repository-relative, forward slashes: the form locations use. */
export function toRepoRelative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/') || '.';
}

// The native realpath is one syscall; the JS one lstat()s every component of
// every path, which dominated a run of thousands of checks.
const realpath = realpathSync.native;

/**
 * Real paths remembered while a check stage runs (see `withPathCache`):
 * every check resolves against the same root and mostly the same folders,
 * and resolving each path from the filesystem root again was most of the
 * guard's cost. Symlinks are assumed not to change during one run.
 */
interface PathCache {
  /** `root\0rel` → the guard's answer: several checks of a step name the same file. */
  resolved: Map<string, RepoPath>;
  /** Absolute path → its lstat (null: nothing there), shared by the guard and `pathKind`. */
  lstats: Map<string, Stats | null>;
  roots: Map<string, string>;
  /** Absolute folder → `realOfExistingPart` of it. */
  folders: Map<string, string>;
}

let cache: PathCache | null = null;
let cacheUsers = 0;

/** Runs `work` with real paths remembered; nested and overlapping runs share one cache, dropped when the last ends. */
export async function withPathCache<T>(work: () => Promise<T>): Promise<T> {
  cache ??= { resolved: new Map(), lstats: new Map(), roots: new Map(), folders: new Map() };
  cacheUsers += 1;
  try {
    return await work();
  } finally {
    cacheUsers -= 1;
    if (cacheUsers === 0) cache = null;
  }
}

function realOrSelf(p: string): string {
  const cached = cache?.roots.get(p);
  if (cached !== undefined) return cached;
  let real: string;
  try {
    real = realpath(p);
  } catch {
    real = p;
  }
  cache?.roots.set(p, real);
  return real;
}

/**
 * The real path of the deepest ancestor that exists, with the rest appended:
 * a path that does not exist yet cannot escape below it. Built from the
 * parent's (remembered) real path and one lstat of the last part.
 */
function realOfExistingPart(abs: string): string {
  const parent = path.dirname(abs);
  if (parent === abs) return realOrNull(abs) ?? abs;
  const realParent = realFolder(parent);
  const name = path.basename(abs);
  if (isSymlink(abs)) return realOrNull(abs) ?? path.join(realParent, name);
  return path.join(realParent, name);
}

function realFolder(folder: string): string {
  const cached = cache?.folders.get(folder);
  if (cached !== undefined) return cached;
  const real = realOfExistingPart(folder);
  cache?.folders.set(folder, real);
  return real;
}

function isSymlink(abs: string): boolean {
  return lstatOrNull(abs)?.isSymbolicLink() === true;
}

/** What `lstat` says of a path, null when nothing is there (or it cannot be looked at); remembered during a check stage. */
export function lstatOrNull(abs: string): Stats | null {
  const cached = cache?.lstats.get(abs);
  if (cached !== undefined) return cached;
  let info: Stats | null;
  try {
    info = lstatSync(abs, { throwIfNoEntry: false }) ?? null;
  } catch {
    // Not a directory on the way, no permission: nothing there to follow.
    info = null;
  }
  cache?.lstats.set(abs, info);
  return info;
}

function realOrNull(abs: string): string | null {
  try {
    return realpath(abs);
  } catch {
    return null;
  }
}
