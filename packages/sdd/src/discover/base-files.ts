import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gitBlobId } from '../cache/blob-id.js';
import { GitBaseError } from './git.js';
import { SHALLOW_FIX } from './shallow.js';
import { processEnvironment } from '../git-env.js';

const run = promisify(execFile);

/**
 * Files as the base commit holds them: what a pull request cannot have
 * written. `base` must name a commit (else `GitBaseError`, exit 2); a file
 * the commit does not hold is null.
 */
export async function readAtBase(root: string, base: string, file: string): Promise<string | null> {
  try {
    // `^{commit}`: git reads nothing from a base that names no commit, so a read that works needs no
    // verifying; only a failed one asks (a second process) whether the base or the file is missing.
    const { stdout } = await run('git', ['show', '--end-of-options', `${base}^{commit}:./${file}`], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: processEnvironment() });
    return stdout;
  } catch {
    await verifyBase(root, base);
    return null;
  }
}

/** The blob id of `file` at `base`, or null where the commit does not hold it. */
export async function blobAtBase(root: string, base: string, file: string): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--quiet', `${base}:./${file}`], { cwd: root, encoding: 'utf8', env: processEnvironment() });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

/** The blob id git would give the working tree's `file`, or null where it cannot be read. */
export async function blobInWorkingTree(root: string, file: string): Promise<string | null> {
  const content = await readFile(path.resolve(root, file)).catch(() => null);
  return content === null ? null : gitBlobId(content);
}

/** The same words as `readGitFacts` for a base that does not resolve, the shallow-clone fix included. */
async function verifyBase(root: string, base: string): Promise<void> {
  try {
    await run('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`], { cwd: root, env: processEnvironment() });
    return;
  } catch {
    // below
  }
  const shallow = await run('git', ['rev-parse', '--is-shallow-repository'], { cwd: root, encoding: 'utf8', env: processEnvironment() }).then(
    ({ stdout }) => stdout.trim() === 'true',
    () => false,
  );
  if (shallow) throw new GitBaseError(base, `is not in this shallow clone. ${SHALLOW_FIX}`);
  throw new GitBaseError(base, 'does not name a commit in this repository (fetch it first, e.g. `git fetch origin main`, or name a branch or commit that exists)');
}
