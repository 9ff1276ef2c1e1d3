import type { CommitInfo, FileChange, GitFacts } from '../model/index.js';

/**
 * Pure parsers for the NUL-separated output `readGitFacts` asks git for.
 * With `-z` git writes paths verbatim (spaces, unicode, quotes), so nothing
 * here unquotes anything.
 */

const RECORD_SEPARATOR = '\x1e';

/**
 * Parses `git log --raw -M --no-abbrev -z --format=%x1e%H%x00%P%x00%aI%x00%an%x00%s%x00`.
 * Walks the text by offsets rather than splitting it: a long history's log is megabytes, and
 * every string or array made per entry is one more object for the collector to copy.
 */
export function parseLog(text: string): CommitInfo[] {
  const commits: CommitInfo[] = [];
  for (let start = text.indexOf(RECORD_SEPARATOR); start >= 0; ) {
    const next = text.indexOf(RECORD_SEPARATOR, start + 1);
    const end = next < 0 ? text.length : next;
    const hashEnd = tokenEnd(text, start + 1, end);
    const parentsEnd = tokenEnd(text, hashEnd + 1, end);
    const dateEnd = tokenEnd(text, parentsEnd + 1, end);
    const authorEnd = tokenEnd(text, dateEnd + 1, end);
    const subjectEnd = tokenEnd(text, authorEnd + 1, end);
    const hash = text.slice(start + 1, hashEnd);
    const parents = text.slice(hashEnd + 1, parentsEnd);
    if (hash.trim() !== '' || subjectEnd + 1 < end) {
      commits.push({
        hash,
        parents: parents === '' ? [] : parents.split(' '),
        // Past the record's end, a start lies after its end: the slice is empty, as for a missing field.
        date: text.slice(parentsEnd + 1, dateEnd),
        author: text.slice(dateEnd + 1, authorEnd),
        subject: text.slice(authorEnd + 1, subjectEnd),
        changes: parseRawEntries(text, subjectEnd + 1, end),
      });
    }
    start = next;
  }
  return commits;
}

/** Where the token starting at `at` ends: the next NUL, or the record's end (then also when `at` is past it). */
function tokenEnd(text: string, at: number, end: number): number {
  if (at >= end) return end;
  const stop = text.indexOf('\0', at);
  return stop < 0 || stop > end ? end : stop;
}

/** `:mode mode old new STATUS\0path\0` or, for renames and copies, `…R100\0old\0new\0`; from `at` to the record's `end`. */
function parseRawEntries(text: string, from: number, end: number): FileChange[] {
  const changes: FileChange[] = [];
  let at = from;
  while (at < end) {
    // Each entry after the first starts on a new line.
    while (at < end && text.charCodeAt(at) === 0x0a) at++;
    if (at >= end) break;
    const headEnd = tokenEnd(text, at, end);
    const head = at;
    at = headEnd + 1;
    if (text.charCodeAt(head) !== 0x3a /* : */) continue;
    // Four spaces part the two modes, the two blob ids and the status.
    const newModeAt = text.indexOf(' ', head) + 1;
    const oldBlobAt = text.indexOf(' ', newModeAt) + 1;
    const newBlobAt = text.indexOf(' ', oldBlobAt) + 1;
    const statusAt = text.indexOf(' ', newBlobAt) + 1;
    if (newModeAt === 0 || oldBlobAt === 0 || newBlobAt === 0 || statusAt === 0 || statusAt > headEnd) {
      // No status to read: the path that follows is skipped with it.
      at = tokenEnd(text, at, end) + 1;
      continue;
    }
    const oldBlob = text.slice(oldBlobAt, newBlobAt - 1);
    const newBlob = text.slice(newBlobAt, statusAt - 1);
    const letter = text.charAt(statusAt);
    const firstEnd = tokenEnd(text, at, end);
    const first = text.slice(at, firstEnd);
    at = firstEnd + 1;
    if (letter === 'R' || letter === 'C') {
      const secondEnd = tokenEnd(text, at, end);
      const path = text.slice(at, secondEnd);
      at = secondEnd + 1;
      changes.push({ status: letter, path, oldPath: first, oldBlob, newBlob, similarity: Number(text.slice(statusAt + 1, headEnd)) || 0 });
    } else if (isSimpleStatus(letter)) {
      changes.push({ status: letter, path: first, oldBlob, newBlob });
    }
    // U (unmerged) and X (unknown) never appear in history: the path that follows was skipped.
  }
  return changes;
}

