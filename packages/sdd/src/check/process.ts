import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { processEnvironment } from '../git-env.js';

/**
 * Running a process with a time limit that nothing it starts can escape.
 *
 * The process gets its own process group, so a timeout stops the shell and
 * what it started. A grandchild can leave the group (`setsid`); it still
 * inherits the environment, so each run marks its processes with a token in
 * `SDD_RUN_TOKENS` and, when the run ends, every process carrying the token
 * is stopped too (Linux `/proc`). A process that leaves the session *and*
 * drops its environment escapes that; sdd then stops waiting for the output
 * it holds open after a short grace, so the run still ends on time.
 */
export interface BoundedRun {
  /** Null when the process did not exit by itself (timeout, signal, could not start). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived, tail only. */
  output: string;
  timedOut: boolean;
  /** Set when the process could not start at all (ENOENT: binary missing). */
  spawnError?: NodeJS.ErrnoException;
}

export interface BoundedOptions {
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Run through the shell (command lines). */
  shell?: boolean;
}

const KEEP_CHARS = 256 * 1024;
/** How long sdd waits for the output pipes after the process is gone: whatever still holds them is not its business. */
const DRAIN_MS = 1000;
const TOKEN_VARIABLE = 'SDD_RUN_TOKENS';

/** Runs one process; the promise resolves (never rejects) once it ended or was stopped. */
export function runBounded(command: string, args: readonly string[], options: BoundedOptions): Promise<BoundedRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let output = '';
    let timedOut = false;
    let settled = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let drainTimer: NodeJS.Timeout | undefined;
    const token = randomUUID();
    // A spec's command runs as from a shell at the root, not inside the git command of a hook.
    const env = options.env ?? processEnvironment();
    // Nested runs (sdd running sdd) keep the outer tokens: the outer run stops the inner run's processes too.
    const tokens = env[TOKEN_VARIABLE] ? `${env[TOKEN_VARIABLE]}:${token}` : token;
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...env, [TOKEN_VARIABLE]: tokens },
      shell: options.shell ?? false,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running: Running = { pid: child.pid, token, exited: false, clean: false };
    track(running);
    const finish = (run: Omit<BoundedRun, 'stdout' | 'stderr' | 'output' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      untrack(running);
      stopAll(running);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ ...run, stdout, stderr, output, timedOut });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopAll(running);
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = keepTail(stdout + chunk.toString('utf8'));
      output = keepTail(output + chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = keepTail(stderr + chunk.toString('utf8'));
      output = keepTail(output + chunk.toString('utf8'));
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish({ exitCode: null, signal: null, spawnError: error }));
    const ended = (): void => finish({ exitCode: timedOut || exited === null ? null : exited.code, signal: exited?.signal ?? null });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      running.exited = true;
      // What the process left running (background jobs, a `setsid` grandchild) goes with it.
      stopAll(running);
      drainTimer = setTimeout(ended, DRAIN_MS);
    });
    child.on('close', (code, signal) => {
      exited ??= { code, signal };
      ended();
    });
  });
}

interface Running {
  pid: number | undefined;
  token: string;
  /** The process itself has exited. */
  exited: boolean;
  /**
   * A sweep after the exit found no process with the token and saw none
   * vanish while it looked: nothing is left that could start another, so
   * later sweeps (a `/proc` walk each) are skipped.
   */
  clean: boolean;
}

/** The group first (the common case), then every process that carries the run's token. */
function stopAll(running: Running): void {
  killGroup(running.pid);
  if (running.clean) return;
  const clean = killMarked(running.token);
  if (running.exited && clean) running.clean = true;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Stops every process whose environment holds `token`; where there is no
 * `/proc`, the group kill is all there is. True when the sweep was clean: it
 * found no such process, and none vanished before it could be read (one that
 * did might have started a child the listing missed).
 */
function killMarked(token: string): boolean {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return true;
  }
  let clean = true;
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${name}/environ`, 'latin1');
    } catch (error) {
      // Gone since the listing (ENOENT): it could have been ours, and started a child the listing missed.
      // Another user's (EACCES) or a zombie (ESRCH) cannot be, or cannot start one.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') clean = false;
      continue;
    }
    if (!environ.includes(token)) continue;
    clean = false;
    try {
      process.kill(Number(name), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return clean;
}

// While commands run, an interrupted sdd stops them before it exits: none outlives the run.
const live = new Set<Running>();
const onSignal = (signal: NodeJS.Signals): void => {
  for (const running of live) stopAll(running);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};

function track(running: Running): void {
  if (live.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  live.add(running);
}

function untrack(running: Running): void {
  if (!live.delete(running) || live.size > 0) return;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

function keepTail(text: string): string {
  return text.length > KEEP_CHARS ? text.slice(-KEEP_CHARS) : text;
}

/** What a command line left behind, for `command` checks and setup steps. */
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

export async function runCommandLine(commandLine: string, cwd: string, timeoutMs: number): Promise<ProcessOutcome> {
  const run = await runBounded(commandLine, [], { cwd, timeoutMs, shell: true });
  return {
    exitCode: run.exitCode,
    signal: run.signal,
    output: run.output.length > 64 * 1024 ? run.output.slice(-64 * 1024) : run.output,
    timedOut: run.timedOut,
    ...(run.spawnError ? { spawnError: run.spawnError.message } : {}),
  };
}

/** The time limit of a command a spec asks for: its own, but never above the configured one. */
export function commandTimeoutSeconds(asked: number | undefined, configured: number): number {
  return asked === undefined ? configured : Math.min(asked, configured);
}

export { tailLines } from '../output-pieces.js';
