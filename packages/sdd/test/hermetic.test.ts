import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../src/parse/index.js';
import { CORPUS_VARIABLE, REPO_ROOT, repositoryDocuments } from './support/corpus-material.js';

// The repository stands alone: a clone with nothing beside it runs every test and
// `sdd validate`. Material from outside is read only through SDD_CORPUS.

/** A path that reaches the folder beside the clone, or this machine's copy of it. */
const OUTSIDE = /(\.\.\/)+shared\b|\/work\/shared\b/;

function filesUnder(dir: string, extensions: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && extensions.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
}

const relative = (file: string) => path.relative(REPO_ROOT, file);

describe('no test, spec step or README line needs a path outside the repository', () => {
  it('test sources and scripts name no such path (only corpus-material.ts reads SDD_CORPUS)', () => {
    const sources = [
      ...filesUnder(path.join(REPO_ROOT, 'packages/sdd/test'), /\.(ts|mjs|js)$/),
      ...filesUnder(path.join(REPO_ROOT, 'infra-app/test'), /\.(ts|mjs|js)$/),
      ...filesUnder(path.join(REPO_ROOT, 'scripts'), /\.(ts|mjs|js)$/),
    ].filter((file) => !file.endsWith('hermetic.test.ts'));
    const offending = sources.filter((file) => OUTSIDE.test(readFileSync(file, 'utf8'))).map(relative);
    expect(offending).toEqual([]);
    // One reader of the variable, so that every test skips and reports alike.
    const tests = sources.filter((file) => !file.startsWith(path.join(REPO_ROOT, 'scripts')));
    const readers = tests.filter((file) => /env(\.|\[')SDD_CORPUS/.test(readFileSync(file, 'utf8'))).map(relative);
    expect(readers).toEqual([]);
  });

  it('the README and docs name no such path', () => {
    const docs = [path.join(REPO_ROOT, 'README.md'), ...filesUnder(path.join(REPO_ROOT, 'docs'), /\.md$/)];
    const lines = docs.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (OUTSIDE.test(line) ? [`${relative(file)}:${index + 1}`] : [])),
    );
    expect(lines).toEqual([]);
  });

  it("no spec's validation step or sdd-checks block names such a path", () => {
    const steps = repositoryDocuments()
      .filter((one) => one.kind === 'spec')
      .flatMap(({ file, absolute }) => {
        const text = readFileSync(absolute, 'utf8');
        const spec = parseSpec(file, text).document;
        const stepTexts = (spec?.validationSteps ?? []).map((step) => ({ where: `${file}:${step.location.line}`, text: step.text }));
        const block = (spec?.checkBlocks ?? []).map((one) => ({ where: `${file}:${one.location.line}`, text: one.content }));
        return [...stepTexts, ...block].filter((one) => OUTSIDE.test(one.text)).map((one) => one.where);
      });
    expect(steps).toEqual([]);
  });
});

describe('tests on real-world material without SDD_CORPUS', () => {
  const vitest = (env: NodeJS.ProcessEnv, outputFile: string) =>
    spawnSync('pnpm', ['exec', 'vitest', 'run', 'packages/sdd/test/check/corpus.test.ts', '--reporter=json', `--outputFile=${outputFile}`], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
    });
  const withoutCorpus = () => {
    const env = { ...process.env };
    delete env[CORPUS_VARIABLE];
    return env;
  };

  it('are reported as skipped, with the reason in the test name', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sdd-hermetic-'));
    try {
      const run = vitest(withoutCorpus(), path.join(dir, 'report.json'));
      expect(run.status).toBe(0);
      const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
        numPassedTests: number;
        numPendingTests: number;
        testResults: { assertionResults: { fullName: string; status: string }[] }[];
      };
      expect(report.numPassedTests).toBe(0);
      expect(report.numPendingTests).toBe(1);
      const names = report.testResults.flatMap((file) => file.assertionResults.map((one) => `${one.status}: ${one.fullName}`));
      expect(names).toEqual([expect.stringMatching(/^(skipped|pending): inference on the corpus specs skipped: SDD_CORPUS is not set/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fail, saying so, when SDD_CORPUS names a folder that is not the material', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sdd-hermetic-'));
    try {
      const run = vitest({ ...withoutCorpus(), [CORPUS_VARIABLE]: dir }, path.join(dir, 'report.json'));
      expect(run.status).not.toBe(0);
      expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).toContain('SDD_CORPUS names a folder holding corpus/ and seed/');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
