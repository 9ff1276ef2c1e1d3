import { runBounded, type BoundedOptions, type BoundedRun } from '../process.js';

/**
 * Terraform and synth processes run through the one bounded runner
 * (`check/process.ts`): its own process group, a hard time limit, and
 * nothing left running after it.
 */
export type ProcessResult = Pick<BoundedRun, 'exitCode' | 'stdout' | 'stderr' | 'timedOut' | 'spawnError'>;
type RunOptions = BoundedOptions;

export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  return runBounded(command, args, options);
}

/** The last lines of a process's output, for evidence a reviewer can read. */
export function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
