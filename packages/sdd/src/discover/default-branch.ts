import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { processEnvironment } from '../git-env.js';

const run = promisify(execFile);

/**
 * The repository's main branch, for the CI recipe's push trigger: origin's
 * HEAD when the clone knows it, else the branch checked out; null outside
 * git (or on a detached HEAD with no origin).
 */
export async function readDefaultBranch(root: string): Promise<string | null> {
  const git = async (...args: string[]) => {
    try {
      return (await run('git', args, { cwd: root, env: processEnvironment() })).stdout.trim();
    } catch {
      return '';
    }
  };
  const remoteHead = await git('symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD');
  if (remoteHead.startsWith('origin/')) return remoteHead.slice('origin/'.length);
  const current = await git('branch', '--show-current');
  return current === '' ? null : current;
}
