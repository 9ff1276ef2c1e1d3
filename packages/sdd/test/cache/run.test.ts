import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_SLOTS_KEPT } from '../../src/cache/prune.js';
import { runSdd } from '../support/cli.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { RECORD, recordText, SPEC } from '../support/markdown.js';

// The whole-run cache, end to end through the CLI: a run with nothing changed
// is replayed byte for byte; any change to what the result depends on (a
// document, a git-ignored file a check read, a commit) runs it again; a run
// that depends on something sdd cannot watch (a command that ran) is never
// replayed; a corrupt entry is ignored.

const REPLAYED = 'its output is replayed from the cache';

let repo: TempRepo;
beforeEach(async () => {
  repo = createRepo();
});
afterEach(async () => {
  repo.dispose();
});

/** A spec whose first check reads a git-ignored build output; `extra` adds declared checks. */
async function setUp(extra: { step: string; check: string }[] = [], allow: string[] = []): Promise<void> {
  const steps = ['`build/out.txt` contains `ready`', ...extra.map((one) => one.step)];
  const checks = ['1: { kind: file.contains, path: build/out.txt, text: ready }', ...extra.map((one, index) => `${index + 2}: ${one.check}`)];
  repo.write('.gitignore', 'node_modules/\nbuild/\n');
  repo.write('node_modules/.keep', '');
  repo.write('build/out.txt', 'ready\n');
  if (allow.length > 0) repo.write('.sdd/config.yaml', `version: 1\ncommands:\n  allow: [${allow.map((line) => JSON.stringify(line)).join(', ')}]\n`);
  repo.write(
    SPEC,
    `---\ntitle: "Spec 0001: Build"\ndraft: false\n---\n\n## Validation steps\n\n${steps.map((step, index) => `${index + 1}. ${step}`).join('\n')}\n\n\`\`\`yaml sdd-checks\n${checks.join('\n')}\n\`\`\`\n`,
  );
  const artifacts: [string, string][] = [['.gitignore', 'Created'], [SPEC, 'Created'], [RECORD, 'Created']];
  if (allow.length > 0) artifacts.push(['.sdd/config.yaml', 'Created']);
  repo.write(RECORD, recordText({ artifacts, results: steps.map((step, index) => [String(index + 1), step, 'Pass']) }));
  repo.commit('spec 0001: build');
}

const validate = (...flags: string[]) => runSdd(['validate', '--format', 'json', ...flags], { cwd: repo.root, isTTY: true });
const stepStatus = (json: string) => (JSON.parse(json) as { specs: { steps: { actual: string }[] }[] }).specs[0]?.steps.map((step) => step.actual);

