import { spawn, spawnSync } from 'node:child_process';

/**
 * Running commands in a repository that is not this one (a team's repository
 * in a temporary folder), as the install and README tests do.
 */

/** The environment of the test runner, less what pnpm set for it (a child npm or yarn must not read pnpm's settings). */
export const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key) && key !== 'INIT_CWD'));

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cwd: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Ran {
  const result = spawnSync(command, args, { cwd, env: options.env ?? cleanEnv(), encoding: 'utf8', timeout: options.timeoutMs ?? 240_000 });
  return { code: result.status ?? -1, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/**
 * The same, without blocking: installs and CLI runs take seconds to minutes, and a test worker
 * whose event loop is blocked that long misses vitest's own messages ("Timeout calling onTaskUpdate").
 */
export function runCommand(cwd: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 240_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: `${stderr}${String(error)}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function ok(ran: Ran, what: string): Ran {
  if (ran.code !== 0) throw new Error(`${what} exited ${ran.code}\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}
