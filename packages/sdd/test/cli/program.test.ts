import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SDD_VERSION } from '../../src/version.js';
import { runSdd } from '../support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sdd-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sdd CLI', () => {
  it('prints its version and help with exit 0', async () => {
    const version = await runSdd(['--version'], { cwd: dir });
    expect(version).toMatchObject({ code: 0, stdout: `${SDD_VERSION}\n` });
    const help = await runSdd(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate');
    expect(help.stdout).toContain('report');
  });

  it('exits 2 on usage errors', async () => {
    expect((await runSdd(['validate', '--no-such-flag'], { cwd: dir })).code).toBe(2);
    expect((await runSdd(['validate', '--format', 'pdf'], { cwd: dir })).code).toBe(2);
    expect((await runSdd(['frobnicate'], { cwd: dir })).code).toBe(2);
    const missingRoot = await runSdd(['validate', '--root', 'does/not/exist'], { cwd: dir });
    expect(missingRoot.code).toBe(2);
    expect(missingRoot.stderr).toContain('root is not a directory');
  });

  it('exits 2 with file and line on a bad configuration', async () => {
    await mkdir(path.join(dir, '.sdd'), { recursive: true });
    await writeFile(path.join(dir, '.sdd/config.yaml'), 'version: 1\ncommands:\n  allow: [pnpm lint]\n  timeoutSecnds: 5\n');
    const run = await runSdd(['validate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.sdd\/config\.yaml:\d+: .*timeoutSecnds/);
  });

  it('takes parse.workers as auto or a number, and names the line of anything else', async () => {
    await mkdir(path.join(dir, '.sdd'), { recursive: true });
    for (const workers of ['auto', '0', '1']) {
      await writeFile(path.join(dir, '.sdd/config.yaml'), `version: 1\nexpect:\n  noSpecs: true\nparse:\n  workers: ${workers}\n`);
      expect((await runSdd(['validate', '--no-cache'], { cwd: dir })).code).toBe(0);
    }
    await writeFile(path.join(dir, '.sdd/config.yaml'), 'version: 1\nparse:\n  workers: many\n');
    const run = await runSdd(['validate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.sdd\/config\.yaml:3: .*workers/);
  });

  it('exits 2, with one line and no crash, on a --base that names no commit', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir });
    git('init', '-q');
    await mkdir(path.join(dir, '.sdd/specification'), { recursive: true });
    await writeFile(path.join(dir, '.sdd/specification/spec-0001-a.md'), '# Spec\n\n## Validation steps\n\n1. `a.md` exists\n');
    git('add', '-A');
    git('commit', '-qm', 'spec');
    const run = await runSdd(['validate', '--base', 'no-such-rev', '--no-cache'], { cwd: dir });
    expect(run.code).toBe(2);
    const said = run.stderr.split('\n').filter((line) => line.startsWith('sdd:'));
    expect(said).toEqual([
      'sdd: --base no-such-rev: does not name a commit in this repository (fetch it first, e.g. `git fetch origin main`, or name a branch or commit that exists)',
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on invalid YAML in the configuration, naming the line', async () => {
    await mkdir(path.join(dir, '.sdd'), { recursive: true });
    await writeFile(path.join(dir, '.sdd/config.yaml'), 'version: 1\nrules: [unclosed\n');
    const run = await runSdd(['validate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.sdd\/config\.yaml:\d+: invalid YAML/);
  });

  it('refuses YAML aliases in the configuration', async () => {
    await mkdir(path.join(dir, '.sdd'), { recursive: true });
    await writeFile(path.join(dir, '.sdd/config.yaml'), 'a: &x [1]\nb: *x\n');
    expect((await runSdd(['validate'], { cwd: dir })).code).toBe(2);
  });

  it('writes a report atomically where --out says, and nothing else', async () => {
    const run = await runSdd(['report', '--out', 'out/report.json'], { cwd: dir });
    expect(run.code).toBe(0);
    const json = JSON.parse(await readFile(path.join(dir, 'out/report.json'), 'utf8'));
    expect(json.schemaVersion).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('gives each validate --out file the format of its extension, whatever --format says for stdout', async () => {
    const run = await runSdd(['validate', '--format', 'text', '--out', 'r.json', '--out', 'r.html', '--out', 'r.sarif'], { cwd: dir });
    expect(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')).schemaVersion).toBe(2);
    expect(await readFile(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(await readFile(path.join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(run.stdout).toContain('spec');
  });

  it('rejects an --out file whose format it cannot tell', async () => {
    const run = await runSdd(['report', '--out', 'report.pdf'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format');
  });

  it('prints JSON Schemas and rejects unknown ones', async () => {
    const run = await runSdd(['schema', 'provenance'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).type).toBe('object');
    expect((await runSdd(['schema', 'nope'], { cwd: dir })).code).toBe(2);
  });
});
