import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quietOnClosedPipe } from '../../src/cli/io.js';
import { runSdd } from '../support/cli.js';

/**
 * What a user sees around the report: the commands in the order of the
 * journey, progress lines on stderr in a CI log (not a terminal), and a
 * quiet end when the reader of the output goes away.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(REPO_ROOT, 'packages/sdd/dist/cli/main.js');

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'sdd-progress-'));
});
afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('sdd --help', () => {
  it('lists the commands in the order of the journey, and the loop under them', async () => {
    const help = await runSdd(['--help'], { cwd: repo });
    expect(help.code).toBe(0);
    const commands = help.stdout
      .slice(help.stdout.indexOf('Commands:'))
      .split('\n')
      .flatMap((line) => /^ {2}(\S+(?: [a-z|]+)?)/.exec(line)?.[1] ?? []);
    expect(commands.slice(0, 5)).toEqual(['init', 'new spec', 'provenance draft|sync', 'validate', 'report']);
    expect(help.stdout).toMatch(/The loop:\n {2}sdd init[^\n]*\n {2}sdd new spec "Title"/);
  });
});

describe('progress', () => {
  async function repoWithACommandCheck(): Promise<void> {
    await mkdir(path.join(repo, '.sdd/specification'), { recursive: true });
    writeFileSync(path.join(repo, '.sdd/config.yaml'), 'version: 1\ncommands:\n  allow: [node --version]\n');
    writeFileSync(
      path.join(repo, '.sdd/specification/spec-0001-demo.md'),
      '# Spec 0001: Demo\n\n## Validation steps\n\n1. `node --version` runs\n2. A person has looked\n\n```yaml sdd-checks\n1: { kind: command, run: node --version }\n```\n',
    );
  }

  it('goes to stderr when stdout is not a terminal: each spec and each command as it starts and ends, with its time', async () => {
    await repoWithACommandCheck();
    const run = await runSdd(['validate', '--no-cache', '--format', 'json'], { cwd: repo, isTTY: false });
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('… '));
    expect(lines).toEqual([
      '… .sdd/specification/spec-0001-demo.md: checking 2 steps',
      '… running `node --version`',
      expect.stringMatching(/^… `node --version` exited 0 after \d+\.\d s$/),
      expect.stringMatching(/^… \.sdd\/specification\/spec-0001-demo\.md: 2 steps checked in \d+\.\d s \(1 pass, 1 manual\)$/),
    ]);
    // Stdout is the report alone.
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  it('--quiet silences it', async () => {
    await repoWithACommandCheck();
    const run = await runSdd(['validate', '--no-cache', '--quiet'], { cwd: repo, isTTY: false });
    expect(run.stderr).not.toContain('… ');
    expect(run.stdout).toContain('spec-0001-demo.md');
  });
});

describe('a reader that goes away', () => {
  it('stops writing once the stream reports EPIPE; any other error is thrown', () => {
    const failing = (code: string) => {
      const stream = new EventEmitter() as EventEmitter & NodeJS.WritableStream & { writes: number };
      stream.writes = 0;
      stream.write = () => {
        stream.writes += 1;
        stream.emit('error', Object.assign(new Error(`write ${code}`), { code }));
        return false;
      };
      return stream;
    };
    const closed = failing('EPIPE');
    const write = quietOnClosedPipe(closed);
    write('a');
    write('b');
    expect(closed.writes).toBe(1);
    expect(() => quietOnClosedPipe(failing('EIO'))('a')).toThrow('write EIO');
  });

  it('sdd validate | head ends quietly, with no stack trace', async () => {
    // This repository's own HTML report is far larger than a pipe's buffer.
    const child = spawn(process.execPath, [BIN, 'validate', '--no-checks', '--no-cache', '--quiet', '--format', 'html'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect([0, 1]).toContain(code);
  }, 60_000);
});

