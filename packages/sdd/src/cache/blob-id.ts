import { createHash } from 'node:crypto';

/** What `git hash-object` prints: sha1 of `blob <bytes>\0<content>` (a text is taken as UTF-8). */
export function gitBlobId(content: Uint8Array | string): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}
