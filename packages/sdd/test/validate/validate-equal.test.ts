import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ValidateModule from '../../src/validate.js';
import type { ValidateResult } from '../../src/model/index.js';
import { sddDist, workspaceRoot } from '../support/documents-workspace.js';

// The whole `validate()` result must not depend on how fast it was made:
// without the cache, with a cold cache, from a warm cache, with a warm cache
// after a change. Run on the build (worker threads load compiled JavaScript)
// over a bench repository large enough (200 documents) for the parse workers.

const run = promisify(execFile);
let validate: typeof ValidateModule.validate;
let scratch: string;
let repo: string;

beforeAll(async () => {
  const file = path.join(sddDist, 'validate.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build before these tests`);
  ({ validate } = (await import(pathToFileURL(file).href)) as typeof ValidateModule);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'sdd-validate-equal-'));
  const args = ['scripts/bench.mjs', '--generate-only', '--pairs', '100', '--commits', '150', '--out', path.join(scratch, 'bench')];
  repo = (await run(process.execPath, args, { cwd: workspaceRoot })).stdout.trim();
  // sdd keeps its default cache only where the repository has node_modules.
  await mkdir(path.join(repo, 'node_modules'), { recursive: true });
}, 120_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The result as the JSON report holds it, without the one field that measures time. */
function comparable(result: ValidateResult): unknown {
  return JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'durationMs' ? undefined : value))) as unknown;
}

const cacheFiles = async () => (await readdir(path.join(repo, 'node_modules/.cache/sdd'), { recursive: true }).catch(() => [])).filter((name) => name.endsWith('.json'));

describe('validate() with and without the cache and workers', () => {
  it('gives the same result without the cache, with a cold cache and from a warm one', async () => {
    const uncached = await validate({ root: repo, cache: false });
    expect(await cacheFiles()).toEqual([]);
    const cold = await validate({ root: repo });
    expect((await cacheFiles()).length).toBeGreaterThan(0);
    const warm = await validate({ root: repo });
    // A real result, not an empty one: every spec was checked and drift was found.
    expect(uncached.specs.length).toBe(100);
    expect(uncached.summary.steps.pass).toBeGreaterThan(1000);
    expect(uncached.summary.findings.error).toBeGreaterThan(0);
    expect(comparable(cold)).toEqual(comparable(uncached));
    expect(comparable(warm)).toEqual(comparable(uncached));
  }, 120_000);
});
