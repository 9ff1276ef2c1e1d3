import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpecResult, ValidateResult } from '../../src/model/index.js';
import { render } from '../../src/report/index.js';
import { runSdd } from '../support/cli.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { commitSpec, recordTextOf, SPEC_1, SPEC_3, specTextOf, threeSpecs } from '../support/history-specs.js';
import { recordFile, specFile } from '../support/markdown.js';

// Each record is judged at its own change (docs/history.md): a later, legitimate change
// supersedes an old step instead of failing it; a claim false at its own commit still fails.

const repos: TempRepo[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) repo.dispose();
});

async function fixture(overrides: Parameters<typeof threeSpecs>[0] = {}) {
  const made = threeSpecs(overrides);
  repos.push(made.repo);
  return made;
}

async function validateJson(repo: TempRepo, ...flags: string[]): Promise<{ code: number; result: ValidateResult }> {
  const run = await runSdd(['validate', '--format', 'json', '--no-cache', ...flags], { cwd: repo.root });
  return { code: run.code, result: JSON.parse(run.stdout) as ValidateResult };
}

const specOf = (result: ValidateResult, number: number): SpecResult => {
  const found = result.specs.find((spec) => spec.spec.number === number);
  if (!found) throw new Error(`no spec ${number}`);
  return found;
};

describe('a later spec legitimately changes what an earlier one made', () => {
  it('validates with exit 0, spec 1 step 1 superseded by spec 3’s commit, shown as info', async () => {
    const { repo, commits } = await fixture();
    const { code, result } = await validateJson(repo);
    expect(result.summary.findings.error).toBe(0);
    expect(code).toBe(0);
    const step = specOf(result, 1).steps[0];
    expect(step?.verdict).toBe('superseded');
    expect(step?.actual).toBe('pass');
    expect(step?.evidence?.history).toEqual({
      at: commits[0],
      now: 'fail',
      laterChange: { commit: commits[2], subject: 'spec 0003: node24', spec: specFile(SPEC_3) },
    });
    const superseded = specOf(result, 1).findings.filter((finding) => finding.ruleId === 'history/superseded');
    expect(superseded).toHaveLength(1);
    expect(superseded[0]).toMatchObject({ severity: 'info', location: { file: recordFile(SPEC_1) } });
    expect(superseded[0]?.message).toContain(commits[2]?.slice(0, 7));
    expect(result.summary.steps.superseded).toBe(1);
    // Spec 3's own step is judged on today's tree and confirmed.
    expect(specOf(result, 3).steps[0]?.verdict).toBe('confirmed');
    // Judged at its own commit, HEAD: nothing it reads changed since.
    expect(specOf(result, 3).steps[0]?.evidence?.history).toEqual({ at: commits[2], now: 'pass', laterChange: null });
  });

  it('judges an old record’s artifacts at its own commit: a file a later spec deleted is not missing', async () => {
    const { result, code } = await fixture({
      spec3: {
        steps: [{ text: '`Dockerfile` is gone', check: '{ kind: file.absent, path: Dockerfile }', claim: 'Pass' }],
        files: { Dockerfile: null },
        artifacts: [['Dockerfile', 'Deleted']],
      },
    }).then(async ({ repo }) => ({ ...(await validateJson(repo)) }));
    expect(result.summary.findings.error).toBe(0);
    expect(code).toBe(0);
    const spec1 = specOf(result, 1);
    expect(spec1.findings.map((finding) => finding.ruleId)).not.toContain('drift/missing');
    expect(spec1.artifacts.find((row) => row.path === 'Dockerfile')?.verdict).toBe('match');
    // The record that deleted it is judged as its own change left the tree.
    expect(specOf(result, 3).artifacts.find((row) => row.path === 'Dockerfile')?.verdict).toBe('match');
  });

  it('names the commit that broke the step, not an earlier one that touched its file and kept it true', async () => {
    const repo = createRepo();
    repos.push(repo);
    const first = commitSpec(repo, SPEC_1);
    repo.write('Dockerfile', 'FROM node:22\nRUN true\n');
    const harmless = repo.commit('chore: a build step');
    const breaking = commitSpec(repo, SPEC_3);
    const { code, result } = await validateJson(repo);
    expect(code).toBe(0);
    const step = specOf(result, 1).steps[0];
    expect(step?.verdict).toBe('superseded');
    expect(step?.evidence?.history?.at).toBe(first);
    expect(step?.evidence?.history?.laterChange?.commit).toBe(breaking);
    expect(step?.evidence?.history?.laterChange?.commit).not.toBe(harmless);
  });

  it('leaves a command step of an older record Not re-run, naming the commit that changed the tree', async () => {
    const { repo, commits } = await fixture();
    const { result } = await validateJson(repo);
    const step = specOf(result, 1).steps[1];
    expect(step?.actual).toBe('not-re-run');
    expect(step?.verdict).toBe('not-re-run');
    expect(step?.evidence?.checks[0]?.reason).toContain(commits[1]?.slice(0, 7));
    expect(result.summary.steps.notReRun).toBe(1);
  });

  it('says so in the terminal report', async () => {
    const { repo, commits } = await fixture();
    const run = await runSdd(['validate', '--no-cache'], { cwd: repo.root });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`confirmed at ${commits[0]?.slice(0, 7)}, superseded by ${commits[2]?.slice(0, 7)} (spec 0003: node24) of ${specFile(SPEC_3)}; now: Fail`);
    expect(run.stdout).toMatch(/1 not re-run, 1 superseded · 0 errors, 0 warnings, 1 info/);
  });

  it('shows superseded and not re-run in every report format: info and skipped, never a failure', async () => {
    const { repo, commits } = await fixture();
    const { result } = await validateJson(repo);
    const later = commits[2]?.slice(0, 7) ?? '';
    const markdown = render(result, 'markdown');
    expect(markdown).toContain(`superseded by ${later}`);
    expect(markdown).toContain('Not re-run');
    const html = render(result, 'html');
    expect(html).toContain(`<div class="history">confirmed at ${commits[0]?.slice(0, 7)}, superseded by ${later}`);
    expect(html).toContain('data-status="not-re-run"');
    const junit = render(result, 'junit');
    expect(junit).toMatch(new RegExp(`<system-out>confirmed at \\w+, superseded by ${later}`));
    expect(junit).toMatch(/<skipped message="Not re-run: /);
    expect(junit).not.toContain('<failure');
    const sarif = JSON.parse(render(result, 'sarif')) as { runs: { results: { ruleId: string; level: string }[] }[] };
    expect(sarif.runs[0]?.results.filter((r) => r.ruleId === 'history/superseded').map((r) => r.level)).toEqual(['note']);
    expect(render(result, 'annotations')).toMatch(/^::notice .*superseded/m);
  });

  it('judged on today’s tree only (the old way), the same history fails: what this spec fixes', async () => {
    const { repo } = await fixture();
    // `invariants: all` asks for exactly that: every step holds on every later tree.
    repo.write(specFile(SPEC_1), specTextOf({ ...SPEC_1, frontMatter: ['invariants: all'] }));
    repo.commit('spec 0001: its steps are invariants');
    const { code, result } = await validateJson(repo);
    expect(code).toBe(1);
    const overclaimed = specOf(result, 1).findings.filter((finding) => finding.ruleId === 'drift/overclaimed');
    expect(overclaimed.map((finding) => finding.location?.line)).toEqual([34, 35]);
  });
});

