import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ValidateResult } from '../../src/model/index.js';
import { runSdd } from '../support/cli.js';

/**
 * CI checks out shallow by default. A record whose change lies beyond the
 * clone's history must give one clear error naming the fix, never a pass
 * and never wrong drift; a record whose change is inside it is judged.
 *
 * The fixture's history (oldest first), cloned over file:// so that the
 * depth applies:
 *   1 start      README.md
 *   2 greeting   spec 1, a.txt, a-extra.txt, record 1
 *   3 notes      notes.txt
 *   4 farewell   spec 2, b.txt, b-extra.txt, record 2
 *   5 later      later.txt                                  (HEAD)
 * Depth 3 fetches 3–5: record 2 inside, record 1 cut. Depth 1: both cut.
 * In the "dishonest" origin each record leaves out its `-extra.txt` file.
 */

const RECORD_1 = '.sdd/provenance/spec-0001-greeting.provenance.md';
const RECORD_2 = '.sdd/provenance/spec-0002-farewell.provenance.md';

let scratch: string;
const origins: Record<'honest' | 'dishonest', { root: string; commits: string[] }> = {
  honest: { root: '', commits: [] },
  dishonest: { root: '', commits: [] },
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

function specText(number: number, title: string, file: string): string {
  return `---\ntitle: "Spec ${number}: ${title}"\n---\n\n# Spec ${number}: ${title}\n\n## Validation steps\n\n1. \`${file}\` exists\n\n\`\`\`yaml sdd-checks\n1: { kind: file.exists, path: ${file} }\n\`\`\`\n`;
}

/** Spec, files and the record `sdd provenance draft` writes for them, committed together. */
async function recordedChange(root: string, number: number, slug: string, file: string, honest: boolean): Promise<void> {
  const specFile = `.sdd/specification/spec-000${number}-${slug}.md`;
  await mkdir(path.join(root, '.sdd/specification'), { recursive: true });
  writeFileSync(path.join(root, specFile), specText(number, slug, file));
  writeFileSync(path.join(root, file), `${slug}\n`);
  const extra = file.replace('.txt', '-extra.txt');
  writeFileSync(path.join(root, extra), `${slug}, more\n`);
  const drafted = await runSdd(['provenance', 'draft', String(number), '--agent', 'test', '--date', '2026-01-01'], { cwd: root });
  expect(drafted.code).toBe(0);
  const recordFile = drafted.stdout.trim();
  let record = readFileSync(path.join(root, recordFile), 'utf8').replace(/<!-- sdd: fill in: [^>]*-->/g, 'Filled in.');
  if (!honest) record = record.replace(`| \`${extra}\` | Created |\n`, '');
  writeFileSync(path.join(root, recordFile), record);
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', slug);
}

async function buildOrigin(honest: boolean): Promise<{ root: string; commits: string[] }> {
  const root = path.join(scratch, honest ? 'honest' : 'dishonest');
  await mkdir(root);
  git(root, 'init', '-q');
  const step = (file: string, message: string) => {
    writeFileSync(path.join(root, file), `${message}\n`);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', message);
  };
  step('README.md', 'start');
  await recordedChange(root, 1, 'greeting', 'a.txt', honest);
  step('notes.txt', 'notes');
  await recordedChange(root, 2, 'farewell', 'b.txt', honest);
  step('later.txt', 'later');
  return { root, commits: git(root, 'rev-list', '--reverse', 'HEAD').split('\n') };
}

let clones = 0;
function clone(kind: 'honest' | 'dishonest', depth: number | null): string {
  clones += 1;
  const target = path.join(scratch, `${kind}-${depth ?? 'full'}-${clones}`);
  const from = origins[kind].root;
  if (depth === null) git(scratch, 'clone', '-q', from, target);
  else git(scratch, 'clone', '-q', '--depth', String(depth), `file://${from}`, target);
  return target;
}

async function validate(cwd: string, ...flags: string[]) {
  const run = await runSdd(['validate', '--format', 'json', '--no-cache', '--quiet', ...flags], { cwd });
  if (run.code === 2) return { code: run.code, stderr: run.stderr, result: null, errors: [] as Finding[] };
  const result = JSON.parse(run.stdout) as ValidateResult;
  const all = [...result.findings, ...result.specs.flatMap((spec) => spec.findings)];
  return { code: run.code, stderr: run.stderr, result, errors: all.filter((finding) => finding.severity === 'error') };
}

const rules = (findings: readonly Finding[]) => findings.map((finding) => finding.ruleId).sort();

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sdd-shallow-'));
  origins.honest = await buildOrigin(true);
  origins.dishonest = await buildOrigin(false);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('a shallow clone', () => {
  it('a full clone of the honest repository passes, and git sees it as not shallow', async () => {
    const full = clone('honest', null);
    expect(git(full, 'rev-parse', '--is-shallow-repository')).toBe('false');
    const run = await validate(full, '--strict');
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('depth 1: one error naming both cut records and the fix, exit 1, with --strict or without', async () => {
    const shallow = clone('honest', 1);
    expect(git(shallow, 'rev-parse', '--is-shallow-repository')).toBe('true');
    for (const flags of [[], ['--strict']]) {
      const run = await validate(shallow, ...flags);
      expect(run.code).toBe(1);
      expect(rules(run.errors)).toEqual(['drift/shallow-history']);
      const [error] = run.errors;
      expect(error?.message).toContain(RECORD_1);
      expect(error?.message).toContain(RECORD_2);
      expect(error?.message).toContain('`fetch-depth: 0`');
      expect(error?.message).toContain('`git fetch --unshallow`');
      // Not judged is not "matches git": no row of a cut record is called a match.
      expect(run.result?.specs.flatMap((spec) => spec.artifacts).every((artifact) => artifact.verdict === 'unknown')).toBe(true);
    }
    const text = await runSdd(['validate', '--no-cache', '--quiet'], { cwd: shallow });
    expect(text.stdout).toContain('not compared with git');
    expect(text.stdout).not.toContain('match git');
  });

  it('depth 1: a record that leaves out a changed file never passes, and gets no invented drift', async () => {
    const run = await validate(clone('dishonest', 1), '--strict');
    expect(run.code).toBe(1);
    expect(rules(run.errors)).toEqual(['drift/shallow-history']);
  });

  it('depth 3: the record inside the fetched history is judged, the one beyond it is named', async () => {
    const honest = await validate(clone('honest', 3));
    expect(rules(honest.errors)).toEqual(['drift/shallow-history']);
    expect(honest.errors[0]?.message).toContain(RECORD_1);
    expect(honest.errors[0]?.message).not.toContain(RECORD_2);
    const farewell = honest.result?.specs.find((spec) => spec.provenance?.file === RECORD_2);
    expect(farewell?.artifacts.map((artifact) => artifact.verdict)).toEqual(['match', 'match', 'match', 'match']);

    const dishonest = await validate(clone('dishonest', 3));
    expect(dishonest.code).toBe(1);
    expect(rules(dishonest.errors)).toEqual(['drift/shallow-history', 'drift/unlisted']);
    const unlisted = dishonest.errors.find((finding) => finding.ruleId === 'drift/unlisted');
    expect(unlisted?.location?.file).toBe(RECORD_2);
    expect(unlisted?.message).toContain('b-extra.txt');
  });

  it('the full clone of the dishonest repository finds both left-out files', async () => {
    const run = await validate(clone('dishonest', null));
    expect(run.code).toBe(1);
    expect(rules(run.errors)).toEqual(['drift/unlisted', 'drift/unlisted']);
  });

  it('after the fix the error names (`git fetch --unshallow`, or a deeper fetch), a run is not the shallow one replayed', async () => {
    const shallow = clone('honest', 1);
    // sdd keeps its caches where node_modules exists, git-ignored as in a real checkout.
    await mkdir(path.join(shallow, 'node_modules'), { recursive: true });
    writeFileSync(path.join(shallow, '.git', 'info', 'exclude'), 'node_modules/\n');
    const cached = async () => {
      const run = await runSdd(['validate', '--format', 'json'], { cwd: shallow, isTTY: true });
      const result = JSON.parse(run.stdout) as ValidateResult;
      return { run, result, errors: rules([...result.findings, ...result.specs.flatMap((spec) => spec.findings)]) };
    };
    const replayed = 'replayed from the cache';
    const first = await cached();
    expect(first.errors).toEqual(['drift/shallow-history']);
    // The boundary can move under the same HEAD and status: a shallow clone's run is never replayed.
    git(shallow, 'fetch', '-q', '--deepen=2');
    const deeper = await cached();
    expect(deeper.run.stderr).not.toContain(replayed);
    expect(deeper.result.summary).toEqual((await validate(shallow)).result?.summary);
    expect(deeper.result.summary).not.toEqual(first.result.summary);
    git(shallow, 'fetch', '-q', '--unshallow');
    const whole = await cached();
    expect(whole.run.stderr).not.toContain(replayed);
    expect(whole.run.code).toBe(0);
    expect(whole.errors).toEqual([]);
    expect(whole.result.summary).toEqual((await validate(shallow)).result?.summary);
    // A whole clone's unchanged run is replayed as before.
    expect((await cached()).run.stderr).toContain(replayed);
  });

  it('--base beyond the boundary is a usage error (exit 2) naming the fix; --base inside it is judged', async () => {
    const [, greeting, notes] = origins.honest.commits;
    const depth1 = clone('honest', 1);
    const missing = await validate(depth1, '--base', greeting as string);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not in this shallow clone');
    expect(missing.stderr).toContain('`fetch-depth: 0`');
    expect(missing.stderr).toContain('`git fetch --unshallow`');
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    // Depth 3 holds commit 3 (the boundary): the range after it is all fetched.
    const inside = await validate(clone('honest', 3), '--base', notes as string);
    expect(inside.code).not.toBe(2);
    expect(rules(inside.errors)).not.toContain('drift/shallow-history');
    // Records merged before the base keep their own change (spec 0020); cut by the clone, they are left uncompared.
    expect(inside.result?.specs.every((spec) => spec.change?.source === 'base-range' || spec.change?.source === 'record-commits')).toBe(true);
  });
});
