import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderConfigTemplate } from '../../src/author/config-template.js';
import { fillTemplate } from '../../src/author/templates.js';
import { parseConfig } from '../../src/discover/config.js';
import { choosePackageManager, type PackageManagerFacts } from '../../src/discover/package-manager.js';
import { defaultConfig, SddConfigSchema } from '../../src/model/index.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { SDD_VERSION } from '../../src/version.js';
import { runSdd } from '../support/cli.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
const read = (file: string) => readFileSync(path.join(repo, file), 'utf8');
const write = (file: string, text: string) => writeFileSync(path.join(repo, file), text);
const sdd = (...argv: string[]) => runSdd(argv, { cwd: repo });

beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'sdd-init-'));
  git('init', '-q', '-b', 'trunk');
});
afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

/** Uncomments each commented block the way the file tells a reader to: one `# ` off each of its lines. */
function uncommentAll(text: string): string {
  const out: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line === '') inBlock = false;
    else if (/^# [A-Za-z]+:( |$)/.test(line)) inBlock = true;
    out.push(inBlock && line.startsWith('# ') ? line.slice(2) : line);
  }
  return out.join('\n');
}

/** Every key path of the schema's objects (not inside lists or records): `commands.allow`, `cache.dir`, … */
function keyPaths(node: { properties?: Record<string, unknown> }, prefix = ''): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const here = `${prefix}${key}`;
    const nested = child as { type?: string; properties?: Record<string, unknown> };
    return nested.type === 'object' && nested.properties ? [here, ...keyPaths(nested, `${here}.`)] : [here];
  });
}

function valuePaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = `${prefix}${key}`;
    const isObject = child !== null && typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length > 0;
    return isObject ? [here, ...valuePaths(child, `${here}.`)] : [here];
  });
}

describe('the configuration sdd init writes', () => {
  const text = renderConfigTemplate({ runner: 'npx sdd', allowExample: 'npm test' });

  it('loads as the defaults as written', () => {
    expect(parseConfig(text, '.sdd/config.yaml')).toEqual(defaultConfig());
  });

  it('uncommented block by block, gives exactly the defaults, with every key of the schema', () => {
    const uncommented = uncommentAll(text);
    expect(parseConfig(uncommented, '.sdd/config.yaml')).toEqual(defaultConfig());
    const schemaKeys = keyPaths(z.toJSONSchema(SddConfigSchema, { io: 'input' }) as { properties: Record<string, unknown> });
    // Keys without a default (terraform.pluginDir, history.setup) stay a comment, naming themselves: "# pluginDir: (not set by default)".
    const written = valuePaths(parseYaml(uncommented));
    const unset = schemaKeys.filter((key) => !written.includes(key));
    expect(unset).toEqual(['terraform.pluginDir', 'history.setup']);
    expect(uncommented).toContain('# pluginDir: (not set by default)');
    expect(written.filter((key) => !schemaKeys.includes(key))).toEqual([]);
  });

  it('describes every key, and refuses a schema key without a description', () => {
    for (const description of ['Folder holding the specs', 'Exact command lines', 'For example, allow: ["npm test"]', 'The JSON Schema of this file: `npx sdd schema config`']) {
      expect(text).toContain(description);
    }
    const undocumented = z.object({ documented: z.string().default('a').describe('A key.'), bare: z.boolean().default(false) }).strict();
    expect(() => renderConfigTemplate({ runner: 'sdd', allowExample: null }, undocumented)).toThrow('the configuration key bare has no description');
  });
});

