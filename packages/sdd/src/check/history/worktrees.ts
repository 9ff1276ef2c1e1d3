import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processEnvironment } from '../../git-env.js';

/**
 * Temporary `git worktree`s at older commits, for `--history full`: a check
 * that needs a working tree (a command, a synth) re-runs there for a record
 * judged at its own commit. Each is made once per commit and run, and removed
 * (with git's note of it) at the end of the run.
 */
export interface Worktrees {
  /** The root of a worktree at `commit`, made on first use, after `prepare` has run in it. */
  at(commit: string, prepare?: (root: string) => Promise<void>): Promise<string>;
  /** Every worktree made so far (for tests and progress). */
  readonly made: readonly string[];
  /** Removes every worktree made; safe to call twice. */
  dispose(): void;
}

export function createWorktrees(root: string): Worktrees {
  const byCommit = new Map<string, Promise<string>>();
  const made: string[] = [];
  const holders: string[] = [];
  return {
    made,
    at(commit, prepare) {
      let ready = byCommit.get(commit);
      if (!ready) {
        ready = (async () => {
          const holder = mkdtempSync(path.join(os.tmpdir(), `sdd-worktree-${commit.slice(0, 7)}-`));
          holders.push(holder);
          const worktree = path.join(holder, 'tree');
          git(root, ['worktree', 'add', '--detach', '--quiet', worktree, commit]);
          made.push(worktree);
          // The repository root may be a folder inside the git top level: the same folder in the worktree.
          const inside = path.join(worktree, topLevelPrefix(root));
          await prepare?.(inside);
          return inside;
        })();
        byCommit.set(commit, ready);
      }
      return ready;
    },
    dispose() {
      // A run that made no worktree (most runs) leaves git's list of them alone: no process.
      if (holders.length === 0) return;
      for (const worktree of made.splice(0)) {
        try {
          git(root, ['worktree', 'remove', '--force', worktree]);
        } catch {
          // Removed below with its folder; `prune` forgets it.
        }
      }
      for (const holder of holders.splice(0)) rmSync(holder, { recursive: true, force: true });
      try {
        git(root, ['worktree', 'prune']);
      } catch {
        // Nothing left to tidy, or git is gone: the folders are removed either way.
      }
      byCommit.clear();
    },
  };
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: processEnvironment() });
}

function topLevelPrefix(root: string): string {
  return git(root, ['rev-parse', '--show-prefix']).trim();
}
