import { spawn } from 'node:child_process';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { cacheKey } from '../cache/key.js';
import { createCacheStore } from '../cache/store.js';
import type { GitFacts, WorkingState } from '../model/index.js';
import { headOfStatus, parseLog, parseRepository, parseStatus, REPOSITORY_ARGS, toWorkspacePaths } from './git-parse.js';
import { STATUS_ARGS } from './working-state.js';
import { SHALLOW_FIX } from './shallow.js';
import { processEnvironment } from '../git-env.js';

export { parseLog, parseStatus } from './git-parse.js';

interface GitReadOptions {
  /** `--base REV`: the explicit range start. */
  base?: string;
  /**
   * sdd's cache directory (absolute), when the cache may be used: the log of
   * a HEAD is then read from git once. The commits reachable from a commit
   * id never change, so HEAD's id keys them (not in a shallow clone, which
   * a fetch can deepen under the same HEAD).
   */
  cacheDir?: string;
  /** The working tree's state already read at `root` for this run (`readWorkingState`): its status is not asked again. */
  workingState?: WorkingState;
}

/**
 * `--base REV` names nothing git can resolve, or a commit with no history in
 * common with HEAD. A configuration error: the CLI exits with code 2.
 */
export class GitBaseError extends Error {
  constructor(
    readonly base: string,
    reason: string,
  ) {
    super(`--base ${base}: ${reason}`);
    this.name = 'GitBaseError';
  }
}

/**
 * One record per commit: a record separator, then hash, parents, date,
 * author and subject, NUL-separated; `--raw -z` follows with NUL-separated
 * name-status entries (blob ids included).
 */
const LOG_FORMAT = '--format=%x1e%H%x00%P%x00%aI%x00%an%x00%s%x00';

/**
 * Reads everything later stages need from git, with four processes at most:
 * `rev-parse` (top level, shallow) and `status` (the working tree and HEAD),
 * unless the run's working state holds them, `log --raw` (every commit's
 * name-status with renames and blob ids; from the cache when it holds HEAD's),
 * and with `--base` `merge-base`. The log and the base are read side by side.
 *
 * History is the **first-parent** chain of HEAD: a merge commit counts as one
 * change (everything its branch brought, diffed against the first parent),
 * which is what a branch merged into main means to a reviewer.
 *
 * Returns null when `root` is not inside a git work tree or git is missing;
 * never throws, except `GitBaseError` for a `base` that does not resolve.
 */
export async function readGitFacts(root: string, options: GitReadOptions = {}): Promise<GitFacts | null> {
  const git = openGit(root);
  if (!git) return null;
  // The run's working state asked beside its status; a state built by hand did not.
  const repository = options.workingState?.repository ?? (await safeRaw(git, REPOSITORY_ARGS).then((output) => (output === null ? null : parseRepository(output))));
  if (!repository) return null;
  const { topLevel, shallow } = repository;
  // Paths from git are relative to the top level; sdd's are relative to `root`.
  const prefix = toPosix(path.relative(topLevel, path.resolve(root)));

  const statusText = options.workingState ? options.workingState.status : await safeRaw(git, STATUS_ARGS);
  if (statusText === null) return null;
  // The status names HEAD's commit: the log read below is the history of the tree the status saw.
  const head = headOfStatus(statusText);
  const [logText, base] = await Promise.all([
    head === null ? Promise.resolve('') : readLog(git, head, shallow ? undefined : options.cacheDir),
    options.base === undefined ? Promise.resolve(null) : resolveBase(git, options.base, head, shallow),
  ]);
  if (logText === null) return null;

  const facts: GitFacts = {
    head,
    commits: parseLog(logText),
    shallow,
    workingTree: parseStatus(statusText),
    base,
  };
  return prefix === '' ? facts : toWorkspacePaths(facts, prefix);
}

const LOG_ARGS = ['log', '--raw', '-M', '--no-abbrev', '-z', '--first-parent', '--diff-merges=first-parent', '--reverse', LOG_FORMAT];

/** `git log` of HEAD, from the cache when it holds this HEAD's. A cache that cannot be read or written only costs time. */
async function readLog(git: SimpleGit, head: string, cacheDir: string | undefined): Promise<string | null> {
  const store = cacheDir === undefined ? null : createCacheStore(cacheDir);
  const key = cacheKey('git-log', head, ...LOG_ARGS);
  const cached = store ? await store.getText(key) : undefined;
  if (cached !== undefined) return cached;
  const text = await safeRaw(git, [...LOG_ARGS, head]);
  if (text !== null && store) await store.setText(key, text);
  return text;
}

/**
 * The text of each blob, read with one `git cat-file --batch` for all of
 * them. Ids git does not hold are left out of the map; never throws.
 */
