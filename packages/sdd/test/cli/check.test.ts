import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSdd } from '../support/cli.js';
import { RECORD, recordText, SPEC, specText } from '../support/markdown.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// `sdd check`: the given specs' checks on the working tree, each step's result and evidence;
// no record is compared. Exit 1 when a check fails, 0 otherwise, 2 on usage.

let repo: TempRepo;
beforeEach(async () => {
  repo = await createRepo();
  await repo.write(SPEC, specText(['`hello.txt` exists', '`hello.txt` contains `hello`', 'A person reads the greeting aloud']));
  await repo.write('.sdd/specification/spec-0002-other.md', '---\ntitle: "Spec 0002: Other"\ndraft: false\n---\n\n## Validation steps\n\n1. `other.txt` exists\n');
  repo.commit('specs');
});
afterEach(async () => {
  await repo.dispose();
});

const check = (...args: string[]) => runSdd(['check', ...args], { cwd: repo.root });

interface CheckJson {
  specs: { spec: string; record: string | null; steps: { step: number; status: string; checks: { kind: string; summary: string }[] }[] }[];
  exitCode: number;
}

describe('sdd check', () => {
  it('prints each step of the spec with its status and evidence, and exits 1 when a check fails', async () => {
    await repo.write('hello.txt', 'goodbye\n');
    const run = await check('1');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Spec 0001: Greeting');
    expect(run.stdout).toMatch(/^ {2}1 +Pass +hello\.txt exists$/m);
    expect(run.stdout).toMatch(/^ {2}2 +Fail +hello\.txt contains hello$/m);
    expect(run.stdout).toMatch(/^ {8}file\.contains: `hello\.txt` does not contain `hello`$/m);
    expect(run.stdout).toMatch(/^ {10}hello\.txt:1: no match for `hello`/m);
    expect(run.stdout).toMatch(/^ {2}3 +Manual +A person reads the greeting aloud$/m);
    // Only the spec asked for.
    expect(run.stdout).not.toContain('Spec 0002');
  });

  it('exits 0 when every check passes, with no record and whatever a record would claim', async () => {
    await repo.write('hello.txt', 'hello\n');
    expect((await check('1')).code).toBe(0);
    // validate fails this record (it claims Fail for a passing step and lists no artifacts); check does not read its claims.
    await repo.write(RECORD, recordText({ artifacts: [], results: [['1', '`hello.txt` exists', 'Fail']] }));
    expect((await runSdd(['validate', '--no-cache'], { cwd: repo.root })).code).toBe(1);
    const json = await check('greeting', '--format', 'json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as CheckJson;
    expect(parsed.specs.map((spec) => [spec.spec, spec.record])).toEqual([[SPEC, RECORD]]);
    expect(parsed.specs[0]?.steps.map((step) => step.status)).toEqual(['pass', 'pass', 'manual']);
    expect(parsed.specs[0]?.steps[0]?.checks[0]?.kind).toBe('file.exists');
  });

  it('checks every spec when none is named', async () => {
    await repo.write('hello.txt', 'hello\n');
    const run = await check('--format', 'json');
    const parsed = JSON.parse(run.stdout) as CheckJson;
    expect(parsed.specs.map((spec) => spec.spec)).toEqual([SPEC, '.sdd/specification/spec-0002-other.md']);
    expect(run.code).toBe(1); // other.txt does not exist
  });

  it('exits 2 with one line for a spec that matches none', async () => {
    const run = await check('42');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sdd: no spec matches "42"/);
    expect(run.stdout).toBe('');
  });
});
