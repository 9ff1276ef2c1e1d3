import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeContentSync, type OutputContent } from './output-pieces.js';

/**
 * Writes a file so that readers see the old content or the new one, never a
 * half-written file: write a sibling temp file, then rename over the target.
 */
export async function writeFileAtomic(target: string, content: OutputContent): Promise<void> {
  const directory = path.dirname(target);
  await makeDirectory(directory);
  const temp = path.join(directory, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeContentSync(temp, content, 'wx');
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * `mkdir -p` one level at a time: Node 20's recursive mkdir never settles
 * under some unwritable parents (`/proc/x`), and a file in the way must be an
 * error that names it.
 */
async function makeDirectory(directory: string): Promise<void> {
  const missing: string[] = [];
  let current = directory;
  for (;;) {
    const info = await stat(current).catch(() => null);
    if (info) {
      if (!info.isDirectory()) throw new Error(`${current} is not a directory`);
      break;
    }
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) await mkdir(folder);
}

/** The reason an output could not be written, on one line (no stack). */
export function writeErrorReason(error: unknown): string {
  const known = error as NodeJS.ErrnoException | null;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a parent is not a directory',
    EISDIR: 'it is a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
  };
  const reason = known?.code ? reasons[known.code] : undefined;
  return reason ?? (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
}
