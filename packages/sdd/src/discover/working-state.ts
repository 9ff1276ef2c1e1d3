import { execFile } from 'node:child_process';
import path from 'node:path';
import { gitTopLevel } from '../cache/location.js';
import type { WorkingState } from '../model/index.js';
import { realPathOrNull } from '../repo-path.js';
import { parseRepository, REPOSITORY_ARGS, splitStatus } from './git-parse.js';
import { processEnvironment } from '../git-env.js';

/**
 * The working tree's status and, in the same walk of the tree, what git ignores (`--ignored=matching`:
 * a folder an ignore pattern matches is one entry; a file a pattern matches is its own).
 */
export const STATUS_ARGS = ['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--ignored=matching'];

/**
 * Reads the working tree's state once per run (spec 0041): the whole-run
 * cache's fingerprint and discovery share it, so a large repository pays for
 * one walk of its tree (spec 0044: one `git status` gives both the changes and
 * the ignored paths), and a run is stored under exactly the state it saw.
 * Light on purpose: a replay loads it. Never throws (a folder outside git gives nulls).
 */
export async function readWorkingState(root: string): Promise<WorkingState> {
  // Side by side: the top level and shallowness are what `readGitFacts` would otherwise ask first.
  const [status, facts] = await Promise.all([gitOutput(root, STATUS_ARGS), gitOutput(root, REPOSITORY_ARGS)]);
  if (status === null) return { root, status: null, ignored: null, repository: null };
  const repository = facts === null ? null : parseRepository(facts);
  const { changes, ignored } = splitStatus(status);
  return { root, status: changes, ignored: underRoot(ignored, root, repository?.topLevel ?? gitTopLevel(root)), repository };
}

/**
 * git's status names paths from the top level; sdd's are relative to the root, which may be a
 * folder inside it. An ignored folder holding the root ignores all of it (`.`).
 */
function underRoot(ignored: string[], root: string, topLevel: string | null): string[] {
  const top = topLevel === null ? null : (realPathOrNull(topLevel) ?? topLevel);
  const prefix = top === null ? '' : path.relative(top, realPathOrNull(root) ?? root).split(path.sep).join('/');
  if (prefix === '') return ignored;
  return ignored.flatMap((entry) => {
    if (entry.startsWith(`${prefix}/`)) return [entry.slice(prefix.length + 1)];
    return entry === prefix || prefix.startsWith(`${entry}/`) ? ['.'] : [];
  });
}

function gitOutput(root: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['-c', 'core.quotepath=off', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: processEnvironment() }, (error, stdout) => {
      resolve(error ? null : stdout);
    });
  });
}
