import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { validate, type ValidateOptions } from '../../src/validate.js';
import { CONFIG, commitSpec, recordTextOf, SPEC_1, SPEC_2, SPEC_3, SPEC_4, type SpecInput } from '../support/history-specs.js';
import { recordFile, specFile } from '../support/markdown.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// An old spec's result is reused while nothing it read has changed (spec 0032): the run that
// reuses it must give exactly the result a run without any cache gives.

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0)) await undo();
});

/** The three-spec history, with the cache in a folder of its own outside the repository. */
async function history(): Promise<{ repo: TempRepo; commits: string[]; cacheDir: string }> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'sdd-reuse-cache-'));
  const repo = createRepo();
  cleanup.push(async () => repo.dispose(), () => rm(cacheDir, { recursive: true, force: true }));
  const config = `${CONFIG}cache:\n  dir: ${cacheDir}\n`;
  const spec1: SpecInput = { ...SPEC_1, files: { ...SPEC_1.files, '.sdd/config.yaml': config } };
  const commits = [commitSpec(repo, spec1), commitSpec(repo, SPEC_2), commitSpec(repo, SPEC_3)];
  return { repo, commits, cacheDir };
}

interface Run {
  result: ValidateResult;
  /** How many specs the run took from the store (its progress line), 0 when none. */
  reused: number;
}

async function run(repo: TempRepo, options: Partial<ValidateOptions> = {}): Promise<Run> {
  const messages: string[] = [];
  const result = await validate({ root: repo.root, progress: (message) => messages.push(message), ...options });
  const line = messages.find((message) => / reused from an earlier run/.test(message));
  return { result, reused: line ? Number(/^(\d+) spec/.exec(line)?.[1]) : 0 };
}

/** Durations are the only part of a result that differs from run to run. */
function comparable(result: ValidateResult): unknown {
  return JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'durationMs' ? undefined : value)));
}

/** Runs with the store as it is and checks the result against a run with no cache. */
async function againstFresh(repo: TempRepo, options: Partial<ValidateOptions> = {}): Promise<Run> {
  const cached = await run(repo, options);
  const fresh = await run(repo, { ...options, cache: false });
  expect(comparable(cached.result)).toEqual(comparable(fresh.result));
  return cached;
}

/** Fills the store, runs again, and checks the second run's result against a run with no cache. */
async function reusedEqualsFresh(repo: TempRepo, options: Partial<ValidateOptions> = {}): Promise<Run> {
  await run(repo, options);
  const second = await run(repo, options);
  const fresh = await run(repo, { ...options, cache: false });
  expect(fresh.reused).toBe(0);
  expect(comparable(second.result)).toEqual(comparable(fresh.result));
  return second;
}

