import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { SDD_VERSION } from '../../src/version.js';
import { ok, run, runCommand } from '../support/foreign-repo.js';

/**
 * sdd as a team gets it: the package packed into a tarball, installed as a
 * dev dependency of a fresh git repository (no workspace, no build, no file
 * of this repository), and the agent loop run there through `npx sdd`:
 * init → new spec → implement → provenance draft → validate exits 0; then a
 * phantom row makes it exit 1 at that row's line.
 *
 * The tarball is packed once, from the `dist/` that `pnpm install` built
 * (`--ignore-scripts`: the package's `prepack` rebuilds `dist/` from a clean
 * folder, which would pull it from under the test files running meanwhile).
 * Installs prefer cached packages; each package manager gets its own repository.
 */

const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL_TIMEOUT_MS = 240_000;

let scratch: string;
let tarball: string;

interface Manager {
  name: 'npm' | 'pnpm' | 'yarn';
  lockfile: string;
  install: (tgz: string) => [string, string[]];
  /** Whether this machine can run it at all (yarn comes from the registry through npx). */
  available: () => string | null;
}

const YARN: [string, string[]] = ['npx', ['--yes', 'yarn@1']];

const MANAGERS: Manager[] = [
  {
    name: 'npm',
    lockfile: 'package-lock.json',
    install: (tgz) => ['npm', ['install', '--save-dev', tgz, '--prefer-offline', '--no-audit', '--no-fund']],
    available: () => null,
  },
  {
    name: 'pnpm',
    lockfile: 'pnpm-lock.yaml',
    install: (tgz) => ['pnpm', ['add', '--save-dev', tgz, '--prefer-offline']],
    available: () => (run(os.tmpdir(), 'pnpm', ['--version']).code === 0 ? null : 'pnpm is not installed'),
  },
  {
    name: 'yarn',
    lockfile: 'yarn.lock',
    install: (tgz) => [YARN[0], [...YARN[1], 'add', '--dev', `file:${tgz}`, '--prefer-offline', '--non-interactive']],
    available: () => (run(os.tmpdir(), YARN[0], [...YARN[1], '--version']).code === 0 ? null : 'yarn 1 could not be fetched from the npm registry'),
  },
];

