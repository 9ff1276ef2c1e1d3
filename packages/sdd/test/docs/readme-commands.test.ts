import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDD_VERSION } from '../../src/version.js';
import { REPO_ROOT } from '../support/corpus-material.js';
import { cleanEnv, ok, run, runCommand } from '../support/foreign-repo.js';
import { headingAnchors, readmePlan, relativeLinks, type Step } from './readme-plan.js';

/**
 * The README is a user's journey, and every command in it works: each fenced
 * shell command runs, in order, in one temporary git repository where `npx sdd`
 * is the CLI built from this checkout (linked as the installed package), and
 * must exit as the README says (0, or `# exits N`). Blocks that cannot run in
 * a test say why in a `<!-- doc-test: skip … -->` comment; the reasons are printed.
 */

const README = path.join(REPO_ROOT, 'README.md');
const PACKAGE_DIR = path.join(REPO_ROOT, 'packages/sdd');
const COMMAND_TIMEOUT_MS = 60_000;

/** A team's repository with sdd installed as a dev dependency: the package is this checkout's, linked, so nothing is packed or fetched. */
function repositoryWithSddInstalled(): string {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'sdd-readme-'));
  writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify({ name: 'my-project', private: true, devDependencies: { 'sdd-provenance': SDD_VERSION } }, null, 2)}\n`);
  writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
  mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
  symlinkSync(PACKAGE_DIR, path.join(repo, 'node_modules/sdd-provenance'), 'dir');
  // The bin as npm links it, through a shim: the built main.js of a checkout is not executable.
  const bin = path.join(repo, 'node_modules/.bin/sdd');
  writeFileSync(bin, '#!/bin/sh\nexec node "$(dirname "$0")/../sdd-provenance/dist/cli/main.js" "$@"\n');
  chmodSync(bin, 0o755);
  ok(run(repo, 'git', ['init', '-q', '-b', 'main']), 'git init');
  ok(run(repo, 'git', ['add', '-A'], { env: commandEnv() }), 'git add');
  ok(run(repo, 'git', ['commit', '-qm', 'start'], { env: commandEnv() }), 'git commit');
  return repo;
}

function commandEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...cleanEnv(), GIT_AUTHOR_NAME: 'README', GIT_AUTHOR_EMAIL: 'readme@example.com', GIT_COMMITTER_NAME: 'README', GIT_COMMITTER_EMAIL: 'readme@example.com' };
  delete env.GITHUB_ACTIONS; // the README's commands as a user runs them, not annotated for a CI log
  delete env.SDD_AGENT;
  return env;
}

const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');

async function perform(repo: string, step: Step): Promise<string | null> {
  if (step.kind === 'skip') {
    console.log(`README.md:${step.line}: skipped ${step.commands.length} command(s): ${step.reason}`);
    return null;
  }
  if (step.kind === 'write') {
    const target = path.join(repo, step.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, step.content);
    return null;
  }
  const ran = await runCommand(repo, 'bash', ['-c', step.command], { env: commandEnv(), timeoutMs: COMMAND_TIMEOUT_MS });
  if (ran.code === step.expectedExit) return null;
  return `README.md:${step.line}: \`${step.command}\` exited ${ran.code}, the README says ${step.expectedExit}\n${tail(ran.stdout)}\n${tail(ran.stderr)}`;
}

describe('the README', () => {
  let repo: string;
  beforeAll(() => {
    repo = repositoryWithSddInstalled();
  });
  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
  });

  it('runs every command of the README and each exits as documented', async () => {
    const plan = readmePlan(readFileSync(README, 'utf8'));
    const failures: string[] = [];
    // In order: each command runs in the repository the ones before it left.
    for (const step of plan) {
      const failure = await perform(repo, step);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
    // The journey really ran: the spec it wrote was judged and its report written.
    expect(plan.filter((step) => step.kind === 'run').length).toBeGreaterThanOrEqual(8);
    expect(existsSync(path.join(repo, '.sdd/provenance/spec-0001-greeting-file.provenance.md'))).toBe(true);
    // The README's CI run is `--base main` on main itself: the committed spec is settled, counted and not listed (spec 0039).
    const report = readFileSync(path.join(repo, 'sdd-report.md'), 'utf8');
    expect(report).toContain('1 spec (1 settled)');
    expect(report).toMatch(/1 spec settled at base [0-9a-f]{7}/);
  }, 120_000);

  it('README.md is at most 300 lines', () => {
    expect(readFileSync(README, 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(300);
  });
});

describe('the doc test reads what the README asks of it', () => {
  it('runs shell lines, takes `# exits N`, skips a block only with a reason, writes a file block', () => {
    const markdown = [
      '```sh',
      'echo one            # a comment',
      '# only a comment',
      '',
      'false               # exits 1',
      '```',
      '',
      '<!-- doc-test: skip needs the registry -->',
      '```bash',
      'npm install x',
      '```',
      '',
      '<!-- doc-test: write a/b.md -->',
      '```markdown',
      '# B',
      '```',
      '',
      '```text',
      'output, not a command',
      '```',
      '',
      '```console',
      '$ sdd rules',
      'drift/phantom  error',
      '```',
    ].join('\n');
    expect(readmePlan(markdown)).toEqual([
      { kind: 'run', line: 2, command: 'echo one            # a comment', expectedExit: 0 },
      { kind: 'run', line: 5, command: 'false               # exits 1', expectedExit: 1 },
      { kind: 'skip', line: 9, commands: ['npm install x'], reason: 'needs the registry' },
      { kind: 'write', line: 14, path: 'a/b.md', content: '# B\n' },
      { kind: 'run', line: 23, command: 'sdd rules', expectedExit: 0 },
    ]);
  });

  it('refuses a skip without a reason, an unknown directive, and a directive with no block after it', () => {
    expect(() => readmePlan('<!-- doc-test: skip -->\n```sh\nrm -rf x\n```\n')).toThrow('README.md:1: doc-test: skip needs a reason');
    expect(() => readmePlan('<!-- doc-test: ignore -->\n```sh\nx\n```\n')).toThrow('unknown doc-test directive `ignore`');
    expect(() => readmePlan('<!-- doc-test: skip why -->\n\ntext\n')).toThrow('README.md:1: doc-test: skip is not followed by a fenced block');
  });
});

describe('links', () => {
  const documents = [
    'README.md',
    'infra-app/README.md',
    'packages/sdd/README.md',
    ...readdirSync(path.join(REPO_ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ].filter((file) => existsSync(path.join(REPO_ROOT, file)));

  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (file: string) => anchorsOf.get(file) ?? anchorsOf.set(file, headingAnchors(readFileSync(file, 'utf8'))).get(file)!;

  it('every relative link in the README and docs resolves', () => {
    const broken = documents.flatMap((file) => {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      return relativeLinks(text).flatMap(({ url, line }) => {
        const [target = '', anchor] = url.split('#');
        const resolved = target === '' ? path.join(REPO_ROOT, file) : path.resolve(path.dirname(path.join(REPO_ROOT, file)), decodeURIComponent(target));
        if (!existsSync(resolved)) return [`${file}:${line}: ${url} (no such file)`];
        if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) return [`${file}:${line}: ${url} (no such heading)`];
        return [];
      });
    });
    expect(documents.length).toBeGreaterThanOrEqual(10);
    expect(broken).toEqual([]);
  });
});
