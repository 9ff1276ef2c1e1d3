import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runValidation } from '../../src/index.js';
import type { SpecResult, ValidateResult } from '../../src/model/index.js';
import { render } from '../../src/report/index.js';
import { validate, type ValidateOptions } from '../../src/validate.js';
import { CONFIG, commitSpec, recordTextOf, SPEC_1, SPEC_2, SPEC_3, SPEC_4, type SpecInput } from '../support/history-specs.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// A pull request's run lists what the pull request touched (spec 0039): with --base, an old spec
// whose reads the pull request did not change is "settled": counted in the result's `settled` group
// (spec 0052), or listed in short when it has findings, its counts kept, whether its result was
// computed now, reused from the store, or vouched for by the settled summary.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0)) await undo();
});

/** Specs 1–3 on main (the cache outside the repository), then a branch whose spec 4 moves the Dockerfile to node:26. */
async function pullRequest(overrides: { spec2?: Partial<SpecInput> } = {}): Promise<{ repo: TempRepo; base: string; cacheDir: string }> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'sdd-settled-cache-'));
  const repo = createRepo();
  cleanup.push(async () => repo.dispose(), () => rm(cacheDir, { recursive: true, force: true }));
  const config = `${CONFIG}cache:\n  dir: ${cacheDir}\n`;
  commitSpec(repo, { ...SPEC_1, files: { ...SPEC_1.files, '.sdd/config.yaml': config } });
  commitSpec(repo, { ...SPEC_2, ...overrides.spec2 });
  const base = commitSpec(repo, SPEC_3);
  repo.git('checkout', '-q', '-b', 'feature');
  commitSpec(repo, SPEC_4);
  return { repo, base, cacheDir };
}

/** The cache's entries whose value has all these keys, by file (the settled summary: base, at, entries, heads). */
function cacheEntriesWith(cacheDir: string, keys: string[]): { file: string; value: Record<string, unknown> }[] {
  const found: { file: string; value: Record<string, unknown> }[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.json')) {
        const value = (JSON.parse(readFileSync(file, 'utf8')) as { value?: unknown }).value;
        if (typeof value === 'object' && value !== null && keys.every((key) => key in value)) found.push({ file, value: value as Record<string, unknown> });
      }
    }
  };
  walk(cacheDir);
  return found;
}

/** The file of every spec's head: one entry keyed by spec files. */
function headsFile(cacheDir: string): string | undefined {
  return cacheEntriesWith(cacheDir, ['.sdd/specification/spec-0001-docker.md']).find(({ value }) => !('entries' in value))?.file;
}

const numbered = (result: ValidateResult, number: number): SpecResult | undefined => result.specs.find((spec) => spec.spec.number === number);
const settledFiles = (result: ValidateResult): string[] => (result.settled?.specs ?? []).map((spec) => spec.file);
const SPEC_2_FILE = '.sdd/specification/spec-0002-readme.md';

/** Durations are the only part of a result that differs from run to run. */
function comparable(result: ValidateResult): unknown {
  return JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'durationMs' ? undefined : value)));
}

async function run(repo: TempRepo, options: Partial<ValidateOptions> = {}): Promise<ValidateResult> {
  return validate({ root: repo.root, ...options });
}

