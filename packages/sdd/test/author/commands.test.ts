import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSdd } from '../support/cli.js';

let repo: string;
const sdd = (argv: string[], env: NodeJS.ProcessEnv = {}) => runSdd(argv, { cwd: repo, env });
const read = (file: string) => readFile(path.join(repo, file), 'utf8');
async function write(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
  await writeFile(path.join(repo, file), text);
}
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' });

const SPEC = `---
title: "Spec 0004: Demo"
---

## Validation steps

1. \`a.txt\` exists
2. Someone read it

\`\`\`yaml sdd-checks
1:
  kind: file.exists
  path: a.txt
\`\`\`
`;

beforeEach(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'sdd-author-'));
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('sdd new spec', () => {
  it('takes the next free number and the repository template', async () => {
    await write('.sdd/specification/spec-0003-old.md', '# old\n');
    await write('.sdd/provenance/spec-0009-gone.provenance.md', '# record of a removed spec\n');
    await write('.sdd/specification/template.md', '---\ntitle: "Spec NNNN: <Title>"\n---\nSee `.sdd/provenance/spec-NNNN-<slug>.provenance.md`.\n');
    const run = await sdd(['new', 'spec', 'Add a Widget!']);
    expect(run).toEqual({ code: 0, stdout: '.sdd/specification/spec-0010-add-a-widget.md\n', stderr: '' });
    expect(await read('.sdd/specification/spec-0010-add-a-widget.md')).toBe(
      '---\ntitle: "Spec 0010: Add a Widget!"\n---\nSee `.sdd/provenance/spec-0010-add-a-widget.provenance.md`.\n',
    );
  });

  it('falls back to the built-in template, and says so', async () => {
    const run = await sdd(['new', 'spec', 'First']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('used the built-in one');
    expect(await read('.sdd/specification/spec-0001-first.md')).toContain('```yaml sdd-checks');
  });

  it('refuses to overwrite, and refuses a title with no usable slug', async () => {
    await write('.sdd/specification/template.md', 'x\n');
    // A spec numbered 2 exists under another slug, and 0003-taken occupies the next name through --slug.
    await write('.sdd/specification/spec-0002-taken.md', 'mine\n');
    await write('.sdd/specification/spec-0003-taken.md', 'mine too\n');
    const clash = await sdd(['new', 'spec', 'Whatever', '--slug', 'taken']);
    expect(clash.code).toBe(0);
    expect(clash.stdout).toBe('.sdd/specification/spec-0004-taken.md\n');
    const empty = await sdd(['new', 'spec', '日本語']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('cannot make a slug from "日本語"; pass --slug');
  });
});

describe('sdd provenance draft', () => {
  beforeEach(async () => {
    git('init', '-q');
    await write('.sdd/specification/spec-0004-demo.md', SPEC);
    await write('a.txt', 'a\n');
  });

  it('prints to stdout with -, taking the agent from SDD_AGENT', async () => {
    const run = await sdd(['provenance', 'draft', 'demo', '--out', '-', '--date', '2026-03-04'], { SDD_AGENT: 'Agent Smith' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('**Agent:** Agent Smith\n');
    expect(run.stdout).toContain('| `.sdd/specification/spec-0004-demo.md` | Created |\n| `a.txt` | Created |\n| `.sdd/provenance/spec-0004-demo.provenance.md` | Created |');
    expect(run.stdout).toContain('| 1 | `a.txt` exists | Pass |\n| 2 | Someone read it | Not run — manual step, not verified by sdd |');
  });

  it('judges the record it drafts: a step asking for the record and its sections passes in the draft', async () => {
    await write(
      '.sdd/specification/spec-0005-record.md',
      ['---', 'title: "Spec 0005: Record"', '---', '', '## Validation steps', '', '1. The record exists', '2. The record has its sections', '',
        '```yaml sdd-checks', '1: { kind: provenance.exists }', '2: { kind: provenance.sections }', '```', ''].join('\n'),
    );
    const run = await sdd(['provenance', 'draft', '5', '--out', '-', '--date', '2026-03-04']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| 1 | The record exists | Pass |\n| 2 | The record has its sections | Pass |');
  });

  it('writes to --out, and overwrites only with --force', async () => {
    const first = await sdd(['provenance', 'draft', '.sdd/specification/spec-0004-demo.md', '--out', 'notes/record.md']);
    expect(first).toMatchObject({ code: 0, stdout: 'notes/record.md\n' });
    const text = await read('notes/record.md');
    expect(text).toContain('**Agent:** <!-- sdd: fill in: agent model');
    expect(text).toContain('| `notes/record.md` | Created |');
    expect((await sdd(['provenance', 'draft', '4', '--out', 'notes/record.md'])).code).toBe(2);
    expect((await sdd(['provenance', 'draft', '4', '--out', 'notes/record.md', '--force'])).code).toBe(0);
  });

  it('says what it cannot do: unknown spec, bad date, bad base', async () => {
    expect(await sdd(['provenance', 'draft', '7'])).toMatchObject({ code: 2, stdout: '' });
    expect((await sdd(['provenance', 'draft', '7'])).stderr).toContain('no spec matches "7"');
    expect((await sdd(['provenance', 'draft', '4', '--date', '2026-02-30'])).stderr).toBe('sdd: --date 2026-02-30: expected YYYY-MM-DD\n');
    const base = await sdd(['provenance', 'draft', '4', '--base', 'nope']);
    expect(base.code).toBe(2);
    expect(base.stderr).toMatch(/^sdd: --base nope: /);
  });
});

describe('sdd provenance sync', () => {
  it('names what it cannot read, without a stack trace', async () => {
    git('init', '-q');
    const missing = await sdd(['provenance', 'sync', '.sdd/provenance/nothing.provenance.md']);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'sdd: cannot read .sdd/provenance/nothing.provenance.md\n' });
    const outside = await sdd(['provenance', 'sync', '../elsewhere.md']);
    expect(outside).toEqual({ code: 2, stdout: '', stderr: 'sdd: ../elsewhere.md is outside the repository\n' });
  });

  it('leaves a record without a spec as it is, and says why', async () => {
    git('init', '-q');
    const record = '**Spec:** `.sdd/specification/spec-0008-gone.md`\n\n## Artifacts Produced\n\n| File | Status |\n|---|---|\n| `x` | Created |\n';
    await write('.sdd/provenance/spec-0008-gone.provenance.md', record);
    const run = await sdd(['provenance', 'sync', '.sdd/provenance/spec-0008-gone.provenance.md']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no spec of this repository is paired with .sdd/provenance/spec-0008-gone.provenance.md');
    expect(await read('.sdd/provenance/spec-0008-gone.provenance.md')).toBe(record);
  });
});

describe('sdd schema checks', () => {
  it('prints the sdd-checks JSON Schema', async () => {
    const run = await sdd(['schema', 'checks']);
    expect(run.code).toBe(0);
    expect(JSON.stringify(JSON.parse(run.stdout))).toContain('file.contains');
  });
});
