import type { CommitInfo, FileChange, GitFacts } from '../model/index.js';

/**
 * Pure parsers for the NUL-separated output `readGitFacts` asks git for.
 * With `-z` git writes paths verbatim (spaces, unicode, quotes), so nothing
 * here unquotes anything.
 */

const RECORD_SEPARATOR = '\x1e';

/** Parses `git log --raw -M --no-abbrev -z --format=%x1e%H%x00%P%x00%aI%x00%an%x00%s%x00`. */
export function parseLog(text: string): CommitInfo[] {
  const commits: CommitInfo[] = [];
  for (const record of text.split(RECORD_SEPARATOR)) {
    if (record.trim() === '') continue;
    const fields = record.split('\0');
    const [hash = '', parents = '', date = '', author = '', subject = ''] = fields;
    commits.push({
      hash,
      parents: parents === '' ? [] : parents.split(' '),
      date,
      author,
      subject,
      changes: parseRawEntries(fields.slice(5)),
    });
  }
  return commits;
}

/** `:mode mode old new STATUS\0path\0` or, for renames and copies, `…R100\0old\0new\0`. */
function parseRawEntries(tokens: string[]): FileChange[] {
  const changes: FileChange[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = (tokens[index] ?? '').replace(/^\n+/, '');
    if (!token.startsWith(':')) continue;
    const [, , oldBlob = '', newBlob = '', statusField = ''] = token.slice(1).split(' ');
    const letter = statusField.charAt(0);
    if (letter === 'R' || letter === 'C') {
      const oldPath = tokens[index + 1] ?? '';
      const newPath = tokens[index + 2] ?? '';
      index += 2;
      changes.push({ status: letter, path: newPath, oldPath, oldBlob, newBlob, similarity: Number(statusField.slice(1)) || 0 });
    } else if (isSimpleStatus(letter)) {
      changes.push({ status: letter, path: tokens[index + 1] ?? '', oldBlob, newBlob });
      index += 1;
    } else {
      // U (unmerged) and X (unknown) never appear in history; skip the path that follows.
      index += 1;
    }
  }
  return changes;
}

function isSimpleStatus(letter: string): letter is 'A' | 'M' | 'D' | 'T' {
  return letter === 'A' || letter === 'M' || letter === 'D' || letter === 'T';
}

type WorkingTreeEntry = GitFacts['workingTree'][number];

/**
 * Parses `git status --porcelain=v1 -z`: `XY path\0`, and for renames and
 * copies `XY new\0old\0`. X is the index, Y the work tree; the entry's status
 * is what happened to the path in either, against HEAD.
 */
export function parseStatus(text: string): WorkingTreeEntry[] {
  const entries: WorkingTreeEntry[] = [];
  const tokens = text.split('\0');
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] ?? '';
    if (token.length < 4) continue;
    const x = token.charAt(0);
    const y = token.charAt(1);
    const file = token.slice(3);
    // `!` ignored; `AD`: added, then deleted again in the work tree — nothing changed.
    if (x === '!' || (x === 'A' && y === 'D')) continue;
    if (x === 'R' || x === 'C') {
      const oldPath = tokens[index + 1] ?? '';
      index += 1;
      entries.push(x === 'R' ? { status: 'R', path: file, oldPath } : { status: 'A', path: file });
    } else if (x === '?') entries.push({ status: '?', path: file });
    else if (x === 'D' || y === 'D') entries.push({ status: 'D', path: file });
    else if (x === 'A') entries.push({ status: 'A', path: file });
    else entries.push({ status: 'M', path: file });
  }
  return entries;
}

/**
 * Makes paths relative to a workspace that is a sub-folder (`prefix`) of the
 * git top level, dropping changes outside it. A rename across the boundary
 * becomes an add or a delete.
 */
export function toWorkspacePaths(facts: GitFacts, prefix: string): GitFacts {
  const strip = (file: string | undefined): string | null =>
    file !== undefined && file.startsWith(`${prefix}/`) ? file.slice(prefix.length + 1) : null;
  const commits = facts.commits.map((commit) => ({
    ...commit,
    changes: commit.changes.flatMap((change): FileChange[] => {
      const file = strip(change.path);
      const oldFile = strip(change.oldPath);
      if (change.oldPath === undefined) return file === null ? [] : [{ ...change, path: file }];
      if (file !== null && oldFile !== null) return [{ ...change, path: file, oldPath: oldFile }];
      if (file !== null) return [{ status: 'A', path: file, oldBlob: change.oldBlob.replace(/./g, '0'), newBlob: change.newBlob }];
      if (oldFile !== null && change.status === 'R') return [{ status: 'D', path: oldFile, oldBlob: change.oldBlob, newBlob: change.newBlob.replace(/./g, '0') }];
      return [];
    }),
  }));
  const workingTree = facts.workingTree.flatMap((entry): WorkingTreeEntry[] => {
    const file = strip(entry.path);
    if (file === null) return [];
    const oldFile = strip(entry.oldPath);
    if (entry.status === 'R') return oldFile === null ? [{ status: 'A', path: file }] : [{ status: 'R', path: file, oldPath: oldFile }];
    return [{ ...entry, path: file }];
  });
  return { ...facts, commits, workingTree };
}

/** A commit id as people read it: its first seven characters. */
export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}
