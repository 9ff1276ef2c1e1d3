import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The one guard every check uses before it touches a path a spec names.
 * Specs come from pull requests: a path that is absolute, climbs out with
 * `..`, or reaches outside through a symlink is rejected before anything
 * reads it.
 */
export type RepoPath = { ok: true; abs: string; rel: string } | { ok: false; reason: string };

export const LEAVES_REPOSITORY = 'path leaves the repository';

export function resolveRepoPath(root: string, rel: string): RepoPath {
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

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The real path of the deepest ancestor that exists, with the rest appended: a path that does not exist yet cannot escape below it. */
function realOfExistingPart(abs: string): string {
  let current = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return abs;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}
