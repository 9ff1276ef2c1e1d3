// Runs one measured child process. Wall time comes from the parent's
// monotonic clock around the spawn; peak memory is the child's maximum
// resident set size as GNU time reports it (`/usr/bin/time -f %M`, KB),
// which covers the whole process tree's largest process, not the parent's;
// CPU time is the child's user + system seconds (`%U %S`), which a loaded
// machine inflates far less than wall time.
// The child's stdout goes to a file, as `> report.json` would: a 50 MB report
// squeezed through a pipe into this process would time the pipe, not the tool.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export function memorySource() {
  return existsSync(GNU_TIME) ? 'GNU time (`/usr/bin/time -f %M`): peak RSS of the child' : null;
}

/**
 * @returns {Promise<{ wallSeconds: number, cpuSeconds: number | null, rssMB: number | null, exitCode: number | null, stdout: string, stderr: string }>}
 */
export async function measure(command, args, { cwd } = {}) {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sdd-bench-time-'));
  const timeFile = path.join(scratch, 'time.txt');
  const useTime = existsSync(GNU_TIME);
  const [bin, argv] = useTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]] : [command, args];
  try {
    const started = process.hrtime.bigint();
    const stdoutFile = path.join(scratch, 'stdout');
    const { exitCode, stderr } = await run(bin, argv, cwd, stdoutFile);
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stdout = await readFile(stdoutFile, 'utf8');
    let rssMB = null;
    let cpuSeconds = null;
    if (useTime) {
      // GNU time writes "Command exited with non-zero status N" before the format line.
      const lines = (await readFile(timeFile, 'utf8')).trim().split('\n');
      const [user, system, kb] = (lines.at(-1) ?? '').trim().split(/\s+/).map(Number);
      rssMB = Number.isFinite(kb) ? kb / 1024 : null;
      cpuSeconds = Number.isFinite(user) && Number.isFinite(system) ? user + system : null;
    }
    return { wallSeconds, cpuSeconds, rssMB, exitCode, stdout, stderr };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function run(bin, argv, cwd, stdoutFile) {
  const fd = openSync(stdoutFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, argv, { cwd, stdio: ['ignore', fd, 'pipe'] });
    const err = [];
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code, stderr: Buffer.concat(err).toString('utf8') }));
  }).finally(() => closeSync(fd));
}

/** Median of several runs' wall times, and the highest peak memory among them. */
export function summarise(runs) {
  const walls = runs.map((one) => one.wallSeconds).sort((a, b) => a - b);
  const mid = Math.floor(walls.length / 2);
  const wallSeconds = walls.length % 2 ? walls[mid] : (walls[mid - 1] + walls[mid]) / 2;
  const rss = runs.map((one) => one.rssMB).filter((value) => value !== null);
  return { wallSeconds, rssMB: rss.length ? Math.max(...rss) : null, exitCode: runs.at(-1).exitCode, runs: runs.length };
}
