import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The benchmark's repository generator, run at a tiny scale through its CLI:
// the repository must have the shape the bench promises (counts, history,
// drift cases), or its measurements mean nothing.

const run = promisify(execFile);
const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PAIRS = 150;
const COMMITS = 200;

interface Manifest {
  pairs: number;
  commits: number;
  drift: { kind: string; spec: string; record: string }[];
}

let scratch: string;
let repo: string;
let manifest: Manifest;

async function generate(out: string): Promise<string> {
  const args = ['scripts/bench.mjs', '--generate-only', '--pairs', String(PAIRS), '--commits', String(COMMITS), '--out', out];
  const { stdout } = await run(process.execPath, args, { cwd: workspaceRoot });
  return stdout.trim();
}

async function git(...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: repo, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

function driftCase(kind: string) {
  const found = manifest.drift.find((one) => one.kind === kind);
  if (!found) throw new Error(`no ${kind} drift case in the manifest`);
  return found;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sdd-bench-test-'));
  repo = await generate(path.join(scratch, 'a'));
  manifest = JSON.parse(await readFile(path.join(scratch, 'a', 'manifest.json'), 'utf8')) as Manifest;
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('bench repository generator', () => {
  it('keeps the repository out of the project, where --out says', () => {
    expect(repo).toBe(path.join(scratch, 'a', 'repo'));
    expect(existsSync(path.join(repo, '.git'))).toBe(true);
  });

  it('writes one spec and one provenance record per pair', async () => {
    const specs = await readdir(path.join(repo, '.sdd/specification'));
    const records = await readdir(path.join(repo, '.sdd/provenance'));
    expect(specs).toHaveLength(PAIRS);
    expect(records).toHaveLength(PAIRS);
    expect(specs[0]).toBe('spec-0001-bench-feature-0001.md');
    expect(records[0]).toBe('spec-0001-bench-feature-0001.provenance.md');
  });

  it('builds a history of exactly the requested commits, with a clean working tree', async () => {
    expect(manifest.commits).toBe(COMMITS);
    expect((await git('rev-list', '--count', 'HEAD')).trim()).toBe(String(COMMITS));
    expect(await git('status', '--porcelain')).toBe('');
  });

  it('shapes records like real ones: the sections, 15 validation rows, the artifacts table', async () => {
    const record = await readFile(path.join(repo, '.sdd/provenance/spec-0001-bench-feature-0001.provenance.md'), 'utf8');
    for (const heading of ['## Actions Taken', '## Decisions Made', '## Artifacts Produced', '## Validation Results']) {
      expect(record).toContain(`\n${heading}\n`);
    }
    expect(record).toContain('**Spec:** `.sdd/specification/spec-0001-bench-feature-0001.md`');
    expect(record.match(/^\| \d+ \|/gm)).toHaveLength(15);
    expect(record).toContain('| `legacy/f0001.txt` | Deleted |');
    const spec = await readFile(path.join(repo, '.sdd/specification/spec-0001-bench-feature-0001.md'), 'utf8');
    expect(spec.slice(spec.indexOf('## Validation steps')).match(/^\d+\. /gm)).toHaveLength(15);
  });

  it("puts each record in one commit with the artifacts it lists", async () => {
    const log = await git('log', '--format=%s', '--name-status', '--grep', '^Implement spec 0001$');
    expect(log).toContain('A\t.sdd/provenance/spec-0001-bench-feature-0001.provenance.md');
    expect(log).toContain('A\tsrc/f0001/mod-6.ts');
    expect(log).toContain('M\tlib/f0001/index.ts');
    expect(log).toContain('D\tlegacy/f0001.txt');
  });

  it('makes 2% of the records drift, one case of each kind', () => {
    expect(manifest.drift.map((one) => one.kind)).toEqual(['unlisted', 'phantom', 'false-pass']);
  });

  it('unlisted: the commit adds a file the record does not name', async () => {
    const { record } = driftCase('unlisted');
    const id = /spec-(\d+)/.exec(record)?.[1] ?? '';
    const changed = await git('log', '--format=', '--name-only', '--grep', `^Implement spec ${id}$`);
    expect(changed).toContain(`src/f${id}/extra.ts`);
    expect(await readFile(path.join(repo, record), 'utf8')).not.toContain('extra.ts');
  });

  it('phantom: the record lists a file no commit created', async () => {
    const { record } = driftCase('phantom');
    const id = /spec-(\d+)/.exec(record)?.[1] ?? '';
    expect(await readFile(path.join(repo, record), 'utf8')).toContain(`| \`src/f${id}/phantom.ts\` | Created |`);
    expect(existsSync(path.join(repo, `src/f${id}/phantom.ts`))).toBe(false);
    expect(await git('log', '--all', '--format=%H', '--', `src/f${id}/phantom.ts`)).toBe('');
  });

  it('false-pass: the record claims Pass on a check that fails', async () => {
    const { record } = driftCase('false-pass');
    const id = /spec-(\d+)/.exec(record)?.[1] ?? '';
    const text = await readFile(path.join(repo, record), 'utf8');
    expect(text).toContain(`| 2 | \`src/f${id}/mod-1.ts\` exists and contains \`NEVER_WRITTEN_TOKEN\` | Pass |`);
    expect(await readFile(path.join(repo, `src/f${id}/mod-1.ts`), 'utf8')).not.toContain('NEVER_WRITTEN_TOKEN');
  });

  it('is deterministic: the same parameters give the same commits', async () => {
    const again = await generate(path.join(scratch, 'b'));
    const head = async (cwd: string) => (await run('git', ['rev-parse', 'HEAD'], { cwd })).stdout;
    expect(await head(again)).toBe(await head(repo));
  }, 60_000);

  it('rejects bad parameters with a usage message, not a stack trace', async () => {
    const failure = run(process.execPath, ['scripts/bench.mjs', '--pairs', 'many'], { cwd: workspaceRoot });
    await expect(failure).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--pairs must be an integer') });
    await expect(failure).rejects.not.toMatchObject({ stderr: expect.stringContaining('    at ') });
  });
});
