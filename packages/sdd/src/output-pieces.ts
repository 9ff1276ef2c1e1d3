import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A report as written: one string, bytes (a replayed run), or pieces made as
 * they are written (the JSON report, one spec at a time). Writers take it a
 * slice at a time, so a 50 MB report never exists whole in memory.
 */
export type OutputContent = string | Uint8Array | Iterable<string>;

/** Strings are encoded a slice at a time; a slice never ends between the halves of a surrogate pair. */
const SLICE_CHARS = 1 << 20;
/**
 * Small pieces (a JSON report's entry per spec) are joined up to this size before they are
 * encoded and written: a thousand settled specs cost a thousand writes to each sink otherwise.
 */
const BATCH_CHARS = 1 << 16;

export function* slicesOf(content: OutputContent): Generator<string | Uint8Array> {
  if (content instanceof Uint8Array) {
    yield content;
    return;
  }
  let pending = '';
  for (const piece of typeof content === 'string' ? [content] : content) {
    pending += piece;
    if (pending.length < BATCH_CHARS) continue;
    yield* cut(pending);
    pending = '';
  }
  if (pending.length > 0) yield* cut(pending);
}

function* cut(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + SLICE_CHARS, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield text.slice(start, end);
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A slice as bytes, encoded only when it is text. */
export function bytesOf(slice: string | Uint8Array): Uint8Array {
  return typeof slice === 'string' ? Buffer.from(slice, 'utf8') : slice;
}

/** Writes all of the bytes to an open file (`writeSync` may write fewer than asked). */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}

/** Writes the content to a file, slice by slice; `flag` as for `fs.openSync`. */
export function writeContentSync(file: string, content: OutputContent, flag = 'w'): void {
  const fd = openSync(file, flag);
  try {
    for (const slice of slicesOf(content)) writeAllSync(fd, bytesOf(slice));
  } finally {
    closeSync(fd);
  }
}

/** The content as one string (tests, and the few callers that need one). */
export function contentText(content: OutputContent): string {
  if (content instanceof Uint8Array) return Buffer.from(content).toString('utf8');
  return typeof content === 'string' ? content : [...content].join('');
}

/** The last `lines` lines of output, for evidence a reviewer can read. */
export function tailLines(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
