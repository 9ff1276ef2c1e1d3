import path from 'node:path';
import { writeFileAtomic } from '../write-file.js';
import { planSync, type SyncOptions } from './workflow.js';

/**
 * `sdd provenance sync` as one call: plan, write, and plan again until the
 * record agrees with itself. A rewritten table can change what a check
 * measures (git.committed-together reads the record), so one pass may not settle.
 */

/** Passes before sync gives up settling. */
export const MAX_SYNC_PASSES = 3;

interface SyncRun {
  /** The record, repository-relative. */
  file: string;
  /**
   * `in-line`: nothing to change; `would-change` (only with `check`): nothing written;
   * `synced`: written and settled; `unsettled`: still changes after the last pass.
   */
  status: 'in-line' | 'would-change' | 'synced' | 'unsettled';
}

export async function syncProvenance(options: SyncOptions & { check?: boolean; notes?: (notes: readonly string[]) => void }): Promise<SyncRun> {
  let current = await planSync(options);
  options.notes?.(current.notes);
  const changes = () => current.after !== current.before;
  if (options.check) return { file: current.file, status: changes() ? 'would-change' : 'in-line' };
  let passes = 0;
  while (changes() && passes < MAX_SYNC_PASSES) {
    await writeFileAtomic(path.join(options.root, current.file), current.after);
    passes += 1;
    current = await planSync(options);
    if (changes()) options.notes?.(current.notes);
  }
  if (changes()) return { file: current.file, status: 'unsettled' };
  return { file: current.file, status: passes > 0 ? 'synced' : 'in-line' };
}
