import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { cacheDirectory, workspaceCacheDir } from '../cache/location.js';
import type { Finding, WorkingState, Workspace } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';
import { readRunConfig, servesRun, type RunConfig } from './base-config.js';
import { ConfigError } from './config.js';
import { readGitFacts } from './git.js';
import { isInside, leavesThroughSymlink, realPathOrNull } from '../repo-path.js';

export { ConfigError, loadConfig, parseConfig } from './config.js';
// The one path guard (`src/repo-path.ts`), for author/ and cli/ that already import discover.
export { isInside } from '../repo-path.js';

interface DiscoverOptions {
  /** `--config FILE`, relative to the root. */
  configPath?: string;
  /** `--base REV`: the change under review starts after this commit. */
  base?: string;
  /** Skip reading git (e.g. `sdd check`, which needs no history for most kinds). */
  git?: boolean;
  /** False: do not keep git's log in sdd's cache (`--no-cache`). Default: where `workspaceCacheDir` allows. */
  cache?: boolean;
  /** The working tree's state this run has read already (`readWorkingState`, spec 0041). */
  workingState?: WorkingState;
}

/** Finds the repository's configuration, documents and git facts. Throws only `ConfigError` (exit 2). */
export async function discover(root: string, options: DiscoverOptions = {}): Promise<Workspace> {
  const documents = await discoverDocuments(root, options);
  return withGit(documents, await discoverGit(documents, options));
}

/** The workspace without git's facts: what the parse stage needs, so that git can be read meanwhile. */
export type DocumentWorkspace = Omit<Workspace, 'git'>;

export async function discoverDocuments(
  root: string,
  options: Pick<DiscoverOptions, 'configPath' | 'base'> & { runConfig?: RunConfig } = {},
): Promise<DocumentWorkspace> {
  const absoluteRoot = path.resolve(root);
  const rootStat = await stat(absoluteRoot).catch(() => null);
  if (!rootStat?.isDirectory()) throw new ConfigError('root is not a directory', absoluteRoot);

  // With `--base`, the base's configuration: a pull request does not choose its own rules. The cache
  // files git tracks are asked once a run: the finding and every stage's cache directory come from that answer.
  const { loaded, tracked } = servesRun(options.runConfig, absoluteRoot, options) ? options.runConfig : await readRunConfig(absoluteRoot, options);
  const { config, file: configFile, findings: configFindings } = loaded;
  const findings: Finding[] = [...configFindings, ...trackedCacheFindings(tracked, config)];
  const ignored = new Set(config.ignore);
  const [specFiles, provenanceFiles] = await Promise.all([
    listMarkdown(absoluteRoot, config.specs, ignored, findings),
    listMarkdown(absoluteRoot, config.provenance, ignored, findings),
  ]);
  return { root: absoluteRoot, config, configFile, specFiles, provenanceFiles, findings, cacheDir: cacheDirectory(absoluteRoot, config, tracked) };
}

/** A cache git tracks could be anyone's: it is not used, and the run says so. */
function trackedCacheFindings(tracked: readonly string[], config: Workspace['config']): Finding[] {
  if (tracked.length === 0) return [];
  const shown = tracked.slice(0, 3).map((file) => `\`${file}\``).join(', ');
  const more = tracked.length > 3 ? ` and ${tracked.length - 3} more` : '';
  return [
    ruleFinding(
      'cache/tracked',
      `the cache folder \`${config.cache.dir}\` holds files git tracks or has staged (${shown}${more}): a cache anyone can commit is never read; this run is uncached`,
      { location: { file: tracked[0] ?? config.cache.dir, line: 1 }, data: { files: tracked } },
    ),
  ];
}

/** git's facts for the workspace (null without git), with the finding that says why there are none. */
export async function discoverGit(
  workspace: DocumentWorkspace,
  options: Omit<DiscoverOptions, 'configPath'> = {},
): Promise<{ git: Workspace['git']; findings: Finding[] }> {
  if (options.git === false) return { git: null, findings: [] };
  const git = await readGitFacts(workspace.root, {
    base: options.base,
    // The log of a commit never changes: a warm run reads it from the cache instead of git.
    cacheDir: options.cache === false ? undefined : (workspaceCacheDir(workspace) ?? undefined),
    workingState: options.workingState,
  });
  if (git !== null) return { git, findings: [] };
  return {
    git,
    findings: [ruleFinding('discover/no-git', 'not a git repository (or git is not installed): artifacts cannot be compared with history')],
  };
}

export function withGit(documents: DocumentWorkspace, git: { git: Workspace['git']; findings: Finding[] }): Workspace {
  return { ...documents, git: git.git, findings: [...documents.findings, ...git.findings] };
}

/** The `.md` files directly inside a document folder, sorted, as repository-relative POSIX paths. */
async function listMarkdown(root: string, folder: string, ignored: Set<string>, findings: Finding[]): Promise<string[]> {
  const absolute = path.resolve(root, folder);
  if (!isInside(root, absolute)) {
    throw new ConfigError(`folder "${folder}" leaves the repository`, '.sdd/config.yaml');
  }
  const realFolder = realPathOrNull(absolute);
  if (realFolder === null) {
    findings.push(ruleFinding('discover/missing-folder', `folder ${folder} does not exist`));
    return [];
  }
  // A folder that is (or sits under) a symlink out of the repository would put outside files in the report.
  if (leavesThroughSymlink(root, absolute)) {
    findings.push(
      ruleFinding('discover/outside-repository', `folder ${folder} is a symlink to ${realFolder}, outside the repository: its documents are not read`, {
        location: { file: folder, line: 1 },
      }),
    );
    return [];
  }
  let entries;
  try {
    entries = await readdir(absolute, { withFileTypes: true });
  } catch {
    findings.push(ruleFinding('discover/missing-folder', `folder ${folder} does not exist`));
    return [];
  }
  // The folder's path once, not `path.relative` per document (40 ms over 2,000 documents).
  const relative = toPosix(path.relative(root, absolute));
  const prefix = relative === '' ? '' : `${relative}/`;
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && !ignored.has(entry.name))
    .map((entry) => `${prefix}${entry.name}`)
    .sort();
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
