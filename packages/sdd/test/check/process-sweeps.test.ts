import * as fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBounded } from '../../src/check/process.js';

// Each sweep for a run's token walks all of /proc. Sweeping stops once a sweep after the command's
// exit is clean; the setsid-grandchild cases themselves are in test/security/processes.test.ts.
vi.mock('node:fs', async (original) => {
  const actual = await original<typeof fs>();
  return { ...actual, readdirSync: vi.fn(actual.readdirSync) };
});

const readdir = vi.mocked(fs.readdirSync);
const sweeps = (): number => readdir.mock.calls.filter(([folder]) => folder === '/proc').length;
/** /proc as the sweep sees it: only these entries (other agents' processes come and go on a shared machine). */
function procListing(names: string[]): void {
  const actual = readdir.getMockImplementation() as typeof fs.readdirSync;
  readdir.mockImplementation(((folder: fs.PathLike, options?: unknown) => (folder === '/proc' ? names : actual(folder, options as never))) as typeof fs.readdirSync);
}

afterEach(() => {
  readdir.mockRestore?.();
});

describe.runIf(fs.existsSync('/proc/self/environ'))('sweeps of /proc per command', () => {
  it('sweeps once for a command that leaves nothing running', async () => {
    procListing([String(process.pid)]);
    readdir.mockClear();
    const run = await runBounded('true', [], { cwd: os.tmpdir(), timeoutMs: 10_000 });
    expect(run.exitCode).toBe(0);
    expect(sweeps()).toBe(1);
  });

  it('sweeps again when a process vanished while the sweep looked (it could have started one the listing missed)', async () => {
    procListing([String(process.pid), '2147483646']);
    readdir.mockClear();
    await runBounded('true', [], { cwd: os.tmpdir(), timeoutMs: 10_000 });
    expect(sweeps()).toBe(2);
  });
});

describe.runIf(fs.existsSync('/proc/self/environ'))('sweeps of the real /proc', () => {
  it('sweeps again while a sweep still finds a process with the token', async () => {
    readdir.mockClear();
    // The setsid job leaves the group and outlives the shell: the sweep at exit finds and stops it.
    const run = await runBounded('setsid sleep 30 & sleep 0.2; exit 0', [], { cwd: os.tmpdir(), timeoutMs: 10_000, shell: true });
    expect(run.exitCode).toBe(0);
    expect(sweeps()).toBeGreaterThanOrEqual(2);
  });
});
