import { lstatSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * The one answer to "is this path inside the repository?", for every stage:
 * the checks (paths a spec names), discover (the configured folders, task
 * roots), compare (artifact rows) and the cache (its folder). Specs and
 * configuration come from pull requests: a path that is absolute, climbs out
 * with `..`, or reaches outside through a symlink is rejected here, so a fix
 * to the guard lands once.
 */
type RepoPath = { ok: true; abs: string; rel: string } | { ok: false; reason: string };

const LEAVES_REPOSITORY = 'path leaves the repository';

/** The guard for a path a spec names (repository-relative): rejected when absolute, climbing out, or through a symlink outside. */
export function resolveRepoPath(root: string, rel: string): RepoPath {
  if (!active) return resolveNow(root, rel, null);
  const key = `${root}\0${rel}`;
  let resolved = active.resolved.get(key);
  if (!resolved) {
    resolved = resolveNow(root, rel, active);
    active.resolved.set(key, resolved);
  }
  return resolved;
}

function resolveNow(root: string, rel: string, memo: RealPaths | null): RepoPath {
  if (rel.trim() === '') return { ok: false, reason: 'empty path' };
  if (path.isAbsolute(rel) || /^[A-Za-z]:[\\/]/.test(rel) || rel.startsWith('~')) {
    return { ok: false, reason: `${LEAVES_REPOSITORY}: \`${rel}\` is absolute` };
  }
  const abs = path.resolve(root, rel);
  if (!isInside(root, abs)) return { ok: false, reason: `${LEAVES_REPOSITORY}: \`${rel}\`` };
  if (leavesThroughSymlink(root, abs, memo)) {
    return { ok: false, reason: `${LEAVES_REPOSITORY}: \`${rel}\` resolves through a symlink outside it` };
  }
  return { ok: true, abs, rel: toRepoRelative(root, abs) };
}

/** Lexically inside (or equal to) `root`; says nothing of symlinks. */
export function isInside(root: string, abs: string): boolean {
  const relative = path.relative(root, abs);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * `abs` (inside `root` as written) reaches outside the repository's real
 * path through a symlink anywhere on it. What does not exist yet cannot
 * escape below its deepest existing ancestor; a dangling link leads nowhere
 * and does not escape.
 */
export function leavesThroughSymlink(root: string, abs: string, memo: RealPaths | null = active): boolean {
  return !isInside(realOrSelf(root, memo), realOfExistingPart(abs, memo));
}

/** Repository-relative, forward slashes: the form locations use. */
export function toRepoRelative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/') || '.';
}

/** The real path, or null where there is none (missing, dangling, no permission). */
export function realPathOrNull(file: string): string | null {
  try {
    // The native realpath is one syscall; the JS one lstat()s every component of every path.
    return realpathSync.native(file);
  } catch {
    return null;
  }
}

/**
 * Real paths remembered while they cannot change: every path resolves
 * against the same root and mostly the same folders, and resolving each
 * from the filesystem root again was most of the guard's cost. Symlinks are
 * assumed not to change during one run.
 */
interface RealPaths {
  /** `root\0rel` → the guard's answer: several checks of a step name the same file. */
  resolved: Map<string, RepoPath>;
  /** Absolute path → its lstat (null: nothing there), shared by the guard and `pathKind`. */
  lstats: Map<string, Stats | null>;
  roots: Map<string, string>;
  /** Absolute folder → `realOfExistingPart` of it. */
  folders: Map<string, string>;
}

export function createRealPaths(): RealPaths {
  return { resolved: new Map(), lstats: new Map(), roots: new Map(), folders: new Map() };
}

let active: RealPaths | null = null;
let activeUsers = 0;

/** Runs `work` with real paths remembered; nested and overlapping runs share one memo, dropped when the last ends. */
export async function withPathCache<T>(work: () => Promise<T>): Promise<T> {
  active ??= createRealPaths();
  activeUsers += 1;
  try {
    return await work();
  } finally {
    activeUsers -= 1;
    if (activeUsers === 0) active = null;
  }
}

function realOrSelf(p: string, memo: RealPaths | null): string {
  const cached = memo?.roots.get(p);
  if (cached !== undefined) return cached;
  const real = realPathOrNull(p) ?? p;
  memo?.roots.set(p, real);
  return real;
}

/**
 * The real path of the deepest ancestor that exists, with the rest appended:
 * a path that does not exist yet cannot escape below it. Built from the
 * parent's (remembered) real path and one lstat of the last part.
 */
function realOfExistingPart(abs: string, memo: RealPaths | null): string {
  const parent = path.dirname(abs);
  if (parent === abs) return realPathOrNull(abs) ?? abs;
  const realParent = realFolder(parent, memo);
  const name = path.basename(abs);
  if (lstatOrNull(abs, memo)?.isSymbolicLink() === true) return realPathOrNull(abs) ?? path.join(realParent, name);
  return path.join(realParent, name);
}

function realFolder(folder: string, memo: RealPaths | null): string {
  const cached = memo?.folders.get(folder);
  if (cached !== undefined) return cached;
  const real = realOfExistingPart(folder, memo);
  memo?.folders.set(folder, real);
  return real;
}

/** What `lstat` says of a path, null when nothing is there (or it cannot be looked at); remembered during a check stage. */
export function lstatOrNull(abs: string, memo: RealPaths | null = active): Stats | null {
  const cached = memo?.lstats.get(abs);
  if (cached !== undefined) return cached;
  let info: Stats | null;
  try {
    info = lstatSync(abs, { throwIfNoEntry: false }) ?? null;
  } catch {
    // Not a directory on the way, no permission: nothing there to follow.
    info = null;
  }
  memo?.lstats.set(abs, info);
  return info;
}