describe('choosing the package manager', () => {
  const facts = (files: string[], packageJson: PackageManagerFacts['packageJson'] = {}): PackageManagerFacts => ({ files: new Set(files), packageJson });
  const cases: [string, PackageManagerFacts, string, string | null, string][] = [
    ['npm lockfile', facts(['package.json', 'package-lock.json']), 'npm', 'npm ci', 'npx sdd'],
    ['pnpm lockfile', facts(['package.json', 'pnpm-lock.yaml']), 'pnpm', 'pnpm install --frozen-lockfile', 'pnpm exec sdd'],
    ['yarn 1 lockfile', facts(['package.json', 'yarn.lock']), 'yarn', 'yarn install --frozen-lockfile', 'yarn sdd'],
    ['yarn berry', facts(['package.json', 'yarn.lock', '.yarnrc.yml']), 'yarn', 'yarn install --immutable', 'yarn sdd'],
    ['the packageManager field wins', facts(['package.json', 'package-lock.json'], { packageManager: 'pnpm@10.1.0' }), 'pnpm', 'pnpm install', 'pnpm exec sdd'],
    ['no lockfile', facts(['package.json']), 'npm', 'npm install', 'npx sdd'],
    ['no package.json', facts([], null), 'none', null, `npx --yes sdd-provenance@${SDD_VERSION}`],
  ];
  for (const [name, given, manager, install, run] of cases) {
    it(name, () => {
      expect(choosePackageManager(given, undefined, SDD_VERSION)).toMatchObject({ name: manager, install, run });
    });
  }

  it('--package-manager overrides what the files say', () => {
    expect(choosePackageManager(facts(['package.json', 'package-lock.json']), 'yarn')).toMatchObject({ name: 'yarn', reason: '--package-manager yarn' });
  });

  it('needs corepack for yarn berry, and knows when pnpm is pinned', () => {
    expect(choosePackageManager(facts(['package.json', 'yarn.lock'], { packageManager: 'yarn@4.5.0' }))).toMatchObject({ corepack: true, install: 'yarn install --immutable' });
    expect(choosePackageManager(facts(['package.json', 'pnpm-lock.yaml'], { packageManager: 'pnpm@10.0.0' }))).toMatchObject({ pinned: true });
    expect(choosePackageManager(facts(['package.json', 'pnpm-lock.yaml']))).toMatchObject({ pinned: false });
  });
});

