import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { runSdd } from '../support/cli.js';

/**
 * An agent's whole loop, in a throwaway repository, through the CLI as an
 * agent would call it: new spec → implement → draft → validate → drift →
 * sync → validate.
 */

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
const sdd = (...argv: string[]) => runSdd(argv, { cwd: repo });
const read = (file: string) => readFile(path.join(repo, file), 'utf8');
const write = (file: string, text: string) => writeFile(path.join(repo, file), text);

const SPEC = '.sdd/specification/spec-0001-greeting-file.md';
const RECORD = '.sdd/provenance/spec-0001-greeting-file.provenance.md';

const VALIDATION = `## Validation steps

1. This spec has been saved to \`${SPEC}\`
2. \`hello.txt\` contains \`Hello\`
3. A human has read the greeting aloud

\`\`\`yaml sdd-checks
1:
  kind: file.exists
  path: ${SPEC}
2:
  kind: file.contains
  path: hello.txt
  text: Hello
\`\`\`
`;

/** What the agent writes where the draft says "sdd: fill in". */
const filledIn = (record: string) => record.replace(/<!-- sdd: fill in: [^>]*-->/g, 'Filled in by the agent.');

async function validateJson(): Promise<{ code: number; result: ValidateResult }> {
  const run = await sdd('validate', '--base', 'base', '--format', 'json');
  return { code: run.code, result: JSON.parse(run.stdout) as ValidateResult };
}

beforeEach(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'sdd-agent-'));
  git('init', '-q', '-b', 'main');
  await write('README.md', '# demo\n');
  git('add', '.');
  git('commit', '-q', '-m', 'start');
  git('tag', 'base');
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('the agent loop', () => {
  it('new spec → implement → draft → validate, then drift → sync → validate', async () => {
    const created = await sdd('new', 'spec', 'Greeting file');
    expect(created).toMatchObject({ code: 0, stdout: `${SPEC}\n` });
    const spec = await read(SPEC);
    expect(spec).toContain('title: "Spec 0001: Greeting file"');
    await write(SPEC, spec.slice(0, spec.indexOf('## Validation steps')) + VALIDATION);

    await write('hello.txt', 'Hello, world\n');
    git('add', '.');
    git('commit', '-q', '-m', 'greeting');

    const drafted = await sdd('provenance', 'draft', '1', '--base', 'base', '--date', '2026-01-02', '--agent', 'test-agent');
    expect(drafted).toMatchObject({ code: 0, stdout: `${RECORD}\n` });
    const draft = await read(RECORD);
    expect(draft).toContain('**Executed:** 2026-01-02\n**Agent:** test-agent\n');
    expect(draft).toContain(
      [
        '| File | Status |',
        '|------|--------|',
        `| \`${SPEC}\` | Created |`,
        '| `hello.txt` | Created |',
        `| \`${RECORD}\` | Created |`,
      ].join('\n'),
    );
    expect(draft).toContain(
      [
        '| 1 | This spec has been saved to `.sdd/specification/spec-0001-greeting-file.md` | Pass |',
        '| 2 | `hello.txt` contains `Hello` | Pass |',
        '| 3 | A human has read the greeting aloud | Not run — manual step, not verified by sdd |',
      ].join('\n'),
    );
    // A second draft does not overwrite the first.
    expect((await sdd('provenance', 'draft', '1', '--base', 'base')).code).toBe(2);

    await write(RECORD, filledIn(draft));
    git('add', '.');
    git('commit', '-q', '-m', 'provenance');
    const clean = await validateJson();
    expect(clean.result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(clean.result.specs.flatMap((s) => s.findings).filter((f) => f.severity === 'error')).toEqual([]);
    expect(clean.code).toBe(0);
    expect((await sdd('provenance', 'sync', RECORD, '--base', 'base', '--check')).code).toBe(0);

    // More work, not recorded: the greeting changes (step 2 now fails) and a file is added.
    await write('hello.txt', 'Goodbye\n');
    await write('extra.txt', 'more\n');
    git('add', '.');
    git('commit', '-q', '-m', 'more work');
    const drifted = await validateJson();
    expect(drifted.code).toBe(1);
    const driftRules = drifted.result.specs.flatMap((s) => s.findings).map((f) => f.ruleId);
    expect(driftRules).toEqual(expect.arrayContaining(['drift/unlisted']));

    const before = await read(RECORD);
    const check = await sdd('provenance', 'sync', RECORD, '--base', 'base', '--check');
    expect(check.code).toBe(1);
    expect(await read(RECORD)).toBe(before);

    const synced = await sdd('provenance', 'sync', RECORD, '--base', 'base');
    expect(synced.code).toBe(0);
    const after = await read(RECORD);
    expect(after).toContain('| `extra.txt` | Created |');
    expect(after).toMatch(/\| 2 \| `hello.txt` contains `Hello` \| Fail — [^|\n]+\|/);
    expect(after).toContain('| 3 | A human has read the greeting aloud | Not run — manual step, not verified by sdd |');
    // Only the tables changed.
    expect(after.slice(0, after.indexOf('| File | Status |'))).toBe(before.slice(0, before.indexOf('| File | Status |')));
    expect((await sdd('provenance', 'sync', RECORD, '--base', 'base', '--check')).code).toBe(0);

    // The record is honest now: what is left is the real failure, reported as such, not drift.
    const honest = await validateJson();
    const left = honest.result.specs.flatMap((s) => s.findings).filter((f) => f.severity === 'error');
    expect(left.filter((f) => f.ruleId.startsWith('drift/'))).toEqual([]);
    expect(honest.result.specs[0]?.steps.find((s) => s.step === 2)).toMatchObject({ claimed: 'Fail', actual: 'fail' });

    // Fixing the greeting and syncing again makes the run clean.
    await write('hello.txt', 'Hello again\n');
    expect((await sdd('provenance', 'sync', '1', '--base', 'base')).code).toBe(0);
    expect(await read(RECORD)).toContain('| 2 | `hello.txt` contains `Hello` | Pass |');
    git('add', '.');
    git('commit', '-q', '-m', 'fix greeting');
    expect((await validateJson()).code).toBe(0);
  });
});
