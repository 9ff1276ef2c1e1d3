import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The two questions the artifact comparison asks of the working tree, kept
 * behind an interface so that the comparison itself stays pure (tests pass a
 * set of paths). Only paths that are lexically inside the repository reach
 * here; nothing is read, only looked up.
 */
export interface FileProbe {
  /** The path (file or directory) exists now. */
  exists(file: string): boolean;
  /** The path resolves outside the repository through a symbolic link. */
  escapes(file: string): boolean;
}

export function createFileProbe(root: string): FileProbe {
  const realRoot = safeRealpath(root) ?? path.resolve(root);
  return {
    exists: (file) => existsSync(path.join(root, file)),
    escapes: (file) => {
      // Resolve the deepest part of the path that exists: a link anywhere on it counts.
      let candidate = path.join(root, file);
      let real = safeRealpath(candidate);
      while (real === null && candidate !== path.dirname(candidate)) {
        candidate = path.dirname(candidate);
        real = safeRealpath(candidate);
      }
      if (real === null) return false;
      const relative = path.relative(realRoot, real);
      return relative.startsWith('..') || path.isAbsolute(relative);
    },
  };
}

function safeRealpath(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}
