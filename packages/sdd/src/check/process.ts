import { spawn } from 'node:child_process';

/**
 * Running a command line with a time limit. The command gets its own
 * process group so that a timeout stops everything it started, not only
 * the shell.
 */
export interface ProcessOutcome {
  /** Null when the process did not exit by itself (timeout, signal, could not start). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved as they arrived, tail only. */
  output: string;
  timedOut: boolean;
  /** Set when the process could not start at all. */
  spawnError?: string;
}

const KEEP_CHARS = 64 * 1024;

export function runCommandLine(commandLine: string, cwd: string, timeoutMs: number): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(commandLine, { cwd, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const finish = (outcome: ProcessOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    const keep = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > KEEP_CHARS) output = output.slice(-KEEP_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => finish({ exitCode: null, signal: null, output, timedOut, spawnError: error.message }));
    child.on('close', (code, signal) => {
      // The shell may exit while its children still hold the pipes; make sure none outlives the check.
      killGroup(child.pid);
      finish({ exitCode: timedOut ? null : code, signal, output, timedOut });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The last `lines` lines of output, for evidence a reviewer can read. */
export function tailLines(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
