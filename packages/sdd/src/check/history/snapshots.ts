import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listTree, readBlobBytes } from '../../discover/git.js';

/**
 * A commit's files, written from git's objects into a temporary folder: the
 * paths a check reads, as that commit has them. No checkout and no worktree:
 * `git ls-tree` lists them and `git cat-file --batch` gives their bytes. A
 * check then runs with the folder as its root, through the same path guard as
 * on the working tree (a symbolic link that leaves it is refused there).
 */
export interface Snapshots {
  /** A folder holding `paths` (files, or folders with everything under them) as `commit` has them. */
  at(commit: string, paths: readonly string[]): Promise<string>;
  /** Removes every folder made; safe to call twice. */
  dispose(): void;
}

/** A spec names a few files or a small folder; past these a snapshot refuses rather than copy a tree. */
const SNAPSHOT_LIMITS = { entries: 20_000, bytes: 256 * 1024 * 1024 };

export function createSnapshots(root: string): Snapshots {
  const folders = new Map<string, { dir: string; done: Map<string, Promise<void>> }>();
  let disposed = false;

  const folderOf = (commit: string) => {
    let entry = folders.get(commit);
    if (!entry) {
      entry = { dir: mkdtempSync(path.join(os.tmpdir(), `sdd-at-${commit.slice(0, 7)}-`)), done: new Map() };
      folders.set(commit, entry);
    }
    return entry;
  };

  return {
    async at(commit, paths) {
      if (disposed) throw new Error('snapshots already disposed');
      const folder = folderOf(commit);
      // Only paths that stay inside: anything else is left for the check's own guard to refuse.
      const wanted = paths.map(normalise).filter((one): one is string => one !== null);
      await Promise.all(
        wanted.map((one) => {
          let written = folder.done.get(one);
          if (!written) {
            written = writeSnapshot(root, commit, one, folder.dir);
            folder.done.set(one, written);
          }
          return written;
        }),
      );
      return folder.dir;
    },
    dispose() {
      disposed = true;
      for (const { dir } of folders.values()) rmSync(dir, { recursive: true, force: true });
      folders.clear();
    },
  };
}

/** Repository-relative, no `..`, no absolute path; `.` (the whole tree) included. */
function normalise(one: string): string | null {
  if (path.isAbsolute(one) || /^[A-Za-z]:[\\/]/.test(one)) return null;
  const clean = path.posix.normalize(one.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (clean === '..' || clean.startsWith('../')) return null;
  return clean === '' ? '.' : clean;
}

async function writeSnapshot(root: string, commit: string, wanted: string, into: string): Promise<void> {
  const entries = await listTree(root, commit, [wanted]);
  if (entries.length > SNAPSHOT_LIMITS.entries) {
    throw new Error(`\`${wanted}\` holds ${entries.length} entries at ${commit.slice(0, 7)}, over the ${SNAPSHOT_LIMITS.entries} sdd reads`);
  }
  const blobs = entries.filter((entry) => entry.type === 'blob');
  const bytes = await readBlobBytes(root, blobs.map((entry) => entry.id));
  let total = 0;
  for (const entry of entries) {
    const target = path.join(into, entry.path);
    // git never stores `..` in a path; checked anyway, since this writes files.
    if (!target.startsWith(`${into}${path.sep}`)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    if (entry.type === 'commit' || entry.type === 'tree') {
      mkdirSync(target, { recursive: true });
      continue;
    }
    const content = bytes.get(entry.id);
    if (content === undefined) throw new Error(`git holds no blob ${entry.id} for \`${entry.path}\``);
    total += content.length;
    if (total > SNAPSHOT_LIMITS.bytes) throw new Error(`the files under \`${wanted}\` at ${commit.slice(0, 7)} exceed ${SNAPSHOT_LIMITS.bytes} bytes`);
    if (entry.mode === '120000') {
      rmSync(target, { force: true });
      symlinkSync(content.toString('utf8'), target);
    } else {
      writeFileSync(target, content);
      if (entry.mode === '100755') chmodSync(target, 0o755);
    }
  }
}