const SPEC = '.sdd/specification/spec-0001-greeting-file.md';
const RECORD = '.sdd/provenance/spec-0001-greeting-file.provenance.md';
const VALIDATION = `## Validation steps

1. This spec has been saved to \`${SPEC}\`
2. \`hello.txt\` contains \`Hello\`
3. \`node --version\` runs
4. The provenance record exists at \`${RECORD}\`

\`\`\`yaml sdd-checks
1: { kind: file.exists, path: ${SPEC} }
2: { kind: file.contains, path: hello.txt, text: Hello }
3: { kind: command, run: node --version }
4: { kind: provenance.exists }
\`\`\`
`;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sdd-pack-'));
  const packed = ok(await runCommand(PACKAGE_DIR, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch]), 'npm pack');
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed no tarball: ${packed.stdout}`);
  tarball = path.join(scratch, info.filename);
  packedFiles = info.files.map((file) => file.path);
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let packedFiles: string[] = [];

describe('the packed package', () => {
  it('holds the built CLI, the schemas and a README, and nothing of the build or the tests', () => {
    expect(path.basename(tarball)).toBe(`sdd-provenance-${SDD_VERSION}.tgz`);
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/cli/main.js', 'dist/index.js', 'dist/parse-pool/worker.js', 'schemas/result.schema.json']));
    expect(packedFiles.filter((file) => !/^(dist\/|schemas\/|package\.json$|README\.md$)/.test(file))).toEqual([]);
    expect(packedFiles.filter((file) => file.endsWith('.tsbuildinfo') || file.endsWith('.map'))).toEqual([]);
    expect(readFileSync(path.join(PACKAGE_DIR, 'dist/cli/main.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe.each(MANAGERS)('installed with $name into a repository of its own', (manager) => {
  it('runs the agent loop: init → new spec → implement → draft → validate 0; a phantom row → 1 at its line', async (context: TestContext) => {
    const unavailable = manager.available();
    if (unavailable !== null) {
      context.skip(unavailable);
      return;
    }
    const repo = mkdtempSync(path.join(scratch, `${manager.name}-`));
    const git = async (...args: string[]) => ok(await runCommand(repo, 'git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args]), `git ${args[0]}`);
    const sdd = (...args: string[]) => runCommand(repo, 'npx', ['--no-install', 'sdd', ...args]);
    const file = (name: string) => path.join(repo, name);
    await git('init', '-q', '-b', 'main');
    writeFileSync(file('package.json'), '{ "name": "demo", "private": true }\n');
    writeFileSync(file('.gitignore'), 'node_modules/\n');

    const [command, args] = manager.install(tarball);
    ok(await runCommand(repo, command, args), `${manager.name} install`);
    expect(ok(await sdd('--version'), 'sdd --version').stdout).toBe(`${SDD_VERSION}\n`);
    await git('add', '-A');
    await git('commit', '-qm', 'start');

    const init = ok(await sdd('init'), 'sdd init');
    expect(init.stdout.split('\n').filter(Boolean)).toEqual(['.sdd/config.yaml', '.sdd/specification/template.md', '.sdd/provenance/template.md', '.github/workflows/sdd.yml']);
    expect(init.stderr).toContain(`package manager: ${manager.name} (the lockfile ${manager.lockfile})`);
    // The check's command may run only when the configuration allows it.
    writeFileSync(file('.sdd/config.yaml'), `${readFileSync(file('.sdd/config.yaml'), 'utf8')}\ncommands:\n  allow: [node --version]\n`);
    await git('add', '-A');
    await git('commit', '-qm', 'sdd init');

    expect(ok(await sdd('new', 'spec', 'Greeting file'), 'sdd new spec').stdout).toBe(`${SPEC}\n`);
    const spec = readFileSync(file(SPEC), 'utf8');
    writeFileSync(file(SPEC), spec.slice(0, spec.indexOf('## Validation steps')) + VALIDATION);
    writeFileSync(file('hello.txt'), 'Hello, world\n');

    const drafted = ok(await sdd('provenance', 'draft', '1', '--agent', `e2e (${manager.name})`, '--date', '2026-01-02'), 'sdd provenance draft');
    expect(drafted.stdout).toBe(`${RECORD}\n`);
    const record = readFileSync(file(RECORD), 'utf8');
    expect(record).toContain('| 3 | `node --version` runs | Pass |');
    writeFileSync(file(RECORD), record.replace(/<!-- sdd: fill in: [^>]*-->/g, 'Filled in by the agent.'));
    await git('add', '-A');
    await git('commit', '-qm', 'greeting');

    const clean = await sdd('validate');
    expect(clean.stderr).toContain(`${SPEC}: 4 steps checked in`);
    expect(clean.stdout).toContain('0 errors');
    expect(clean.code).toBe(0);

    // A row for a file the change never touched.
    const rowLine = `| \`package.json\` | Modified |`;
    const honest = readFileSync(file(RECORD), 'utf8');
    const hello = '| `hello.txt` | Created |\n';
    writeFileSync(file(RECORD), honest.replace(hello, `${hello}${rowLine}\n`));
    await git('commit', '-qam', 'a phantom row');
    const drifted = await sdd('validate', '--format', 'json', '--quiet');
    expect(drifted.code).toBe(1);
    const result = JSON.parse(drifted.stdout) as ValidateResult;
    const phantom = result.specs.flatMap((entry) => entry.findings).find((finding) => finding.ruleId === 'drift/phantom');
    const expectedLine = readFileSync(file(RECORD), 'utf8').split('\n').indexOf(rowLine) + 1;
    expect(phantom?.location).toMatchObject({ file: RECORD, line: expectedLine });
  }, INSTALL_TIMEOUT_MS);
});

