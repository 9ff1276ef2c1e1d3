import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { gitBlobId } from '../cache/blob-id.js';
import type { InputDigest } from '../model/index.js';
import { lstatOrNull, resolveRepoPath } from '../repo-path.js';
import { lineOf } from '../text-position.js';
import type { RunMemo } from './types.js';

/**
 * Reading the files a check looks at: through the path guard, with a size
 * cap, and with the git blob id of what was read so the evidence can say
 * exactly which content it is about.
 */

/** Larger files are not read: a spec's check is about source files, not build output. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

// git's object id for a blob; kept exported here, where the check kinds look for it.
export { gitBlobId };

export type FileRead =
  | { state: 'ok'; rel: string; bytes: Buffer; text: string; input: InputDigest }
  | { state: 'missing'; rel: string; input: InputDigest }
  | { state: 'directory'; rel: string; input: InputDigest }
  | { state: 'rejected'; rel: string; reason: string }
  | { state: 'too-large'; rel: string; size: number; input: InputDigest };

/**
 * Reads a file once per run when given the run's memo: several checks of a
 * spec (exists, contains, not-contains) look at the same file, and each read
 * also hashes it. Callers must not mutate the returned bytes.
 */
export async function readRepoFile(root: string, rel: string, memo?: RunMemo): Promise<FileRead> {
  if (!memo) return readNow(root, rel);
  return memo.once(`read\0${root}\0${rel}`, () => readNow(root, rel));
}

// Synchronous on purpose: files are small (capped), and each async fs call is
// a thread-pool round trip (open, fstat, read, close) that cost more than the read.
async function readNow(root: string, rel: string): Promise<FileRead> {
  const resolved = resolveRepoPath(root, rel);
  if (!resolved.ok) return { state: 'rejected', rel, reason: resolved.reason };
  const input = { path: resolved.rel, blob: null };
  const opened = openOrNull(resolved.abs);
  if (opened === null) {
    // Open fails on a missing path; say why as stat would (a directory opens on Linux, but not everywhere).
    const info = statOrNull(resolved.abs);
    if (!info) return { state: 'missing', rel: resolved.rel, input };
    if (info.isDirectory()) return { state: 'directory', rel: resolved.rel, input };
  }
  const fd = opened ?? openSync(resolved.abs, 'r');
  let bytes: Buffer;
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { state: 'directory', rel: resolved.rel, input };
    if (info.size > MAX_FILE_BYTES) return { state: 'too-large', rel: resolved.rel, size: info.size, input };
    bytes = readAll(fd, info.size);
  } finally {
    closeSync(fd);
  }
  return { state: 'ok', rel: resolved.rel, bytes, text: bytes.toString('utf8'), input: { path: resolved.rel, blob: gitBlobId(bytes) } };
}

function openOrNull(abs: string): number | null {
  try {
    return openSync(abs, 'r');
  } catch {
    return null;
  }
}

/** As `readFileSync` reads: `size` bytes as fstat gave them, or to the end when it gave 0 (procfs, pipes). */
function readAll(fd: number, size: number): Buffer {
  if (size > 0) {
    const bytes = Buffer.allocUnsafe(size);
    let total = 0;
    for (let read = -1; total < size && read !== 0; total += read) read = readSync(fd, bytes, total, size - total, null);
    return total === size ? bytes : bytes.subarray(0, total);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(8192);
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0 || total > MAX_FILE_BYTES) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
  }
  return Buffer.concat(chunks, total);
}

function statOrNull(abs: string): Stats | null {
  try {
    return statSync(abs);
  } catch {
    return null;
  }
}

type PathKind = 'file' | 'directory' | 'symlink' | 'other' | null;

/** What is at a path, without following a final symlink (a dangling link still "exists"). */
export async function pathKind(abs: string): Promise<PathKind> {
  const info = lstatOrNull(abs);
  if (!info) return null;
  if (info.isSymbolicLink()) return 'symlink';
  if (info.isDirectory()) return 'directory';
  return info.isFile() ? 'file' : 'other';
}

/** The text of line `line` (1-based), trimmed and clipped for evidence. */
export function lineText(text: string, line: number, max = 160): string {
  const value = lineOf(text, line).trim();
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
