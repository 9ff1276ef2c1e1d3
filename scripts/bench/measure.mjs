// Runs one measured child process. Wall time comes from the parent's
// monotonic clock around the spawn; peak memory is the child's maximum
// resident set size as GNU time reports it (`/usr/bin/time -f %M`, KB),
// which covers the whole process tree's largest process, not the parent's.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export function memorySource() {
  return existsSync(GNU_TIME) ? 'GNU time (`/usr/bin/time -f %M`): peak RSS of the child' : null;
}

/**
 * @returns {Promise<{ wallSeconds: number, rssMB: number | null, exitCode: number | null, stdout: string, stderr: string }>}
 */
export async function measure(command, args, { cwd } = {}) {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sdd-bench-time-'));
  const timeFile = path.join(scratch, 'time.txt');
  const useTime = existsSync(GNU_TIME);
  const [bin, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  try {
    const started = process.hrtime.bigint();
    const { exitCode, stdout, stderr } = await run(bin, argv, cwd);
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    let rssMB = null;
    if (useTime) {
      // GNU time writes "Command exited with non-zero status N" before the format line.
      const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
      const kb = Number(lines.at(-1));
      rssMB = Number.isFinite(kb) ? kb / 1024 : null;
    }
    return { wallSeconds, rssMB, exitCode, stdout, stderr };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function run(bin, argv, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** Median of several runs' wall times, and the highest peak memory among them. */
export function summarise(runs) {
  const walls = runs.map((one) => one.wallSeconds).sort((a, b) => a - b);
  const mid = Math.floor(walls.length / 2);
  const wallSeconds = walls.length % 2 ? walls[mid] : (walls[mid - 1] + walls[mid]) / 2;
  const rss = runs.map((one) => one.rssMB).filter((value) => value !== null);
  return { wallSeconds, rssMB: rss.length ? Math.max(...rss) : null, exitCode: runs.at(-1).exitCode, runs: runs.length };
}