function isSimpleStatus(letter: string): letter is 'A' | 'M' | 'D' | 'T' {
  return letter === 'A' || letter === 'M' || letter === 'D' || letter === 'T';
}

type WorkingTreeEntry = GitFacts['workingTree'][number];

/** Fields before the path in each porcelain v2 entry: ordinary (`1`), renamed or copied (`2`), unmerged (`u`). */
const FIELDS_BEFORE_PATH: Record<string, number> = { '1': 8, '2': 9, u: 10 };

/**
 * Parses `git status --porcelain=v2 -z` (headers `# …` skipped): `1 XY … path\0`,
 * `2 XY … path\0origPath\0` for renames and copies, `u XY … path\0` when
 * unmerged, `? path\0` when untracked. X is the index, Y the work tree (`.`
 * for unchanged); the entry's status is what happened to the path in either,
 * against HEAD.
 */
export function parseStatus(text: string): WorkingTreeEntry[] {
  const entries: WorkingTreeEntry[] = [];
  const tokens = text.split('\0');
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] ?? '';
    const kind = token.charAt(0);
    if (kind === '?') {
      entries.push({ status: '?', path: token.slice(2) });
      continue;
    }
    const fields = FIELDS_BEFORE_PATH[kind];
    if (fields === undefined) continue;
    const x = token.charAt(2);
    const y = token.charAt(3);
    const file = afterSpaces(token, fields);
    if (kind === '2') {
      const oldPath = tokens[index + 1] ?? '';
      index += 1;
      // A copy adds its target; the path it was copied from is untouched.
      entries.push(x === 'R' || y === 'R' ? { status: 'R', path: file, oldPath } : { status: 'A', path: file });
      continue;
    }
    // `AD`: added, then deleted again in the work tree — nothing changed.
    if (x === 'A' && y === 'D') continue;
    if (x === 'D' || y === 'D') entries.push({ status: 'D', path: file });
    else if (x === 'A') entries.push({ status: 'A', path: file });
    else entries.push({ status: 'M', path: file });
  }
  return entries;
}

/** The rest of `text` after its first `count` spaces: a path may hold spaces of its own. */
function afterSpaces(text: string, count: number): string {
  let at = -1;
  for (let seen = 0; seen < count; seen++) {
    at = text.indexOf(' ', at + 1);
    if (at < 0) return '';
  }
  return text.slice(at + 1);
}

/** What `parseRepository` reads: git's top level and whether the clone is shallow. */
export const REPOSITORY_ARGS = ['rev-parse', '--show-toplevel', '--is-shallow-repository'];

/** `REPOSITORY_ARGS`' two lines: the top level as git prints it, and shallowness; null without a top level. */
export function parseRepository(output: string): { topLevel: string; shallow: boolean } | null {
  const [topLevel = '', shallow = 'false'] = output.trim().split('\n');
  return topLevel === '' ? null : { topLevel, shallow: shallow.trim() === 'true' };
}

/** HEAD's commit from `git status --porcelain=v2 --branch` (`# branch.oid`); null before the first commit. */
export function headOfStatus(text: string): string | null {
  const found = /(?:^|\0)# branch\.oid ([0-9a-f]{40,64})(?:\0|$)/.exec(text);
  return found?.[1] ?? null;
}

/**
 * `git status --porcelain=v2 -z --ignored=matching` split in two: the status without its ignored
 * entries (what `parseStatus` and `headOfStatus` read, and what the whole-run cache keys a run by)
 * and the ignored paths (`! path`), a folder ignored whole as one entry without its slash.
 */
export function splitStatus(text: string): { changes: string; ignored: string[] } {
  const kept: string[] = [];
  const ignored: string[] = [];
  const tokens = text.split('\0');
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] ?? '';
    if (token.startsWith('! ')) {
      ignored.push(token.slice(2).replace(/\/+$/, ''));
      continue;
    }
    kept.push(token);
    // A rename's entry is followed by its old path, which is not an entry of its own.
    if (token.startsWith('2 ') && index + 1 < tokens.length) kept.push(tokens[++index] ?? '');
  }
  return { changes: kept.join('\0'), ignored };
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
