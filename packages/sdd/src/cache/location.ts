import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { realPathOrNull } from '../repo-path.js';
import { defaultConfig, type SddConfig, type Workspace } from '../model/index.js';
import { processEnvironment } from '../git-env.js';

/**
 * The cache directory a run may use, absolute, or null when it may use none.
 * sdd writes nothing the user did not ask for: the default directory (under
 * node_modules) is used only where the repository has node_modules; a
 * directory set in the configuration is used as configured. A directory
 * holding anything git tracks or has staged is never used: a pull request
 * could have committed entries into it (`git add -f`) that turn a failing
 * check into a pass.
 */
export function cacheDirectory(root: string, config: SddConfig, tracked?: readonly string[]): string | null {
  const cache = config.cache;
  if (!cache.enabled) return null;
  if (cache.dir === defaultConfig().cache.dir && !existsSync(path.join(root, 'node_modules'))) return null;
  if ((tracked ?? trackedCacheEntries(root, config)).length > 0) return null;
  return path.resolve(root, cache.dir);
}

/**
 * The cache directory of a run, as discover worked it out (once: asking git
 * what it tracks is a process), or worked out now for a workspace built by hand.
 */
export function workspaceCacheDir(workspace: Pick<Workspace, 'root' | 'config' | 'cacheDir'>): string | null {
  return workspace.cacheDir !== undefined ? workspace.cacheDir : cacheDirectory(workspace.root, workspace.config);
}

/**
 * The files under the cache directory that git tracks or has staged
 * (repository-relative), as the folder is written and as its symbolic links
 * resolve. A folder git cannot answer for while it lies in the repository
 * (e.g. behind a tracked symbolic link) counts as tracked.
 */
export function trackedCacheEntries(root: string, config: SddConfig): string[] {
  if (!config.cache.enabled) return [];
  const top = gitTopLevel(root);
  if (top === null) return [];
  const absolute = path.resolve(root, config.cache.dir);
  const inRepository = [absolute, realPathOrNull(absolute)]
    .filter((place): place is string => place !== null)
    .map((place) => path.relative(top, place))
    .filter((relative) => !relative.startsWith('..') && !path.isAbsolute(relative))
    .map((relative) => (relative === '' ? '.' : relative));
  if (inRepository.length === 0) return [];
  const listed = spawnSync('git', ['-c', 'core.quotepath=off', 'ls-files', '-z', '--cached', '--', ...new Set(inRepository)], { cwd: top, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: processEnvironment() });
  if (listed.status !== 0) return [toPosix(path.relative(root, absolute))];
  const files = listed.stdout.split('\0').filter((file) => file.length > 0);
  return [...new Set(files.map((file) => toPosix(path.relative(root, path.join(top, file)))))].sort();
}

// A root's top level does not change while sdd runs.
const topLevels = new Map<string, string | null>();

/** The git top level above `root` (its real path), asked once per root; null outside git. */
export function gitTopLevel(root: string): string | null {
  const known = topLevels.get(root);
  if (known !== undefined) return known;
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', env: processEnvironment() });
  const found = top.status === 0 ? (realPathOrNull(top.stdout.trim()) ?? top.stdout.trim()) : null;
  if (found !== null) topLevels.set(root, found);
  return found;
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