export async function readBlobs(root: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const [id, bytes] of await readBlobBytes(root, ids)) texts.set(id, bytes.toString('utf8'));
  return texts;
}

/** The bytes of each blob (one `git cat-file --batch`); ids git does not hold are left out; never throws. */
export async function readBlobBytes(root: string, ids: Iterable<string>): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(ids)].filter((id) => /^[0-9a-f]{40,64}$/.test(id));
  const blobs = new Map<string, Buffer>();
  if (wanted.length === 0) return blobs;
  const output = await runWithInput(root, ['cat-file', '--batch'], `${wanted.join('\n')}\n`).catch(() => null);
  if (output === null) return blobs;
  let offset = 0;
  while (offset < output.length) {
    const lineEnd = output.indexOf(0x0a, offset);
    if (lineEnd < 0) break;
    const header = output.subarray(offset, lineEnd).toString('utf8').split(' ');
    offset = lineEnd + 1;
    const [id, type, sizeText] = header;
    if (id === undefined || type === 'missing' || sizeText === undefined) continue;
    const size = Number(sizeText);
    // `--batch` gives sizes in bytes: slice the buffer, not a decoded string.
    if (type === 'blob') blobs.set(id, output.subarray(offset, offset + size));
    offset += size + 1;
  }
  return blobs;
}

function openGit(root: string): SimpleGit | null {
  try {
    return simpleGit({ baseDir: root, config: ['core.quotepath=off'], trimmed: false });
  } catch {
    // simple-git throws when the directory does not exist.
    return null;
  }
}

/** Output of a git command, or null when it failed (not a repository, git missing, bad revision). */
async function safeRaw(git: SimpleGit, args: string[]): Promise<string | null> {
  try {
    return await git.raw(args);
  } catch {
    return null;
  }
}

async function resolveCommit(git: SimpleGit, rev: string): Promise<string | null> {
  const output = await safeRaw(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  const id = output?.trim() ?? '';
  return /^[0-9a-f]{40,64}$/.test(id) ? id : null;
}

/**
 * `base..HEAD` on a first-parent history: the commits after the point where
 * HEAD's history meets `base`. That point is their merge base, so a branch
 * that has fallen behind its base still shows only its own commits. One
 * process when the base is good; only a failure asks why.
 */
async function resolveBase(git: SimpleGit, base: string, head: string | null, shallow: boolean): Promise<string> {
  const mergeBase = head === null ? '' : ((await safeRaw(git, ['merge-base', '--end-of-options', base, head]))?.trim() ?? '');
  if (/^[0-9a-f]{40,64}$/.test(mergeBase)) return mergeBase;
  if ((await resolveCommit(git, base)) === null) {
    // A shallow clone holds only the commits it fetched: the base may well exist beyond them.
    if (shallow) throw new GitBaseError(base, `is not in this shallow clone. ${SHALLOW_FIX}`);
    throw new GitBaseError(base, 'does not name a commit in this repository (fetch it first, e.g. `git fetch origin main`, or name a branch or commit that exists)');
  }
  if (head === null) throw new GitBaseError(base, 'the repository has no commits yet');
  if (shallow) throw new GitBaseError(base, `its common history with HEAD lies beyond this shallow clone's history. ${SHALLOW_FIX}`);
  throw new GitBaseError(base, 'has no history in common with HEAD');
}

/** One entry of `git ls-tree`: a file (blob), a symbolic link (mode 120000) or a submodule (commit). */
interface TreeEntry {
  mode: string;
  type: 'blob' | 'commit' | 'tree';
  id: string;
  /** Relative to the directory git ran in. */
  path: string;
}

/**
 * What a commit holds at `paths` (each a file or a folder, relative to
 * `root`), recursively: `git ls-tree -r -z`. Throws when git fails (an unknown
 * commit); paths it does not hold are simply absent.
 */
export async function listTree(root: string, commit: string, paths: readonly string[]): Promise<TreeEntry[]> {
  const output = await runWithInput(root, ['ls-tree', '-r', '-z', '--end-of-options', commit, '--', ...paths], null);
  const entries: TreeEntry[] = [];
  for (const record of output.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode = '', type = '', id = ''] = record.slice(0, tab).split(' ');
    if (type === 'blob' || type === 'commit' || type === 'tree') entries.push({ mode, type, id, path: record.slice(tab + 1) });
  }
  return entries;
}

/** git's stdout as bytes; simple-git cannot feed stdin (`cat-file --batch` needs it). Null input: no stdin at all. */
function runWithInput(cwd: string, args: string[], input: string | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=off', ...args], { cwd, stdio: [input === null ? 'ignore' : 'pipe', 'pipe', 'ignore'], env: processEnvironment() });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git ${args[0]} exited ${code}`))));
    if (input !== null && child.stdin) {
      child.stdin.on('error', reject);
      child.stdin.end(input);
    }
  });
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
