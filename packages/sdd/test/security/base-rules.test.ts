import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, ValidateResult } from '../../src/model/index.js';
import { runSdd } from '../support/cli.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { RECORD, recordText, SPEC } from '../support/markdown.js';

// A hostile pull request controls every file of its working tree, `.sdd/config.yaml` included.
// With `--base`, the base's configuration decides; the pull request's is reported.
let repo: TempRepo;
let base: string;
beforeEach(async () => {
  repo = createRepo();
  repo.write('README.md', 'demo\n');
  repo.write('.sdd/config.yaml', 'version: 1\ncommands:\n  allow:\n    - "true"\n  timeoutSeconds: 30\n');
  repo.write('package.json', JSON.stringify({ name: 'demo', scripts: { lint: 'true' } }, null, 2));
  base = repo.commit('base');
});
afterEach(() => repo.dispose());

function specWith(steps: string[], checks: string[]): string {
  return [
    '---',
    'title: "Spec 0001: Greeting"',
    'draft: false',
    '---',
    '',
    '## Task',
    '',
    'Write a greeting.',
    '',
    '## Validation steps',
    '',
    ...steps.map((step, index) => `${index + 1}. ${step}`),
    '',
    '```yaml sdd-checks',
    ...checks.map((check, index) => `${index + 1}: ${check}`),
    '```',
    '',
  ].join('\n');
}

/** The pull request: a spec, its record claiming every step Pass, and whatever else it brings. */
async function pullRequest(steps: string[], checks: string[], files: Record<string, string>): Promise<void> {
  repo.write('hello.txt', 'hello\n');
  repo.write(SPEC, specWith(steps, checks));
  for (const [file, text] of Object.entries(files)) repo.write(file, text);
  const changed = ['hello.txt', ...Object.keys(files)];
  // A file the base already held was Modified by the pull request; the rest it Created.
  const artifacts = changed.map((file): [string, string] => [file, wasAtBase(file) ? 'Modified' : 'Created']);
  const results = steps.map((step, index): [string, string, string] => [String(index + 1), step, 'Pass']);
  repo.write(RECORD, recordText({ artifacts: [[SPEC, 'Created'], [RECORD, 'Created'], ...artifacts], results }));
  repo.commit('pull request');
}

function wasAtBase(file: string): boolean {
  try {
    repo.git('cat-file', '-e', `${base}:${file}`);
    return true;
  } catch {
    return false;
  }
}

async function validateJson(...flags: string[]): Promise<{ code: number; result: ValidateResult; stderr: string }> {
  const run = await runSdd(['validate', '--format', 'json', '--no-cache', ...flags], { cwd: repo.root });
  expect(run.stderr).not.toContain('internal error');
  return { code: run.code, result: JSON.parse(run.stdout) as ValidateResult, stderr: run.stderr };
}

function findings(result: ValidateResult, ruleId: string): Finding[] {
  return [...result.findings, ...result.specs.flatMap((spec) => spec.findings)].filter((finding) => finding.ruleId === ruleId);
}

function checkOf(result: ValidateResult, step: number) {
  return result.specs[0]?.steps.find((one) => one.step === step)?.evidence?.checks[0];
}

describe('with --base, the base decides the rules', () => {
  it('a command the pull request adds to commands.allow does not run, and the change is reported', async () => {
    await pullRequest(['`touch pwned` exits 0'], ['{ kind: command, run: touch pwned }'], {
      '.sdd/config.yaml': 'version: 1\ncommands:\n  allow:\n    - "true"\n    - touch pwned\n  timeoutSeconds: 30\n',
    });
    const { result } = await validateJson('--base', base);
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(false);
    expect(checkOf(result, 1)?.status).toBe('not-run');
    const [changed] = findings(result, 'config/changed');
    expect(changed?.severity).toBe('warning');
    expect(changed?.data?.keys).toEqual(['commands.allow']);
    expect(changed?.location).toEqual({ file: '.sdd/config.yaml', line: 4 });
  });

  it('without --base the working tree decides, as documented', async () => {
    await pullRequest(['`touch pwned` exits 0'], ['{ kind: command, run: touch pwned }'], {
      '.sdd/config.yaml': 'version: 1\ncommands:\n  allow:\n    - touch pwned\n',
    });
    const { result } = await validateJson();
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(true);
    expect(findings(result, 'config/changed')).toEqual([]);
  });

  it('a rule the pull request turns off still fails the run (a lie does not exit 0)', async () => {
    await pullRequest(['`hello.txt` contains `goodbye`'], ['{ kind: file.contains, path: hello.txt, text: goodbye }'], {
      '.sdd/config.yaml': 'version: 1\ncommands:\n  allow:\n    - "true"\n  timeoutSeconds: 30\nrules:\n  drift/overclaimed: off\n',
    });
    const withBase = await validateJson('--base', base);
    expect(withBase.code).toBe(1);
    expect(findings(withBase.result, 'drift/overclaimed').length).toBeGreaterThan(0);
    expect(findings(withBase.result, 'config/changed')[0]?.data?.keys).toEqual(['rules.drift/overclaimed']);
    expect(findings(withBase.result, 'config/changed')[0]?.location?.line).toBe(7);
    // The same tree without --base obeys its own configuration.
    expect((await validateJson()).code).toBe(0);
  });

  it('a configuration the base does not have means the defaults, and every key the pull request sets is listed', async () => {
    repo.git('rm', '-q', '.sdd/config.yaml');
    const bare = repo.commit('no configuration');
    await pullRequest(['`touch pwned` exits 0'], ['{ kind: command, run: touch pwned }'], {
      '.sdd/config.yaml': 'version: 1\ncommands:\n  allow:\n    - touch pwned\n  timeoutSeconds: 5000\n',
    });
    const { result } = await validateJson('--base', bare);
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(false);
    expect(findings(result, 'config/changed')[0]?.data?.keys).toEqual(['commands.allow', 'commands.timeoutSeconds']);
  });

  it('a base that names no commit is a one-line error with exit 2', async () => {
    const run = await runSdd(['validate', '--no-cache', '--base', 'no-such-branch'], { cwd: repo.root });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sdd: --base no-such-branch: does not name a commit/);
  });
});