describe('an old spec’s result is reused while nothing it read has changed', () => {
  it('a reused result equals a fresh run’s, at every commit of the history', async () => {
    const { repo, commits } = await history();
    // At HEAD, no base: specs 1 and 2 are old and clean (spec 1 superseded by spec 3, spec 2 confirmed).
    const atHead = await reusedEqualsFresh(repo);
    expect(atHead.reused).toBeGreaterThanOrEqual(2);
    expect(atHead.result.summary.steps.superseded).toBe(1);

    // A pull request on a branch, validated against main: spec 4 is its own and changes the Dockerfile.
    repo.git('checkout', '-q', '-b', 'feature');
    commitSpec(repo, SPEC_4);
    // Against main's stored results: specs 1 and 3 read the Dockerfile, so only spec 2 is reused.
    const firstPush = await againstFresh(repo, { base: commits[2] });
    expect(firstPush.reused).toBe(1);
    // Run again on the same tree, every old spec is reused (their reads have not changed since).
    const pullRequest = await reusedEqualsFresh(repo, { base: commits[2] });
    expect(pullRequest.reused).toBe(3);
    // Spec 2 is settled (counted, not listed); specs 1 and 3 are listed, reused from the heads the settled summary keeps.
    expect(pullRequest.result.specs.map((spec) => spec.spec.number)).toEqual([1, 3, 4]);
    expect(pullRequest.result.settled?.specs.map((spec) => spec.file)).toEqual(['.sdd/specification/spec-0002-readme.md']);

    // The pull request one commit later, with an uncommitted edit to spec 2's README: spec 2 is compared again.
    repo.write('notes.txt', 'unrelated\n');
    repo.commit('notes');
    repo.write('README.md', 'hello again\n');
    const dirty = await againstFresh(repo, { base: commits[2] });
    expect(dirty.reused).toBe(2);
  });

  it('an old spec whose artifact the pull request changes is compared again', async () => {
    const { repo, commits } = await history();
    await run(repo, { base: commits[2] });
    repo.git('checkout', '-q', '-b', 'feature');
    // README.md is spec 2's artifact; this commit has no record: spec 2's row now has an undescribed later change.
    repo.write('README.md', 'hello, changed\n');
    repo.commit('touch the readme');
    const after = await againstFresh(repo, { base: commits[2] });
    const spec2 = after.result.specs.find((spec) => spec.spec.number === 2);
    expect(spec2?.findings.map((finding) => finding.ruleId)).toContain('drift/unrecorded-change');
    // Specs 1 and 3 read nothing that changed; spec 2 (its artifact) is compared again.
    expect(after.reused).toBe(2);
  });

  it('a new record that claims an old spec makes it compared again, with the duplicate reported', async () => {
    const { repo, commits } = await history();
    await run(repo);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('.sdd/provenance/spec-0002-readme-again.provenance.md', recordTextOf(SPEC_2));
    repo.commit('a second record for spec 2');
    const second = await run(repo, { base: commits[2] });
    const fresh = await run(repo, { base: commits[2], cache: false });
    expect(comparable(second.result)).toEqual(comparable(fresh.result));
    const rules = second.result.findings.concat(second.result.specs.flatMap((spec) => spec.findings)).map((finding) => finding.ruleId);
    expect(rules).toContain('provenance/duplicate-record');
  });

  it('--spec selects among reused specs as among parsed ones', async () => {
    const { repo } = await history();
    await run(repo);
    const only = await run(repo, { specs: ['2'] });
    const fresh = await run(repo, { specs: ['2'], cache: false });
    expect(only.reused).toBeGreaterThanOrEqual(1);
    expect(comparable(only.result)).toEqual(comparable(fresh.result));
    expect(only.result.specs.map((spec) => spec.spec.file)).toEqual([specFile(SPEC_2)]);
  });

  it('a corrupt or foreign entry is a miss, never a result', async () => {
    const { repo, cacheDir } = await history();
    await run(repo);
    // Every stored entry overwritten: one with bad JSON, the others with another spec's entry.
    const files = await entryFiles(cacheDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await writeFile(file, '{ not json');
    const after = await run(repo);
    const fresh = await run(repo, { cache: false });
    expect(after.reused).toBe(0);
    expect(comparable(after.result)).toEqual(comparable(fresh.result));
  });

  it('a record changed after its result was stored is compared again (the stored result is not its verdict)', async () => {
    const { repo } = await history();
    await run(repo);
    // A lie added to spec 2's record in a later commit: the record is read, so the result is not reused.
    repo.write(recordFile(SPEC_2), recordTextOf(SPEC_2).replace('| `README.md` | Created |', '| `README.md` | Created |\n| `phantom.txt` | Created |'));
    repo.commit('spec 0002: record amended');
    const after = await run(repo);
    const fresh = await run(repo, { cache: false });
    expect(comparable(after.result)).toEqual(comparable(fresh.result));
    expect(after.result.exitCode).toBe(1);
  });

  it('a result that read a file git ignores is never stored, so a change to that file is seen', async () => {
    const { repo } = await history();
    repo.write('.gitignore', 'build/\n');
    repo.write('build/out.txt', 'ok\n');
    commitSpec(repo, {
      number: 4,
      slug: 'build-output',
      steps: [{ text: '`build/out.txt` contains `ok`', check: '{ kind: file.contains, path: build/out.txt, text: ok }', claim: 'Pass' }],
      files: {},
      artifacts: [['.gitignore', 'Created']],
    });
    await run(repo);
    repo.write('build/out.txt', 'bad\n');
    const after = await againstFresh(repo);
    const SPEC_4 = after.result.specs.find((spec) => spec.spec.number === 4);
    expect(SPEC_4?.steps[0]?.actual).toBe('fail');
    expect(after.reused).toBe(3);
  });

  it('a result stored at a commit that a rebase took off the history is checked read by read, and equals a fresh run', async () => {
    const { repo } = await history();
    await run(repo);
    // The commit the results were stored at is rewritten: spec 3's record and the Dockerfile now
    // last changed in a commit the stored results never saw; spec 2 read nothing that did.
    repo.git('commit', '-q', '--amend', '-m', 'spec 0003, reworded');
    const after = await againstFresh(repo);
    expect(after.reused).toBe(1);
  });

  it('a later commit that adds a file under a folder a result read makes it compared again', async () => {
    const { repo } = await history();
    commitSpec(repo, {
      number: 4,
      slug: 'docs-folder',
      steps: [{ text: '`docs/a.md` exists', check: '{ kind: file.exists, path: docs/a.md }', claim: 'Pass' }],
      files: { 'docs/a.md': 'a\n' },
      artifacts: [['docs/', 'Created']],
    });
    // Every result is stored, spec 4's too: a run on the same tree reuses all four.
    expect((await reusedEqualsFresh(repo)).reused).toBe(4);
    repo.write('docs/b.md', 'b\n');
    repo.commit('more docs, no record');
    const after = await againstFresh(repo);
    // Spec 4's folder row now has a later change no record describes; the other old specs are reused.
    expect(after.result.specs.find((spec) => spec.spec.number === 4)?.findings.map((finding) => finding.ruleId)).toContain('drift/unrecorded-change');
    expect(after.reused).toBe(3);
  });

  it('a result that read a symbolic link is never stored: its commits vouch for the link, not its target', async () => {
    const { repo } = await history();
    repo.write('.gitignore', 'build/\n');
    repo.write('build/target.txt', 'ok\n');
    await symlink('build/target.txt', path.join(repo.root, 'link.txt'));
    commitSpec(repo, {
      number: 4,
      slug: 'linked',
      steps: [{ text: '`link.txt` contains `ok`', check: '{ kind: file.contains, path: link.txt, text: ok }', claim: 'Pass' }],
      files: {},
      artifacts: [['link.txt', 'Created']],
    });
    await run(repo);
    repo.write('build/target.txt', 'bad\n');
    const after = await againstFresh(repo);
    expect(after.result.specs.find((spec) => spec.spec.number === 4)?.steps[0]?.actual).toBe('fail');
  });
});

async function entryFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}