describe('the whole-run cache', () => {
  it('replays an unchanged run byte for byte, with its exit code, and says so on a terminal', async () => {
    await setUp();
    const first = await validate();
    expect(first.stderr).not.toContain(REPLAYED);
    const second = await validate();
    expect(second.stderr).toContain(REPLAYED);
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(first.code);
    expect(stepStatus(second.stdout)).toEqual(['pass']);
  });

  it('runs again when a git-ignored file a check read changes, and replays when only its time changed', async () => {
    await setUp();
    await validate();
    await utimes(path.join(repo.root, 'build/out.txt'), new Date(), new Date(Date.now() + 5000));
    const touched = await validate();
    expect(touched.stderr).toContain(REPLAYED);
    await writeFile(path.join(repo.root, 'build/out.txt'), 'broken\n');
    const changed = await validate();
    expect(changed.stderr).not.toContain(REPLAYED);
    expect(stepStatus(changed.stdout)).toEqual(['fail']);
    expect(changed.code).toBe(1);
  });

  it('still replays when an ignored file appears that the run did not read (without --base)', async () => {
    await setUp();
    repo.write('.gitignore', 'node_modules/\nbuild/\n*.log\n');
    repo.commit('ignore logs');
    await validate();
    // git's status lists it as ignored; without --base the replay watches the files the run read instead.
    repo.write('server.log', 'a log file appearing beside the run\n');
    expect((await validate()).stderr).toContain(REPLAYED);
  });

  it('runs again after a commit and when a document changes', async () => {
    await setUp();
    await validate();
    repo.write('notes.txt', 'x\n');
    repo.commit('unrelated');
    expect((await validate()).stderr).not.toContain(REPLAYED);
    expect((await validate()).stderr).toContain(REPLAYED);
    repo.write(SPEC, (await readFile(path.join(repo.root, SPEC), 'utf8')).replace('Spec 0001: Build', 'Spec 0001: Build it'));
    const edited = await validate();
    expect(edited.stderr).not.toContain(REPLAYED);
    expect(edited.stdout).toContain('Spec 0001: Build it');
  });

  it('never replays a run in which a command ran', async () => {
    await setUp([{ step: '`true` passes', check: '{ kind: command, run: "true" }' }], ['true']);
    await validate();
    const again = await validate();
    expect(again.stderr).not.toContain(REPLAYED);
    expect(stepStatus(again.stdout)).toEqual(['pass', 'pass']);
  });

  it('replays a run whose command was not allowed: it never ran', async () => {
    await setUp([{ step: '`true` passes', check: '{ kind: command, run: "true" }' }]);
    await validate();
    expect((await validate()).stderr).toContain(REPLAYED);
  });

  it('ignores a corrupt entry, and --no-cache never replays', async () => {
    await setUp();
    const first = await validate();
    const runs = path.join(repo.root, 'node_modules/.cache/sdd/runs');
    const [slot] = await readdir(runs);
    const outputs = (await readdir(path.join(runs, slot as string))).filter((name) => name.endsWith('.out'));
    for (const name of outputs) await writeFile(path.join(runs, slot as string, name), 'garbage');
    const afterCorruption = await validate();
    expect(afterCorruption.stderr).not.toContain(REPLAYED);
    const withoutDurations = (json: string) => json.replace(/"durationMs": \d+/g, '"durationMs": 0');
    expect(withoutDurations(afterCorruption.stdout)).toBe(withoutDurations(first.stdout));
    expect(stepStatus(afterCorruption.stdout)).toEqual(['pass']);
    expect((await validate('--no-cache')).stderr).not.toContain(REPLAYED);
  });

  it(`keeps the ${RUN_SLOTS_KEPT} most recently used slots when a run is stored: older ones go, recent ones stay`, async () => {
    await setUp();
    const runs = path.join(repo.root, 'node_modules/.cache/sdd/runs');
    const days = (n: number) => new Date(Date.now() - n * 24 * 60 * 60 * 1000);
    // Slots of other invocations (other bases, other flags), 1 to 10 days unused.
    const others = Array.from({ length: 10 }, (_, n) => `${String(n).padStart(2, '0')}${'a'.repeat(30)}`);
    for (const [n, name] of others.entries()) {
      await mkdir(path.join(runs, name), { recursive: true });
      await writeFile(path.join(runs, name, 'meta.json'), '{}');
      await utimes(path.join(runs, name, 'meta.json'), days(n + 1), days(n + 1));
      await utimes(path.join(runs, name), days(n + 1), days(n + 1));
    }
    const first = await validate();
    const left = await readdir(runs);
    expect(left).toHaveLength(RUN_SLOTS_KEPT);
    expect(left).toEqual(expect.arrayContaining(others.slice(0, RUN_SLOTS_KEPT - 1)));
    const replay = await validate();
    expect(replay.stderr).toContain(REPLAYED);
    expect(replay.stdout).toBe(first.stdout);
  });

  it('marks a replayed slot used, so that it outlives slots stored before its replay', async () => {
    await setUp();
    await validate();
    const runs = path.join(repo.root, 'node_modules/.cache/sdd/runs');
    const [slot] = await readdir(runs);
    const meta = path.join(runs, slot as string, 'meta.json');
    const long = new Date(Date.now() - 10 * 24 * 60 * 60 * 1000);
    await utimes(meta, long, long);
    expect((await validate()).stderr).toContain(REPLAYED);
    expect(Date.now() - statSync(meta).mtimeMs).toBeLessThan(60 * 60 * 1000);
  });

  it('writes no run cache where the repository has no node_modules', async () => {
    await setUp();
    await rm(path.join(repo.root, 'node_modules'), { recursive: true });
    await validate();
    expect(existsSync(path.join(repo.root, 'node_modules'))).toBe(false);
    expect((await validate()).stderr).not.toContain(REPLAYED);
  });
});
