import path from 'node:path';

/**
 * Paths as documents write them (`./infra/`, `k8s\\app.yaml`, `a//b`): one
 * spelling, and whether it leaves the repository, told from the text alone.
 */

/** Forward slashes, no `./`, no trailing slash (a trailing slash says it is a directory). */
export function normaliseDocumentPath(raw: string): { path: string; directory: boolean } {
  const slashed = raw.trim().replace(/\\/g, '/');
  const directory = slashed.endsWith('/');
  const normal = path.posix.normalize(slashed).replace(/^\.\/+/, '').replace(/\/+$/, '');
  return { path: normal === '.' ? '' : normal, directory };
}

/** `..` that climbs above the root, an absolute path, a drive letter, or a home directory. */
export function leavesRepository(raw: string): boolean {
  const slashed = raw.trim().replace(/\\/g, '/');
  if (slashed.startsWith('/') || slashed.startsWith('~') || /^[a-zA-Z]:/.test(slashed)) return true;
  const normal = path.posix.normalize(slashed);
  return normal === '..' || normal.startsWith('../');
}
