import { spawn } from 'node:child_process';

/** What a finished (or stopped) process left behind. */
export interface ProcessResult {
  /** Null when the process did not exit by itself (timeout, signal, could not start). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the process could not start at all (ENOENT: binary missing). */
  spawnError?: NodeJS.ErrnoException;
}

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Run through the shell (synth commands are command lines). */
  shell?: boolean;
}

const MAX_KEEP = 256 * 1024;

/**
 * Runs a process with a time limit. It gets its own process group so that a
 * timeout also stops what it started (a shell's children).
 */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (result: ProcessResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: options.shell ?? false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout = keepTail(stdout + chunk.toString('utf8'))));
    child.stderr.on('data', (chunk: Buffer) => (stderr = keepTail(stderr + chunk.toString('utf8'))));
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({ exitCode: null, stdout, stderr, timedOut, spawnError: error }),
    );
    child.on('close', (code) => finish({ exitCode: timedOut ? null : code, stdout, stderr, timedOut }));
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

function keepTail(text: string): string {
  return text.length > MAX_KEEP ? text.slice(-MAX_KEEP) : text;
}

/** The last lines of a process's output, for evidence a reviewer can read. */
export function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