describe('sdd init', () => {
  it('writes the configuration, both templates and the GitHub workflow, with the commands of the lockfile', async () => {
    write('package.json', '{"name":"demo","private":true}\n');
    write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    const run = await sdd('init');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      '.sdd/config.yaml',
      '.sdd/specification/template.md',
      '.sdd/provenance/template.md',
      '.github/workflows/sdd.yml',
    ]);
    expect(run.stderr).toContain('package manager: pnpm (the lockfile pnpm-lock.yaml)');
    expect(run.stderr).toContain('next: pnpm exec sdd new spec');

    const workflow = parseYaml(read('.github/workflows/sdd.yml')) as {
      on: { push: { branches: string[] } };
      jobs: { validate: { steps: { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string }[] } };
    };
    expect(workflow.on.push.branches).toEqual(['trunk']);
    const steps = workflow.jobs.validate.steps;
    expect(steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(steps.map((step) => step.uses ?? step.run)).toEqual([
      'actions/checkout@v4',
      'pnpm/action-setup@v4',
      'actions/setup-node@v4',
      'pnpm install --frozen-lockfile',
      'actions/cache/restore@v4',
      'pnpm exec sdd validate ${BASE:+--base "$BASE"} --out sdd-report.html --out sdd-report.md',
      'actions/cache/save@v4',
      'if [ -f sdd-report.md ]; then cat sdd-report.md >> "$GITHUB_STEP_SUMMARY"; fi',
      'actions/upload-artifact@v4',
    ]);
    // The base reaches the shell through the environment, never spliced into the command line.
    expect(steps[5]?.env).toEqual({ BASE: '${{ github.event.pull_request.base.sha }}' });
    expect(steps[8]).toMatchObject({ if: '${{ !cancelled() }}', with: { path: 'sdd-report.html' } });

    // The templates it wrote are the ones `sdd new spec` fills, and read as sdd reads documents.
    expect(read('.sdd/specification/template.md')).toContain('`pnpm exec sdd provenance draft NNNN`');
    const created = await sdd('new', 'spec', 'Greeting file');
    expect(created).toMatchObject({ code: 0, stdout: '.sdd/specification/spec-0001-greeting-file.md\n', stderr: '' });
    expect(parseSpec('.sdd/specification/spec-0001-greeting-file.md', read('.sdd/specification/spec-0001-greeting-file.md')).document?.title).toBe(
      'Spec 0001: Greeting file',
    );
    const record = parseProvenance(
      '.sdd/provenance/spec-0042-answer.provenance.md',
      fillTemplate(read('.sdd/provenance/template.md'), { number: '0042', slug: 'answer', title: 'The Answer' }),
    ).document;
    expect(record?.specRef?.path).toBe('.sdd/specification/spec-0042-answer.md');
    expect(record?.artifacts?.rows.map((row) => row.status)).toEqual(['Created', 'Created', 'Modified', 'Deleted', 'Created']);
    expect(record?.validationResults?.rows.map((row) => row.result)).toEqual(['Pass', 'Fail', 'Not run']);
  });

  it("keeps sdd's cache between jobs where the install makes node_modules, after the install", async () => {
    type Step = { uses?: string; run?: string; if?: string; with?: Record<string, string> };
    const stepsOf = async (files: Record<string, string>) => {
      rmSync(path.join(repo, '.github'), { recursive: true, force: true });
      for (const [file, text] of Object.entries(files)) write(file, text);
      expect((await sdd('init', '--force')).code).toBe(0);
      return (parseYaml(read('.github/workflows/sdd.yml')) as { jobs: { validate: { steps: Step[] } } }).jobs.validate.steps;
    };
    const npm = await stepsOf({ 'package.json': '{"name":"demo","private":true}\n', 'package-lock.json': '{}\n' });
    const names = npm.map((step) => step.uses ?? step.run);
    // Restored after `npm ci`, which deletes node_modules; saved after validate, also when the gate fails.
    expect(names.indexOf('actions/cache/restore@v4')).toBe(names.indexOf('npm ci') + 1);
    expect(names.indexOf('actions/cache/save@v4')).toBe(names.findIndex((name) => name?.includes('sdd validate')) + 1);
    const restore = npm.find((step) => step.uses === 'actions/cache/restore@v4');
    const save = npm.find((step) => step.uses === 'actions/cache/save@v4');
    expect(restore?.with).toEqual({ path: 'node_modules/.cache/sdd', key: 'sdd-${{ runner.os }}-${{ github.sha }}', 'restore-keys': 'sdd-${{ runner.os }}-' });
    expect(save).toMatchObject({ if: '${{ !cancelled() }}', with: { path: 'node_modules/.cache/sdd', key: 'sdd-${{ runner.os }}-${{ github.sha }}' } });
    // Yarn 2+ may have no node_modules (Plug'n'Play): no cache step.
    rmSync(path.join(repo, 'package-lock.json'));
    const berry = await stepsOf({ 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: pnp\n' });
    expect(berry.some((step) => step.uses?.startsWith('actions/cache'))).toBe(false);
  });

  it('a second init changes nothing and exits 0', async () => {
    expect((await sdd('init')).code).toBe(0);
    const again = await sdd('init');
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('already as init writes them: .sdd/config.yaml, .sdd/specification/template.md');
  });

  it('never overwrites: names the existing file, writes nothing, exits 2; --force overwrites', async () => {
    await mkdir(path.join(repo, '.sdd'), { recursive: true });
    write('.sdd/config.yaml', 'version: 1\nstrict: true\n');
    const refused = await sdd('init');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('sdd: .sdd/config.yaml already exists; not overwritten');
    expect(refused.stderr).toContain('run sdd init --force');
    expect(read('.sdd/config.yaml')).toBe('version: 1\nstrict: true\n');
    expect(existsSync(path.join(repo, '.sdd/specification/template.md'))).toBe(false);
    expect(existsSync(path.join(repo, '.github'))).toBe(false);

    const forced = await sdd('init', '--force');
    expect(forced.code).toBe(0);
    expect(read('.sdd/config.yaml')).toContain('# strict: false');
  });

  it('--ci gitlab writes the job and a pipeline that includes it, and leaves an existing pipeline alone', async () => {
    write('package.json', '{"name":"demo","private":true}\n');
    write('package-lock.json', '{}\n');
    const run = await sdd('init', '--ci', 'gitlab');
    expect(run.code).toBe(0);
    expect(existsSync(path.join(repo, '.github'))).toBe(false);
    const job = parseYaml(read('.gitlab/sdd.gitlab-ci.yml')) as { sdd: { variables: Record<string, string>; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } } };
    expect(job.sdd.variables.GIT_DEPTH).toBe('0');
    expect(job.sdd.script).toEqual([
      'npm ci',
      'npx sdd validate ${CI_MERGE_REQUEST_DIFF_BASE_SHA:+--base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"} --out sdd-report.html --out sdd-report.xml',
    ]);
    expect(job.sdd.artifacts).toEqual({ when: 'always', paths: ['sdd-report.html'], reports: { junit: 'sdd-report.xml' } });
    expect(parseYaml(read('.gitlab-ci.yml'))).toEqual({ include: [{ local: '.gitlab/sdd.gitlab-ci.yml' }] });

    rmSync(path.join(repo, '.gitlab'), { recursive: true });
    write('.gitlab-ci.yml', 'test:\n  script: [npm test]\n');
    const existing = await sdd('init', '--ci', 'gitlab', '--force');
    expect(existing.code).toBe(0);
    expect(read('.gitlab-ci.yml')).toBe('test:\n  script: [npm test]\n');
    expect(existing.stderr).toContain('.gitlab-ci.yml exists and is left as it is; add to .gitlab-ci.yml:\ninclude:\n  - local: .gitlab/sdd.gitlab-ci.yml');
  });

  it('--ci none writes no CI file; without package.json the commands run sdd through npx', async () => {
    const run = await sdd('init', '--ci', 'none');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(['.sdd/config.yaml', '.sdd/specification/template.md', '.sdd/provenance/template.md']);
    expect(read('.sdd/specification/template.md')).toContain(`\`npx --yes sdd-provenance@${SDD_VERSION} provenance draft NNNN\``);
    expect(run.stderr).toContain('no package.json: sdd runs with npx');
  });

  it('finds an existing spec-kit or OpenSpec layout: says so, and points tasks: at folders the defaults miss', async () => {
    const put = async (file: string, text = 'x\n') => {
      await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
      write(file, text);
    };
    await put('specs/001-login/spec.md');
    await put('specs/001-login/tasks.md', '- [ ] T001 Create `src/login.ts`\n');
    const standard = await sdd('init', '--ci', 'none');
    expect(standard.code).toBe(0);
    expect(standard.stderr).toContain('sdd: found spec-kit: 1 feature under specs/');
    // Where the defaults look already, the configuration stays all defaults.
    expect(parseConfig(read('.sdd/config.yaml'), '.sdd/config.yaml').tasks.specKit).toEqual(['specs']);

    await put('apps/web/openspec/changes/add-search/tasks.md', '- [x] 1.1 Add `apps/web/search.ts`\n');
    await put('apps/web/openspec/project.md');
    const nested = await sdd('init', '--ci', 'none', '--force');
    expect(nested.stderr).toContain('sdd: found OpenSpec: 1 active and 0 archived changes under apps/web/openspec/');
    const config = parseConfig(read('.sdd/config.yaml'), '.sdd/config.yaml');
    expect(config.tasks.openSpec).toEqual(['apps/web/openspec']);
    expect(config.tasks.specKit).toEqual(['specs']);
  });

  it('refuses an unknown CI or package manager with exit 2', async () => {
    expect((await sdd('init', '--ci', 'jenkins')).code).toBe(2);
    expect((await sdd('init', '--package-manager', 'bun')).code).toBe(2);
    expect(existsSync(path.join(repo, '.sdd'))).toBe(false);
  });
});
