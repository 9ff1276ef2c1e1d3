import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, ValidateResult } from '../../src/model/index.js';
import { runSdd } from '../support/cli.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { HONEST, RECORD, recordText, SPEC, specText, type RecordRows } from '../support/markdown.js';

// End to end: real markdown in a real git repository, through the CLI, as CI runs it.
let repo: TempRepo;
beforeEach(async () => {
  repo = createRepo();
});
afterEach(async () => {
  repo.dispose();
});

async function validateJson(...flags: string[]): Promise<{ code: number; result: ValidateResult }> {
  const run = await runSdd(['validate', '--format', 'json', '--no-cache', ...flags], { cwd: repo.root });
  expect(run.stderr).not.toContain('internal error');
  return { code: run.code, result: JSON.parse(run.stdout) as ValidateResult };
}

function allFindings(result: ValidateResult): Finding[] {
  return [...result.findings, ...result.specs.flatMap((spec) => spec.findings)];
}

function findingsOf(result: ValidateResult, ruleId: string): Finding[] {
  return allFindings(result).filter((finding) => finding.ruleId === ruleId);
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in text`);
  return index + 1;
}

async function commitWork(rows: RecordRows = HONEST, files: Record<string, string> = { 'hello.txt': 'hello world\n' }) {
  repo.write(SPEC, specText());
  for (const [file, text] of Object.entries(files)) repo.write(file, text);
  const record = recordText(rows);
  repo.write(RECORD, record);
  repo.commit('spec 0001: greeting');
  return record;
}

describe('sdd validate on a repository', () => {
  it('passes a clean repository whose record tells the truth', async () => {
    await commitWork();
    const { code, result } = await validateJson();
    expect(allFindings(result).filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
    expect(result.specs[0]?.steps.map((step) => step.verdict)).toEqual(['confirmed', 'confirmed']);
    expect(result.summary.claims).toMatchObject({ total: 2, verified: 2, contradicted: 0 });
  });

  it('reports an unlisted file the change touched', async () => {
    await commitWork(HONEST, { 'hello.txt': 'hello\n', 'extra.txt': 'x\n' });
    const { code, result } = await validateJson();
    const [unlisted] = findingsOf(result, 'drift/unlisted');
    expect(unlisted?.message).toContain('extra.txt');
    expect(unlisted?.location?.file).toBe(RECORD);
    expect(code).toBe(1);
  });

  it('reports a phantom row at its line', async () => {
    repo.write('old.txt', 'old\n');
    repo.commit('before');
    const rows: RecordRows = { ...HONEST, artifacts: [...HONEST.artifacts, ['old.txt', 'Modified']] };
    const record = await commitWork(rows);
    const { code, result } = await validateJson();
    const [phantom] = findingsOf(result, 'drift/phantom');
    expect(phantom?.location).toMatchObject({ file: RECORD, line: lineOf(record, '`old.txt`') });
    expect(code).toBe(1);
  });

  it('reports a wrong status and a deleted file that is still present', async () => {
    repo.write('gone.txt', 'still here\n');
    repo.commit('before');
    const rows: RecordRows = {
      ...HONEST,
      artifacts: [[SPEC, 'Created'], ['hello.txt', 'Modified'], ['gone.txt', 'Deleted'], [RECORD, 'Created']],
    };
    const record = await commitWork(rows);
    const { code, result } = await validateJson();
    expect(findingsOf(result, 'drift/wrong-status')[0]?.location?.line).toBe(lineOf(record, '`hello.txt`'));
    const stillPresent = [...findingsOf(result, 'drift/still-present'), ...findingsOf(result, 'drift/phantom')];
    expect(stillPresent.some((finding) => finding.location?.line === lineOf(record, '`gone.txt`'))).toBe(true);
    expect(code).toBe(1);
  });

  it('fails a Pass claimed on a check that fails, at the row', async () => {
    const record = await commitWork(HONEST, { 'hello.txt': 'goodbye\n' });
    const { code, result } = await validateJson();
    const [overclaimed] = findingsOf(result, 'drift/overclaimed');
    expect(overclaimed?.location).toMatchObject({ file: RECORD, line: lineOf(record, '| 2 |') });
    expect(result.specs[0]?.steps[1]).toMatchObject({ claimed: 'Pass', actual: 'fail', verdict: 'overclaimed' });
    expect(code).toBe(1);
  });

  it('reports missing and renumbered rows', async () => {
    const record = await commitWork({ ...HONEST, results: [['2', '`hello.txt` exists', 'Pass']] });
    const { code, result } = await validateJson();
    const rowRules = allFindings(result).filter((finding) => /row-count|row-numbering|missing-row|renumbered/.test(finding.ruleId));
    expect(rowRules.length).toBeGreaterThan(0);
    expect(rowRules.some((finding) => finding.location?.line === lineOf(record, '| 2 |'))).toBe(true);
    expect(code).toBe(1);
  });

  it('rejects a path that leaves the repository without reading it', async () => {
    const rows: RecordRows = { ...HONEST, artifacts: [...HONEST.artifacts, ['../outside.txt', 'Created']] };
    const record = await commitWork(rows);
    const { code, result } = await validateJson();
    const [outside] = findingsOf(result, 'drift/outside-repo');
    expect(outside?.location?.line).toBe(lineOf(record, '../outside.txt'));
    expect(code).toBe(1);
  });

  it('marks a record suspect when its spec changed afterwards, with the step diff; strict makes it an error', async () => {
    await commitWork();
    repo.write(SPEC, specText(['`hello.txt` exists', '`hello.txt` contains `hello` twice']));
    repo.commit('reword step 2');
    const { code, result } = await validateJson();
    const [suspect] = findingsOf(result, 'drift/suspect-record');
    expect(suspect?.severity).toBe('warning');
    expect(result.specs[0]?.record).toMatchObject({ status: 'suspect' });
    expect(result.specs[0]?.record?.stepChanges).toEqual([
      expect.objectContaining({ change: 'reworded', step: 2 }),
    ]);
    expect(code).toBe(0);
    const strict = await validateJson('--strict');
    expect(findingsOf(strict.result, 'drift/suspect-record')[0]?.severity).toBe('error');
    expect(strict.code).toBe(1);
  });

  it('reports rows that follow neither version of the spec at their line', async () => {
    const record = await commitWork({
      ...HONEST,
      results: [
        ['1', '`hello.txt` exists', 'Pass'],
        ['2', '`hello.txt` contains `hello`', 'Pass'],
        ['3', '`missing.txt` exists', 'Pass'],
      ],
    });
    const { code, result } = await validateJson();
    const mismatched = [...findingsOf(result, 'drift/mismatched-record'), ...findingsOf(result, 'provenance/row-count')];
    expect(mismatched.some((finding) => finding.location?.line === lineOf(record, '| 3 |'))).toBe(true);
    expect(code).toBe(1);
  });

  it('shows an artifact changed again by a later commit that no record describes', async () => {
    await commitWork();
    repo.write('hello.txt', 'hello again\n');
    const later = repo.commit('unrecorded edit');
    const { result } = await validateJson();
    const [unrecorded] = findingsOf(result, 'drift/unrecorded-change');
    expect(unrecorded?.message).toContain(later.slice(0, 7));
    const artifact = result.specs[0]?.artifacts.find((row) => row.path === 'hello.txt');
    expect(artifact?.laterCommits).toContain(later);
  });

  it('recognises a renamed artifact', async () => {
    repo.write('greeting.txt', 'hello world, a long enough greeting to keep rename similarity\n');
    repo.commit('before');
    repo.write(SPEC, specText());
    repo.git('mv', 'greeting.txt', 'hello.txt');
    const rows: RecordRows = { ...HONEST, artifacts: [[SPEC, 'Created'], ['hello.txt', 'Renamed — from `greeting.txt`'], [RECORD, 'Created']] };
    repo.write(RECORD, recordText(rows));
    repo.commit('rename');
    const { code, result } = await validateJson();
    const artifact = result.specs[0]?.artifacts.find((row) => row.path === 'hello.txt');
    expect(artifact).toMatchObject({ actual: 'renamed', verdict: 'match' });
    expect(code).toBe(0);
  });

  it('fails an empty record: nothing verified is not a pass', async () => {
    await commitWork({ artifacts: [], results: [] });
    const { code, result } = await validateJson();
    expect(findingsOf(result, 'drift/empty-record').length).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it('fails a repository without specs unless the configuration expects it', async () => {
    repo.write('README.md', '# nothing\n');
    repo.commit('empty');
    const { code, result } = await validateJson();
    expect(findingsOf(result, 'validate/no-specs')).toHaveLength(1);
    expect(code).toBe(1);
    repo.write('.sdd/config.yaml', 'expect:\n  noSpecs: true\n');
    expect((await validateJson()).code).toBe(0);
  });

  it('carries content digests for artifact rows and check inputs in the JSON report', async () => {
    await commitWork();
    const blob = repo.git('rev-parse', 'HEAD:hello.txt').trim();
    const { result } = await validateJson();
    const artifact = result.specs[0]?.artifacts.find((row) => row.path === 'hello.txt');
    expect(artifact).toMatchObject({ blob, commit: repo.git('rev-parse', 'HEAD').trim() });
    const inputs = result.specs[0]?.steps[1]?.evidence?.checks[0]?.inputs;
    expect(inputs).toEqual([{ path: 'hello.txt', blob }]);
  });

  it('gives the same result with and without the cache', async () => {
    await commitWork();
    repo.write('node_modules/.keep', '');
    const first = await runSdd(['validate', '--format', 'json'], { cwd: repo.root });
    const warm = await runSdd(['validate', '--format', 'json'], { cwd: repo.root });
    const uncached = await runSdd(['validate', '--format', 'json', '--no-cache'], { cwd: repo.root });
    // Durations are measurements of this run, not results: everything else must be identical.
    const withoutDurations = (json: string) => json.replace(/"durationMs": [\d.]+/g, '"durationMs": 0');
    expect(withoutDurations(warm.stdout)).toBe(withoutDurations(first.stdout));
    expect(withoutDurations(uncached.stdout)).toBe(withoutDurations(first.stdout));
  });

  it('keeps git\'s log of HEAD in the cache, and writes no cache where the repository has no node_modules', async () => {
    await commitWork();
    await runSdd(['validate', '--format', 'json'], { cwd: repo.root });
    expect(existsSync(path.join(repo.root, 'node_modules'))).toBe(false);
    repo.write('node_modules/.keep', '');
    await runSdd(['validate', '--format', 'json'], { cwd: repo.root });
    const dir = path.join(repo.root, 'node_modules/.cache/sdd');
    // The log is kept as text (spec 0044), one entry whose text is HEAD's history.
    const entries = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.txt'));
    const texts = await Promise.all(entries.map((name) => readFile(path.join(dir, name), 'utf8')));
    const head = repo.git('rev-parse', 'HEAD').trim();
    expect(texts.filter((text) => text.includes(head))).toHaveLength(1);
  });
});
