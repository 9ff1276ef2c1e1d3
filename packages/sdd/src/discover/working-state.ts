import { execFile } from 'node:child_process';
import type { WorkingState } from '../model/index.js';
import { parseIgnored } from './git-parse.js';

export const STATUS_ARGS = ['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'];
export const IGNORED_ARGS = ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'];

/**
 * Reads the working tree's state once per run (spec 0041): the whole-run
 * cache's fingerprint and discovery share it, so a large repository pays for
 * one `git status` and one ignored listing, and a run is stored under exactly
 * the state it saw. Light on purpose: a replay loads it.
 * Both reads run at once; never throws (a folder outside git gives nulls).
 */
export async function readWorkingState(root: string): Promise<WorkingState> {
  const [status, ignored] = await Promise.all([gitOutput(root, STATUS_ARGS), gitOutput(root, IGNORED_ARGS)]);
  return { root, status, ignored: ignored === null ? null : parseIgnored(ignored) };
}

function gitOutput(root: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['-c', 'core.quotepath=off', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => {
      resolve(error ? null : stdout);
    });
  });
}
