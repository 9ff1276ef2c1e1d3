import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/check/kinds/command.js';
import { runBounded, runCommandLine } from '../../src/check/process.js';
import { runProcess } from '../../src/check/terraform/exec.js';
import { config, context } from '../support/documents.js';
import { SPEC } from '../support/markdown.js';
import { createRepo, tempFolder } from '../support/repo.js';

/** Whether a process with this id still runs (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((done) => setTimeout(done, 50));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sdd-processes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('time limits an attacker cannot escape', () => {
  it('a setsid grandchild that keeps the output open does not hold the run past the time limit, and is stopped', async () => {
    const pidFile = path.join(dir, 'setsid-timeout.pid');
    const started = performance.now();
    const run = await runCommandLine(`setsid sh -c 'echo $$ > ${pidFile}; sleep 60' & sleep 60`, dir, 500);
    const seconds = (performance.now() - started) / 1000;
    expect(run.timedOut).toBe(true);
    expect(seconds).toBeLessThan(5);
    await waitFor(pidFile);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(false);
  });

  it('a setsid grandchild left behind by a command that exits does not hold the run, and does not outlive it', async () => {
    const pidFile = path.join(dir, 'setsid-exit.pid');
    const started = performance.now();
    const run = await runCommandLine(`setsid sh -c 'echo $$ > ${pidFile}; exec sleep 60' & sleep 0.3; echo done`, dir, 30_000);
    const seconds = (performance.now() - started) / 1000;
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(0);
    expect(run.output).toContain('done');
    expect(seconds).toBeLessThan(5);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(false);
  });

  it('a plain background job does not outlive the command that started it', async () => {
    const pidFile = path.join(dir, 'background.pid');
    const run = await runCommandLine(`sh -c 'echo $$ > ${pidFile}; exec sleep 60' >/dev/null 2>&1 & sleep 0.3`, dir, 30_000);
    expect(run.exitCode).toBe(0);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(false);
  });

  it('terraform and synth processes run under the same bounded runner', async () => {
    const started = performance.now();
    const run = await runProcess('sh', ['-c', 'setsid sleep 60 & sleep 60'], { cwd: dir, timeoutMs: 500 });
    expect(run.timedOut).toBe(true);
    expect((performance.now() - started) / 1000).toBeLessThan(5);
  });

  it('keeps stdout and stderr apart and reports a binary that does not exist', async () => {
    const run = await runBounded('sh', ['-c', 'echo out; echo err >&2; exit 3'], { cwd: dir, timeoutMs: 10_000 });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([3, 'out\n', 'err\n']);
    const missing = await runBounded('no-such-binary-sdd', [], { cwd: dir, timeoutMs: 10_000 });
    expect(missing.spawnError?.code).toBe('ENOENT');
  });
});

describe("a spec's timeoutSeconds", () => {
  let repo: ReturnType<typeof tempFolder>;
  beforeAll(async () => {
    repo = tempFolder({});
  });
  afterAll(() => repo.dispose());

  it('cannot raise the configured commands.timeoutSeconds', async () => {
    const started = performance.now();
    const result = await command.run({ run: 'sleep 30', timeoutSeconds: 3600 }, context(repo.root, { config: config({ allow: ['sleep 30'], timeoutSeconds: 1 }) }));
    expect(result.status).toBe('fail');
    expect(result.reason).toBe('timed out after 1 s');
    expect((performance.now() - started) / 1000).toBeLessThan(5);
  });

  it('may lower it', async () => {
    const result = await command.run({ run: 'sleep 30', timeoutSeconds: 0.5 }, context(repo.root, { config: config({ allow: ['sleep 30'], timeoutSeconds: 60 }) }));
    expect(result.reason).toBe('timed out after 0.5 s');
  });
});

describe('an interrupted sdd', () => {
  const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli/main.js');

  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`stops the commands it runs before it exits on ${signal} (no background process outlives the run)`, async () => {
      const repo = createRepo();
      try {
        const pidFile = path.join(repo.root, 'child.pid');
        const run = `setsid sh -c 'echo $$ > child.pid; exec sleep 60'`;
        repo.write('.sdd/config.yaml', `version: 1\ncommands:\n  allow:\n    - ${JSON.stringify(run)}\n`);
        repo.write(SPEC, `---\ntitle: "Spec 0001: Greeting"\ndraft: false\n---\n\n## Task\n\nWait.\n\n## Validation steps\n\n1. it waits\n\n\`\`\`yaml sdd-checks\n1: { kind: command, run: ${JSON.stringify(run)} }\n\`\`\`\n`);
        repo.commit('spec');
        const sdd = spawn(process.execPath, [BIN, 'validate', '--no-cache', '--quiet'], { cwd: repo.root, stdio: 'ignore' });
        const exited = new Promise<number | null>((done) => sdd.on('exit', (exitCode) => done(exitCode)));
        await waitFor(pidFile);
        const pid = Number(readFileSync(pidFile, 'utf8'));
        expect(alive(pid)).toBe(true);
        sdd.kill(signal);
        expect(await exited).toBe(code);
        expect(alive(pid)).toBe(false);
      } finally {
        repo.dispose();
      }
    });
  }
});