describe('a record that lied at its own commit', () => {
  it('fails at the row’s line, although a later commit made the claim true', async () => {
    // Spec 1's change wrote node:20 and claimed node:22; spec 3 then (by chance) wrote node:22.
    const { repo } = await fixture({
      spec1: { files: { ...SPEC_1.files, Dockerfile: 'FROM node:20\n' } },
      spec3: {
        steps: [{ text: '`Dockerfile` contains `node:22`', check: "{ kind: file.contains, path: Dockerfile, text: 'node:22' }", claim: 'Pass' }],
        files: { Dockerfile: 'FROM node:22\n' },
      },
    });
    const { code, result } = await validateJson(repo);
    expect(code).toBe(1);
    const spec1 = specOf(result, 1);
    expect(spec1.steps[0]?.verdict).toBe('overclaimed');
    expect(spec1.steps[0]?.evidence?.history?.now).toBe('pass');
    const overclaimed = spec1.findings.filter((finding) => finding.ruleId === 'drift/overclaimed');
    expect(overclaimed).toHaveLength(1);
    expect(overclaimed[0]?.location).toMatchObject({ file: recordFile(SPEC_1), line: 34 });
  });

  it('an honest Fail at its own commit still fails the gate (spec/failing-step)', async () => {
    const { repo } = await fixture({
      spec1: {
        files: { ...SPEC_1.files, Dockerfile: 'FROM node:20\n' },
        steps: [{ ...SPEC_1.steps[0], claim: 'Fail' } as (typeof SPEC_1.steps)[number], SPEC_1.steps[1] as (typeof SPEC_1.steps)[number]],
      },
    });
    const { code, result } = await validateJson(repo);
    expect(code).toBe(1);
    const failing = specOf(result, 1).findings.filter((finding) => finding.ruleId === 'spec/failing-step');
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ severity: 'error', location: { file: recordFile(SPEC_1), line: 34 } });
    expect(specOf(result, 1).steps[0]?.verdict).toBe('confirmed');
  });
});

