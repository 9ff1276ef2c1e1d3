import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, type SddConfig } from '../model/index.js';

/**
 * The cache directory a run may use, absolute, or null when it may use none.
 * sdd writes nothing the user did not ask for: the default directory (under
 * node_modules) is used only where the repository has node_modules; a
 * directory set in the configuration is used as configured.
 */
export function cacheDirectory(root: string, config: SddConfig): string | null {
  const cache = config.cache;
  if (!cache.enabled) return null;
  if (cache.dir === defaultConfig().cache.dir && !existsSync(path.join(root, 'node_modules'))) return null;
  return path.resolve(root, cache.dir);
}