describe('commands run only in a folder and with a script the base allows', () => {
  it('an allowed command does not run in a folder the allow-list does not name', async () => {
    await pullRequest(['`pnpm lint` passes in `evil`'], ['{ kind: command, run: "true", cwd: evil }'], { 'evil/package.json': '{}\n' });
    const { result } = await validateJson('--base', base);
    expect(checkOf(result, 1)?.status).toBe('not-run');
    expect(checkOf(result, 1)?.reason).toBe('not allowed in `evil`: commands.allow lists it only in `.`');
  });

  it('an entry { run, cwd } allows exactly that folder', async () => {
    repo.write('.sdd/config.yaml', 'version: 1\ncommands:\n  allow:\n    - { run: "true", cwd: sub }\n  timeoutSeconds: 30\n');
    repo.write('sub/keep.txt', 'x\n');
    base = repo.commit('allow sub');
    await pullRequest(['`true` passes in `sub`'], ['{ kind: command, run: "true", cwd: sub/ }'], {});
    const { result } = await validateJson('--base', base);
    expect(checkOf(result, 1)?.status).toBe('pass');
  });

  it('an allowed package script the pull request rewrote is not run', async () => {
    repo.write('.sdd/config.yaml', 'version: 1\ncommands:\n  allow:\n    - pnpm lint\n  timeoutSeconds: 30\n');
    base = repo.commit('allow lint');
    await pullRequest(['`pnpm lint` passes'], ['{ kind: command, run: pnpm lint }'], {
      'package.json': JSON.stringify({ name: 'demo', scripts: { lint: 'touch pwned' } }, null, 2),
    });
    const { result } = await validateJson('--base', base);
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(false);
    expect(checkOf(result, 1)?.status).toBe('not-run');
    expect(checkOf(result, 1)?.reason).toMatch(/^script `lint` in package.json changed since base [0-9a-f]{12}/);
  });

  it('a terraform binary the pull request added to the repository is not run', async () => {
    await pullRequest(['`terraform fmt` finds nothing to change'], ['{ kind: terraform.fmt, dir: tf }'], {
      '.sdd/config.yaml': 'version: 1\ncommands:\n  allow:\n    - "true"\n  timeoutSeconds: 30\nterraform:\n  binary: tools/tf\n',
      'tools/tf': '#!/bin/sh\ntouch pwned\nexit 0\n',
      'tf/main.tf': 'x = 1\n',
    });
    await chmod(path.join(repo.root, 'tools/tf'), 0o755);
    const { result } = await validateJson('--base', base);
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(false);
    expect(findings(result, 'config/changed')[0]?.data?.keys).toEqual(['terraform.binary']);
  });

  it('a terraform binary in the repository that the base already holds, unchanged, runs', async () => {
    repo.write('.sdd/config.yaml', 'version: 1\ncommands:\n  allow:\n    - "true"\n  timeoutSeconds: 30\nterraform:\n  binary: tools/tf\n');
    repo.write('tools/tf', '#!/bin/sh\ntouch ran\nexit 0\n');
    await chmod(path.join(repo.root, 'tools/tf'), 0o755);
    base = repo.commit('a terraform wrapper');
    await pullRequest(['`terraform fmt` finds nothing to change'], ['{ kind: terraform.fmt, dir: tf }'], { 'tf/main.tf': 'x = 1\n' });
    const { result } = await validateJson('--base', base);
    expect(existsSync(path.join(repo.root, 'ran'))).toBe(true);
    expect(checkOf(result, 1)?.reason ?? '').not.toMatch(/terraform binary/);
  });

  it('a terraform binary in the repository that the pull request changed is not run', async () => {
    repo.write('.sdd/config.yaml', 'version: 1\ncommands:\n  allow:\n    - "true"\n  timeoutSeconds: 30\nterraform:\n  binary: tools/tf\n');
    repo.write('tools/tf', '#!/bin/sh\nexit 3\n');
    base = repo.commit('a terraform wrapper');
    await pullRequest(['`terraform fmt` finds nothing to change'], ['{ kind: terraform.fmt, dir: tf }'], {
      'tools/tf': '#!/bin/sh\ntouch pwned\nexit 0\n',
      'tf/main.tf': 'x = 1\n',
    });
    await chmod(path.join(repo.root, 'tools/tf'), 0o755);
    const { result } = await validateJson('--base', base);
    expect(existsSync(path.join(repo.root, 'pwned'))).toBe(false);
    expect(checkOf(result, 1)?.status).toBe('not-run');
    expect(checkOf(result, 1)?.reason).toMatch(/^the terraform binary `tools\/tf` changed since base [0-9a-f]{12}/);
  });
});
