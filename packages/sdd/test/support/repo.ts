import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Fixtures on disk: throwaway git repositories and plain folders of files. Git runs with a fixed
 * identity and no user or system configuration, so no test depends on the machine it runs on.
 */

const GIT_IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const EPOCH = Date.parse('2026-01-01T00:00:00Z');

/** Runs git in `root` with the fixed identity; commits are dated 2026-01-01. */
export function git(root: string, ...args: string[]): string {
  return runGit(root, args, 0);
}

function runGit(root: string, args: string[], seconds: number): string {
  const date = new Date(EPOCH + seconds * 1000).toISOString();
  return execFileSync('git', [...GIT_IDENTITY, ...args], {
    cwd: root,
    env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A throwaway git repository on branch `main`. */
export interface TempRepo {
  root: string;
  /** Writes a file (parents made); the content defaults to the file's name and a newline. */
  write(file: string, text?: string): void;
  /** Removes a file or folder, if present. */
  remove(file: string): void;
  git(...args: string[]): string;
  /** Stages everything and commits (empty commits allowed), each a second after the last; returns the new HEAD. */
  commit(message: string): string;
  dispose(): void;
}

/** `init: false` leaves the folder empty, e.g. to clone into it. */
export function createRepo(options: { init?: boolean } = {}): TempRepo {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sdd-repo-'));
  let tick = 0;
  const run = (...args: string[]) => runGit(root, args, tick);
  if (options.init !== false) run('init', '-q');
  return {
    root,
    write(file, text = `${file}\n`) {
      writeFiles(root, { [file]: text });
    },
    remove(file) {
      rmSync(path.join(root, file), { recursive: true, force: true });
    },
    git: run,
    commit(message) {
      tick++;
      run('add', '-A');
      run('commit', '-q', '--allow-empty', '-m', message);
      return run('rev-parse', 'HEAD').trim();
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A temporary folder (no git) with these files (`null` content: a directory). */
export function tempFolder(files: Record<string, string | null> = {}): { root: string; dispose: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sdd-folder-'));
  writeFiles(root, files);
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes files under `root` (`null` content: a directory), making parent folders. */
export function writeFiles(root: string, files: Record<string, string | null>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    if (content === null) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
}

export function link(root: string, name: string, target: string): void {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  symlinkSync(target, path.join(root, name));
}
