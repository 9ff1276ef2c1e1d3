import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The two questions the artifact comparison asks of the working tree, kept
 * behind an interface so that the comparison itself stays pure (tests pass a
 * set of paths). Only paths that are lexically inside the repository reach
 * here; nothing is read, only looked up.
 */
interface FileProbe {
  /** The path (file or directory) exists now. */
  exists(file: string): boolean;
  /** The path resolves outside the repository through a symbolic link. */
  escapes(file: string): boolean;
}

export function createFileProbe(root: string): FileProbe {
  const realRoot = safeRealpath(root) ?? path.resolve(root);
  // One probe serves one run: the real path of each folder is looked up once, not once per row under it.
  const reals = new Map<string, string | null>();
  const realOfDeepestExisting = (candidate: string): string | null => {
    let real = reals.get(candidate);
    if (real === undefined) {
      real = resolveDeepestExisting(candidate, realOfDeepestExisting);
      reals.set(candidate, real);
    }
    return real;
  };
  return {
    exists: (file) => existsSync(path.join(root, file)),
    escapes: (file) => {
      // Resolve the deepest part of the path that exists: a link anywhere on it counts.
      const real = realOfDeepestExisting(path.join(root, file));
      if (real === null) return false;
      const relative = path.relative(realRoot, real);
      return relative.startsWith('..') || path.isAbsolute(relative);
    },
  };
}

/**
 * The real path of `candidate`, or of its deepest ancestor that exists
 * (null when none does): what `realpath` gives for the first of them that
 * resolves, built from the parent's answer and one lstat.
 */
function resolveDeepestExisting(candidate: string, parentReal: (folder: string) => string | null): string | null {
  const parent = path.dirname(candidate);
  const atTop = parent === candidate;
  let info;
  try {
    info = lstatSync(candidate, { throwIfNoEntry: false });
  } catch {
    info = undefined;
  }
  if (info === undefined) return atTop ? null : parentReal(parent);
  if (info.isSymbolicLink() || atTop) return safeRealpath(candidate) ?? (atTop ? null : parentReal(parent));
  const realParent = parentReal(parent);
  return realParent === null ? safeRealpath(candidate) : path.join(realParent, path.basename(candidate));
}

function safeRealpath(file: string): string | null {
  try {
    // Native: one syscall, where the JS version lstat()s each component.
    return realpathSync.native(file);
  } catch {
    return null;
  }
}
