import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gitBlobId } from '../discover/blob-id.js';
import { CheckOutcomeSchema, type CheckDefinition, type CheckOutcome, type InputDigest } from '../model/index.js';
import { cacheKey } from './key.js';
import { stableJson } from './stable-json.js';

export { stableJson } from './stable-json.js';
import type { CacheStore } from './store.js';

/**
 * Check outcomes remembered across runs. An outcome is reused only when it
 * names every input it read (`inputs`, with git blob ids) and each input
 * still has that content; otherwise the check runs again. Only kinds whose
 * result is a function of their arguments and of those file contents may be
 * cached: commands, git and terraform kinds read more than files.
 */
export const CACHEABLE_KINDS: ReadonlySet<string> = new Set(['file.contains', 'file.not-contains', 'file.mentions', 'file.identical', 'data.path']);

export interface EvidenceCache {
  /** The outcome of an earlier run of this check, if its inputs are unchanged. */
  lookup(check: CheckDefinition): Promise<CheckOutcome | undefined>;
  /** Remember an outcome (pass or fail with known inputs; Not run is never cached: its cause may pass). */
  remember(check: CheckDefinition, outcome: CheckOutcome): Promise<void>;
}

export function createEvidenceCache(store: CacheStore, root: string, kinds: ReadonlySet<string> = CACHEABLE_KINDS): EvidenceCache {
  return {
    async lookup(check) {
      if (!kinds.has(check.kind)) return undefined;
      const outcome = await store.get(checkKey(check), CheckOutcomeSchema);
      if (!outcome?.inputs || outcome.inputs.length === 0) return undefined;
      const current = await Promise.all(outcome.inputs.map((input) => blobNow(root, input.path)));
      return outcome.inputs.every((input, index) => input.blob === current[index]) ? outcome : undefined;
    },
    async remember(check, outcome) {
      if (!kinds.has(check.kind) || outcome.status === 'not-run' || !outcome.inputs?.length) return;
      await store.set(checkKey(check), outcome);
    },
  };
}

export function checkKey(check: CheckDefinition): string {
  return cacheKey('check', check.kind, stableJson(check.args));
}

/**
 * Git's blob id of the file now; null when nothing is there. Anything else
 * (a directory, an unreadable file, a path leaving the root) gives a value
 * no recorded digest equals, so the check runs again rather than be trusted.
 */
export async function blobNow(root: string, file: InputDigest['path']): Promise<string | null> {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'outside-root';
  try {
    const content = await readFile(absolute);
    return gitBlobId(content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : `unreadable:${code ?? 'unknown'}`;
  }
}
