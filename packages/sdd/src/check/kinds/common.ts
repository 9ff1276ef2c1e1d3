import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import type { FileRead } from '../files.js';
import { MAX_FILE_BYTES } from '../files.js';
import type { KindResult } from '../types.js';

/** A repository-relative path argument. The guard (`src/repo-path.ts`) runs when the check runs, so the reason lands in the evidence. */
export const repoPath = z.string().min(1).describe('repository-relative path');

export function fail(summary: string, evidence: EvidenceItem[] = [], extra: Partial<KindResult> = {}): KindResult {
  return { status: 'fail', summary, evidence, ...extra };
}

export function pass(summary: string, evidence: EvidenceItem[] = [], extra: Partial<KindResult> = {}): KindResult {
  return { status: 'pass', summary, evidence, ...extra };
}

export function notRun(reason: string, evidence: EvidenceItem[] = [], extra: Partial<KindResult> = {}): KindResult {
  return { status: 'not-run', summary: reason, reason, evidence, ...extra };
}

/** The result for a file that could not be read as text: missing, a directory, outside the repository, too large. */
export function unreadable(read: Exclude<FileRead, { state: 'ok' }>): KindResult {
  switch (read.state) {
    case 'rejected':
      return fail(read.reason, [{ message: read.reason }]);
    case 'missing':
      return fail(`\`${read.rel}\` does not exist`, [{ message: `\`${read.rel}\` does not exist` }], { inputs: [read.input] });
    case 'directory':
      return fail(`\`${read.rel}\` is a directory, not a file`, [{ message: `\`${read.rel}\` is a directory`, location: { file: read.rel, line: 1 } }], { inputs: [read.input] });
    case 'too-large':
      return notRun(`\`${read.rel}\` is ${read.size} bytes, over the ${MAX_FILE_BYTES}-byte limit sdd reads`, [], { inputs: [read.input] });
  }
}
