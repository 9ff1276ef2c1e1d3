import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeMember, planUnionRuns, readVitestReport, reportAttributes, type VitestReport } from '../../../src/check/test-runs/union.js';
import { fileMatchesFilter, parseVitestLine } from '../../../src/check/test-runs/vitest-line.js';
import type { ValidateResult } from '../../../src/model/index.js';
import { runSdd } from '../../support/cli.js';
import { createRepo, type TempRepo } from '../../support/repo.js';

// One test run per validate (docs/history.md): steps whose allowed command lines
// are vitest runs in the same folder share one run over the union of their files.

describe('parseVitestLine', () => {
  it('reads the prefix, the runner and the file filters', () => {
    expect(parseVitestLine('pnpm exec vitest run packages/a test/b.test.ts')).toEqual({ prefix: 'pnpm exec', runner: 'vitest', filters: ['packages/a', 'test/b.test.ts'] });
    expect(parseVitestLine('node_modules/.bin/vitest run tests')).toEqual({ prefix: '', runner: 'node_modules/.bin/vitest', filters: ['tests'] });
  });

  it('leaves alone a line it may not merge: flags, shell operators, quotes, no filter, not vitest run', () => {
    for (const line of ['pnpm exec vitest run --project x test', 'pnpm exec vitest run test && rm -rf /', "pnpm exec vitest run 'a b'", 'pnpm exec vitest run', 'pnpm exec vitest test', 'pnpm test', 'pnpm exec vitest run a -t name']) {
      expect(parseVitestLine(line), line).toBeNull();
    }
  });

  it('matches files as vitest does: the relative path contains the filter, without case', () => {
    expect(fileMatchesFilter('packages/sdd/test/history/history.test.ts', 'packages/sdd/test/history')).toBe(true);
    expect(fileMatchesFilter('packages/sdd/test/History/x.test.ts', './packages/sdd/test/history')).toBe(true);
    expect(fileMatchesFilter('packages/sdd/test/check/x.test.ts', 'packages/sdd/test/history')).toBe(false);
  });
});

describe('planUnionRuns', () => {
  const line = (run: string, cwd = '.', timeoutSeconds = 100) => ({ run, cwd, timeoutSeconds });

  it('merges distinct lines with the same prefix and folder; their limits add up', () => {
    const plan = planUnionRuns('/repo', [line('pnpm exec vitest run b'), line('pnpm exec vitest run a c'), line('pnpm exec vitest run b'), line('pnpm lint')]);
    const union = plan.unions.get('.\u0000pnpm exec vitest run b');
    expect(union).toEqual({ commandLine: 'pnpm exec vitest run a b c', cwd: '.', members: ['pnpm exec vitest run a c', 'pnpm exec vitest run b'], timeoutSeconds: 200 });
    expect(plan.unions.get('.\u0000pnpm exec vitest run a c')).toBe(union);
    expect(plan.unions.has('.\u0000pnpm lint')).toBe(false);
  });

  it('runs alone a line with no partner: another folder, another prefix, or the only one', () => {
    const plan = planUnionRuns('/repo', [line('pnpm exec vitest run a'), line('pnpm exec vitest run b', 'web'), line('npx vitest run c')]);
    expect(plan.unions.size).toBe(0);
  });
});

describe('judgeMember', () => {
  const union = { commandLine: 'vitest run a b', cwd: '.', members: ['vitest run a', 'vitest run b'], timeoutSeconds: 10 };
  const report: VitestReport = {
    testResults: [
      { name: '/r/a/one.test.ts', status: 'passed', assertionResults: [{ fullName: 'one works', status: 'passed' }] },
      { name: '/r/b/two.test.ts', status: 'failed', assertionResults: [{ fullName: 'two adds', status: 'failed', failureMessages: ['expected 3 to be 4'] }] },
    ],
  };

  it('passes a step whose own files passed, though another step’s file failed', () => {
    const result = judgeMember(report, 'vitest run a', '/r', union, '`vitest run a`');
    expect(result.status).toBe('pass');
    expect(result.evidence[0]?.message).toContain('one vitest run for 2 step commands');
  });

  it('fails a step whose file failed, naming the test and its message', () => {
    const result = judgeMember(report, 'vitest run b', '/r', union, '`vitest run b`');
    expect(result.status).toBe('fail');
    expect(result.evidence[1]).toEqual({ message: 'b/two.test.ts › two adds failed', output: 'expected 3 to be 4' });
  });

  it('fails a step that no test file matches, as vitest alone would', () => {
    const result = judgeMember(report, 'vitest run c', '/r', { ...union, members: [...union.members, 'vitest run c'] }, '`vitest run c`');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('no test file matches `c`');
  });

  it('does not judge from a run that failed outside every test file, or from no report', () => {
    expect(reportAttributes(report, 1)).toBe(true);
    expect(reportAttributes({ testResults: [report.testResults[0]!] }, 1)).toBe(false);
    expect(reportAttributes({ testResults: [report.testResults[0]!] }, 0)).toBe(true);
    expect(reportAttributes(report, null)).toBe(false);
    expect(readVitestReport('not json')).toBeNull();
    expect(readVitestReport('{"testResults": 3}')).toBeNull();
  });
});

describe('sdd validate with several vitest steps', () => {
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await repo?.dispose();
    repo = undefined;
  });

  it('runs them once over their union and judges each step from its own files', async () => {
    repo = createRepo();
    // The repository's own vitest, through a node_modules link as an installed one would be.
    symlinkSync(path.resolve(__dirname, '../../../../../node_modules'), path.join(repo.root, 'node_modules'));
    const run = (folder: string) => `node_modules/.bin/vitest run tests/${folder}`;
    repo.write('.gitignore', 'node_modules\n');
    repo.write('.sdd/config.yaml', ['version: 1', 'commands:', '  allow:', ...['good', 'bad', 'none'].map((f) => `    - ${run(f)}`), ''].join('\n'));
    repo.write('tests/good/good.test.mjs', "import { it, expect } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n");
    repo.write('tests/bad/bad.test.mjs', "import { it, expect } from 'vitest';\nit('subtracts', () => expect(2 - 1).toBe(0));\n");
    const steps = ['good', 'bad', 'none'].map((folder, index) => `${index + 1}. The tests pass: \`${run(folder)}\``);
    const checks = ['good', 'bad', 'none'].map((folder, index) => `${index + 1}: { kind: command, run: ${run(folder)} }`);
    repo.write('.sdd/specification/spec-0001-tests.md', ['---', 'title: "Spec 0001: tests"', '---', '', '## Validation steps', '', ...steps, '', '```yaml sdd-checks', ...checks, '```', ''].join('\n'));
    const result = await runSdd(['validate', '--format', 'json', '--no-cache'], { cwd: repo.root });
    const report = JSON.parse(result.stdout) as ValidateResult;
    const evidence = report.specs[0]!.steps.map((step) => step.evidence!.checks[0]!);
    expect(evidence.map((check) => check.status)).toEqual(['pass', 'fail', 'fail']);
    for (const check of evidence) expect(JSON.stringify(check.evidence)).toContain('one vitest run for 3 step commands');
    expect(JSON.stringify(evidence[1]!.evidence)).toContain('bad.test.mjs › subtracts failed');
    expect(evidence[2]!.summary).toContain('no test file matches `tests/none`');
    expect(JSON.stringify(evidence[0]!.evidence)).toContain('`node_modules/.bin/vitest run tests/bad tests/good tests/none`');
  }, 60_000);
});
