import path from 'node:path';
import { namePartsOf } from './file-name.js';

/**
 * The one answer to "which spec does the user mean?" for `--spec` (validate,
 * check, report) and the spec argument of `new`, `provenance draft` and
 * `provenance sync`. A filter is
 * - a number (`1`, `0001`): the spec numbered so in its file name;
 * - a path (it holds a `/` or ends in `.md`): that file, relative to `from.cwd`
 *   when the caller has one, else to the repository root;
 * - otherwise a name: the file name without `.md` (`spec-0001-slug`) or the slug.
 */
export function specFilterMatches(file: string, filter: string, from?: { root: string; cwd: string }): boolean {
  const parts = namePartsOf(file);
  if (/^\d+$/.test(filter)) return parts.number !== null && parts.number === Number(filter);
  if (filter.endsWith('.md') || filter.includes('/') || filter.includes(path.sep)) return repositoryPath(filter, from) === file;
  return path.posix.basename(file, '.md') === filter || parts.slug === filter;
}

function repositoryPath(filter: string, from: { root: string; cwd: string } | undefined): string {
  const relative = from ? path.relative(from.root, path.resolve(from.cwd, filter)) : path.normalize(filter);
  return relative.split(path.sep).join('/');
}
