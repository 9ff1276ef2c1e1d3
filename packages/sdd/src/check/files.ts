import { createHash } from 'node:crypto';
import { lstat, readFile, stat } from 'node:fs/promises';
import type { InputDigest } from '../model/index.js';
import { resolveRepoPath } from './paths.js';

/**
 * Reading the files a check looks at: through the path guard, with a size
 * cap, and with the git blob id of what was read so the evidence can say
 * exactly which content it is about.
 */

/** Larger files are not read: a spec's check is about source files, not build output. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** git's object id for a blob: sha1 of `blob <size>\0` followed by the bytes. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export type FileRead =
  | { state: 'ok'; rel: string; bytes: Buffer; text: string; input: InputDigest }
  | { state: 'missing'; rel: string; input: InputDigest }
  | { state: 'directory'; rel: string; input: InputDigest }
  | { state: 'rejected'; rel: string; reason: string }
  | { state: 'too-large'; rel: string; size: number; input: InputDigest };

export async function readRepoFile(root: string, rel: string): Promise<FileRead> {
  const resolved = resolveRepoPath(root, rel);
  if (!resolved.ok) return { state: 'rejected', rel, reason: resolved.reason };
  const info = await stat(resolved.abs).catch(() => null);
  const input = { path: resolved.rel, blob: null };
  if (!info) return { state: 'missing', rel: resolved.rel, input };
  if (info.isDirectory()) return { state: 'directory', rel: resolved.rel, input };
  if (info.size > MAX_FILE_BYTES) return { state: 'too-large', rel: resolved.rel, size: info.size, input };
  const bytes = await readFile(resolved.abs);
  return { state: 'ok', rel: resolved.rel, bytes, text: bytes.toString('utf8'), input: { path: resolved.rel, blob: gitBlobId(bytes) } };
}

export type PathKind = 'file' | 'directory' | 'symlink' | 'other' | null;

/** What is at a path, without following a final symlink (a dangling link still "exists"). */
export async function pathKind(abs: string): Promise<PathKind> {
  const info = await lstat(abs).catch(() => null);
  if (!info) return null;
  if (info.isSymbolicLink()) return 'symlink';
  if (info.isDirectory()) return 'directory';
  return info.isFile() ? 'file' : 'other';
}

/** 1-based line of a string index. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The text of line `line` (1-based), trimmed and clipped for evidence. */
export function lineText(text: string, line: number, max = 160): string {
  const value = (text.split('\n')[line - 1] ?? '').trim();
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