describe('with --base, old specs the pull request did not touch are settled and counted', () => {
  it('counts a settled spec without findings in the settled group, and keeps its counts in the summary', async () => {
    const { repo, base } = await pullRequest();
    const result = await run(repo, { base, cache: false });
    // Spec 2 read README.md, which nothing after the base changed; specs 1 and 3 read the Dockerfile, which spec 4 changed.
    expect(numbered(result, 2)).toBeUndefined();
    expect(result.settled).toEqual({
      base: repo.git('rev-parse', base).trim(),
      specs: [{ file: SPEC_2_FILE, record: '.sdd/provenance/spec-0002-readme.provenance.md' }],
      counts: expect.objectContaining({ steps: expect.objectContaining({ pass: 1 }) }),
      coverage: expect.objectContaining({ steps: 1 }),
    });
    for (const number of [1, 3, 4]) expect(numbered(result, number)?.settled).toBeUndefined();
    expect(numbered(result, 1)?.steps.length).toBe(2);
    expect(result.summary.settled).toBe(1);
    expect(result.summary.specs).toBe(4);

    // The same history without --base lists every spec in full: the summary's counts are the same.
    const full = await run(repo, { cache: false });
    expect(full.specs.every((spec) => spec.settled === undefined)).toBe(true);
    const { settled, ...counts } = result.summary;
    expect(settled).toBe(1);
    expect(counts).toEqual(full.summary);
    expect(result.exitCode).toBe(full.exitCode);
  });

  it('gives the same result whether the settled spec was computed now or reused from the store', async () => {
    const { repo, base } = await pullRequest();
    const progress: string[] = [];
    await run(repo, { base });
    const reused = await run(repo, { base, progress: (message) => progress.push(message) });
    expect(progress.some((message) => /^3 specs reused/.test(message))).toBe(true);
    const fresh = await run(repo, { base, cache: false });
    expect(comparable(reused)).toEqual(comparable(fresh));
    expect(settledFiles(reused)).toEqual([SPEC_2_FILE]);
    // Without --base the reused results are listed in full, steps and artifacts read back from the store.
    const whole = await run(repo);
    expect(comparable(whole)).toEqual(comparable(await run(repo, { cache: false })));
    expect(numbered(whole, 2)?.steps.length).toBe(1);
  });

  it('lists a spec in full again when the working tree changes what it read', async () => {
    const { repo, base } = await pullRequest();
    await run(repo, { base });
    repo.write('README.md', 'hello, edited\n');
    const result = await run(repo, { base });
    expect(numbered(result, 2)?.settled).toBeUndefined();
    expect(numbered(result, 2)?.steps.length).toBe(1);
    expect(result.summary.settled).toBeUndefined();
    expect(result.settled).toBeUndefined();
  });

  it('keeps a settled spec’s findings: a record false at its own commit still fails the run, with its row named', async () => {
    // Spec 2's record claims Pass for `hello`, and its own commit wrote `bye`.
    const { repo, base } = await pullRequest({ spec2: { files: { 'README.md': 'bye\n' } } });
    const result = await run(repo, { base, cache: false });
    const spec2 = numbered(result, 2);
    expect(spec2?.settled?.counts.steps.fail).toBe(1);
    const overclaimed = spec2?.findings.find((finding) => finding.ruleId === 'drift/overclaimed');
    expect(overclaimed?.location?.file).toBe('.sdd/provenance/spec-0002-readme.provenance.md');
    expect(result.exitCode).toBe(1);
    // The terminal report shows the settled spec's heading, its settled line and the finding.
    const text = render(result, 'text');
    expect(text).toContain('settled at base');
    expect(text).toMatch(/spec-0002-readme\.provenance\.md:\d+:\d+ +error +step 1 is claimed Pass/);
  });

  it('says in one line how many quiet settled specs each report leaves out', async () => {
    const { repo, base } = await pullRequest();
    const result = await run(repo, { base, cache: false });
    const short = base.slice(0, 7);
    expect(render(result, 'text')).toContain(`1 spec settled at base ${short} (nothing it read changed after it): not listed; run without --base to list it`);
    expect(render(result, 'text')).toContain('4 specs (1 settled)');
    expect(render(result, 'markdown')).toContain(`1 spec settled at base ${short}`);
    expect(render(result, 'html')).toContain(`1 spec settled at base ${short}`);
    expect(render(result, 'junit')).toContain('name="1 spec settled before the pull request"');
    // Without --base, nothing is said of settled specs.
    expect(render(await run(repo, { cache: false }), 'text')).not.toContain('settled');
  });

  it('gives the same report from the settled summary as from stored heads and from --no-cache', async () => {
    const { repo, base, cacheDir } = await pullRequest();
    // The first run reads the stored heads (there are none yet) and leaves a settled summary.
    const first = await run(repo, { base });
    const [summary] = cacheEntriesWith(cacheDir, ['base', 'at', 'entries', 'heads']);
    expect(summary?.value.base).toBe(repo.git('rev-parse', base).trim());
    // Each entry is a row, its spec file first.
    expect((summary?.value.entries as unknown[][]).map((row) => row[0])).toEqual([SPEC_2_FILE]);
    // Specs 1 and 3 are old but read what the pull request changed: their heads are kept in the summary.
    expect(Object.keys(summary?.value.heads ?? {}).sort()).toEqual(['.sdd/specification/spec-0001-docker.md', '.sdd/specification/spec-0003-node24.md']);
    // Without the file of every spec's head, the summary alone serves the next run.
    const heads = headsFile(cacheDir);
    expect(heads).toBeDefined();
    rmSync(heads as string);
    const progress: string[] = [];
    const fromSummary = await run(repo, { base, progress: (message) => progress.push(message) });
    expect(progress).toContain('3 specs reused from an earlier run: nothing they read has changed (--no-cache checks them again)');
    const fresh = await run(repo, { base, cache: false });
    expect(comparable(fromSummary)).toEqual(comparable(fresh));
    expect(comparable(first)).toEqual(comparable(fresh));
    expect(render(fromSummary, 'json').replace(/"durationMs": \d+/g, '')).toBe(render(fresh, 'json').replace(/"durationMs": \d+/g, ''));
    // An unchanged summary is not written again.
    const written = readFileSync(summary?.file as string, 'utf8');
    await run(repo, { base });
    expect(readFileSync(summary?.file as string, 'utf8')).toBe(written);
  });

  it('takes a spec out of the settled summary when the pull request changes what it read', async () => {
    const { repo, base } = await pullRequest();
    await run(repo, { base });
    // A later commit of the pull request changes README.md, which spec 2 read: spec 2 is compared again.
    repo.write('README.md', 'hello, reworded\n');
    repo.commit('reword the readme');
    const after = await run(repo, { base });
    expect(after.settled).toBeUndefined();
    expect(numbered(after, 2)?.findings.map((finding) => finding.ruleId)).toContain('drift/unrecorded-change');
    expect(comparable(after)).toEqual(comparable(await run(repo, { base, cache: false })));
    // So does an uncommitted change to it (an ignored file where it looked: "does not replay a run once an ignored file appears…").
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    await run(repo, { base });
    repo.write('README.md', 'hello, uncommitted\n');
    const dirty = await run(repo, { base });
    expect(settledFiles(dirty)).toEqual([]);
    expect(comparable(dirty)).toEqual(comparable(await run(repo, { base, cache: false })));
  });

  it('compares a spec of the settled summary again when a record of the pull request claims it', async () => {
    const { repo, base } = await pullRequest();
    await run(repo, { base });
    // A second record for spec 2: the summary's entry still holds by its reads, but the new record names spec 2.
    repo.write('.sdd/provenance/spec-0002-readme-again.provenance.md', recordTextOf(SPEC_2));
    repo.commit('a second record for spec 2');
    const claimed = await run(repo, { base });
    expect(comparable(claimed)).toEqual(comparable(await run(repo, { base, cache: false })));
    const rules = [...claimed.findings, ...claimed.specs.flatMap((spec) => spec.findings)].map((finding) => finding.ruleId);
    expect(rules).toContain('provenance/duplicate-record');
    expect(settledFiles(claimed)).not.toContain(SPEC_2_FILE);
  });

  it('does not use a settled summary made for a newer base, nor a corrupt one', async () => {
    const { repo, base, cacheDir } = await pullRequest();
    // Made for base = the pull request's own commit: spec 4's record is settled there too.
    const head = repo.git('rev-parse', 'HEAD').trim();
    const newer = await run(repo, { base: head });
    expect(settledFiles(newer)).toContain('.sdd/specification/spec-0004-node26.md');
    const older = await run(repo, { base });
    expect(settledFiles(older)).toEqual([SPEC_2_FILE]);
    expect(comparable(older)).toEqual(comparable(await run(repo, { base, cache: false })));
    // A summary of another shape is a miss, never an error.
    for (const { file } of cacheEntriesWith(cacheDir, ['base', 'at', 'entries', 'heads'])) {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { value: { entries: unknown } };
      stored.value.entries = [{ spec: 'not an entry' }];
      writeFileSync(file, JSON.stringify(stored));
    }
    expect(comparable(await run(repo, { base }))).toEqual(comparable(older));
  });

  it('does not replay a run once an ignored file appears where a settled spec looked', async () => {
    const repo = createRepo();
    cleanup.push(async () => repo.dispose());
    const gone: SpecInput = {
      number: 1,
      slug: 'no-log',
      steps: [{ text: '`debug.log` does not exist', check: '{ kind: file.absent, path: debug.log }', claim: 'Pass' }],
      files: { '.gitignore': 'node_modules/\n*.log\n', '.sdd/config.yaml': 'version: 1\n' },
      artifacts: [['.gitignore', 'Created'], ['.sdd/config.yaml', 'Created']],
    };
    commitSpec(repo, gone);
    // Where the whole-run cache lives, as after `pnpm install`.
    repo.write('node_modules/.keep', '');
    const base = commitSpec(repo, SPEC_2);
    repo.write('notes.txt', 'a later change\n');
    repo.commit('notes');
    const once = async () => {
      const progress: string[] = [];
      let stdout = '';
      const code = await runValidation({
        root: repo.root,
        base,
        stdout: 'json',
        sinks: { stdout: (text) => (stdout += typeof text === 'string' ? text : Buffer.from(text).toString('utf8')), stderr: () => undefined },
        progress: (message) => progress.push(message),
      });
      return { code, settled: (JSON.parse(stdout) as ValidateResult).summary.settled, replayed: progress.some((message) => message.includes('replayed from the cache')) };
    };
    expect(await once()).toEqual({ code: 0, settled: 2, replayed: false });
    expect(await once()).toEqual({ code: 0, settled: 2, replayed: true });
    // The ignored file is in no `git status`: the ignored listing in the run's fingerprint sees it.
    repo.write('debug.log', 'oops\n');
    const after = await once();
    expect(after.replayed).toBe(false);
    expect(after.code).toBe(1);
  });
});
