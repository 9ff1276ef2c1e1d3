import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRealPaths, leavesThroughSymlink } from '../repo-path.js';

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
  // One probe serves one run: the real path of each folder is looked up once, not once per row under it.
  const realPaths = createRealPaths();
  return {
    exists: (file) => existsSync(path.join(root, file)),
    // A link anywhere on the path counts (the one guard, `src/repo-path.ts`).
    escapes: (file) => leavesThroughSymlink(root, path.join(root, file), realPaths),
  };
}