describe('--history full', () => {
  const worktreeFolders = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith('sdd-worktree-'));

  it('re-runs an old record’s command in a temporary worktree at its commit, then removes it', async () => {
    const { repo } = await fixture();
    const before = worktreeFolders();
    const { code, result } = await validateJson(repo, '--history', 'full');
    expect(code).toBe(0);
    const step = specOf(result, 1).steps[1];
    // `grep -q node:22 Dockerfile` fails on today's tree (node:24): it passed because it ran at spec 1's commit.
    expect(step?.actual).toBe('pass');
    expect(step?.verdict).toBe('confirmed');
    expect(step?.evidence?.checks[0]?.summary).toBe('`grep -q node:22 Dockerfile` exited 0');
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(worktreeFolders()).toEqual(before);
  });

  it('runs history.setup in the worktree first, and says Not run when it is not allowed', async () => {
    const { repo } = await fixture();
    repo.write('.sdd/config.yaml', ['version: 1', 'commands:', '  allow:', '    - grep -q node:22 Dockerfile', 'history:', '  setup: touch installed', ''].join('\n'));
    repo.commit('config: a setup command that is not allowed');
    const { result } = await validateJson(repo, '--history', 'full');
    const check = specOf(result, 1).steps[1]?.evidence?.checks[0];
    expect(check?.status).toBe('not-run');
    expect(check?.reason).toContain('history.setup `touch installed` is not allowed');
  });
});

describe('--base in a pull request', () => {
  it('judges a merged record at its own change: neither its artifacts nor its steps against the pull request', async () => {
    const { repo, commits } = await fixture();
    const base = commits[2] ?? '';
    repo.git('checkout', '-q', '-b', 'feature');
    commitSpec(repo, {
      number: 4,
      slug: 'node26',
      steps: [{ text: '`Dockerfile` contains `node:26`', check: "{ kind: file.contains, path: Dockerfile, text: 'node:26' }", claim: 'Pass' }],
      files: { Dockerfile: 'FROM node:26\n' },
      artifacts: [['Dockerfile', 'Modified']],
    });
    const { code, result } = await validateJson(repo, '--base', base);
    expect(result.findings).toEqual([]);
    expect(result.specs.flatMap((spec) => spec.findings.filter((finding) => finding.severity === 'error'))).toEqual([]);
    expect(result.summary.findings.error).toBe(0);
    expect(code).toBe(0);
    // Spec 1's record lists its own change; spec 4's record is judged against the pull request.
    expect(specOf(result, 1).change?.source).toBe('record-commits');
    expect(specOf(result, 1).artifacts.every((artifact) => artifact.verdict === 'match')).toBe(true);
    expect(specOf(result, 4).change?.source).toBe('base-range');
    // Spec 3 (merged) is superseded by the pull request's commit, as spec 1 is by spec 3.
    expect(specOf(result, 3).steps[0]?.verdict).toBe('superseded');
  });

  it('verifies the pull request’s own records in full on its tree', async () => {
    const { repo, commits } = await fixture();
    repo.git('checkout', '-q', '-b', 'feature');
    // The pull request re-does spec 1's record (an amendment): judged on today's tree, where node:22 is gone.
    repo.write(recordFile(SPEC_1), recordTextOf(SPEC_1).replace('Did the work.', 'Did the work again.'));
    repo.commit('spec 0001: record amended');
    const { code, result } = await validateJson(repo, '--base', commits[2] ?? '');
    expect(code).toBe(1);
    expect(specOf(result, 1).steps[0]?.evidence?.history).toBeUndefined();
    expect(specOf(result, 1).steps[0]?.verdict).toBe('overclaimed');
  });
});

describe('a record still uncommitted', () => {
  it('is judged on the working tree, as an agent validating before its commit expects', async () => {
    const { repo } = await fixture();
    execFileSync('git', ['reset', '-q', '--soft', 'HEAD~1'], { cwd: repo.root });
    const { result } = await validateJson(repo);
    expect(specOf(result, 3).steps[0]?.evidence?.history).toBeUndefined();
    expect(specOf(result, 3).steps[0]?.verdict).toBe('confirmed');
    // Spec 1 is superseded by uncommitted work in the working tree.
    expect(specOf(result, 1).steps[0]?.evidence?.history?.laterChange).toEqual({ commit: null, subject: null, spec: null });
    expect(specOf(result, 1).steps[0]?.verdict).toBe('superseded');
  });
});
