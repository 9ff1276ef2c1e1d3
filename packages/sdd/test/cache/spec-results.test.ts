import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSpecResultStore } from '../../src/cache/spec-results.js';
import { SddConfigSchema } from '../../src/model/index.js';

// Old specs' stored results (spec 0032) are kept as one file of heads and a body per spec (spec 0039):
// a run reads every head at once and a body only for a spec it lists in full.

const config = SddConfigSchema.parse({ version: 1 });
const flags = { strict: false, runChecks: true, history: 'objects' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sdd-spec-results-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A head as `reused-specs.ts` stores it (packed): spec and record named by the result, reads as pairs. */
function head(file: string) {
  return {
    specRef: null,
    at: 'c0ffee',
    reads: [[file, 'c0ffee']],
    next: null,
    described: [],
    undescribed: [],
    result: { spec: { file }, provenance: { file: `${file}.provenance.md` }, steps: [], artifacts: [], findings: [] },
    unowned: [],
    counts: { steps: {}, claims: {}, artifacts: {} },
  };
}

const body = { steps: [{ step: 1 }], artifacts: [{ path: 'x' }] };
const open = () => openSpecResultStore<ReturnType<typeof head>, typeof body>(dir, config, flags);

async function jsonFiles(): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.json'));
}

describe('the store of old specs’ results', () => {
  it('keeps every head in one file and a body per spec, read back by the next run', async () => {
    const first = open();
    await first.set('a.md', head('a.md'), body);
    await first.set('b.md', head('b.md'), body);
    await first.flush(['a.md', 'b.md']);
    expect(await jsonFiles()).toHaveLength(3);

    const next = open();
    const found = await next.get('a.md');
    expect(found?.result.spec.file).toBe('a.md');
    expect(await next.body('a.md', found?.bodyId ?? '')).toEqual(body);
    expect(await next.get('c.md')).toBeUndefined();
  });

  it('misses a body written by another run than its head', async () => {
    const first = open();
    await first.set('a.md', head('a.md'), body);
    await first.flush(['a.md']);
    const stale = await open().get('a.md');
    // A later run writes a new body; until its heads are flushed, the old head names a body that is gone.
    const second = open();
    await second.set('a.md', head('a.md'), { steps: [], artifacts: [] });
    expect(await open().body('a.md', stale?.bodyId ?? '')).toBeUndefined();
    await second.flush(['a.md']);
    const fresh = await open().get('a.md');
    expect(await open().body('a.md', fresh?.bodyId ?? '')).toEqual({ steps: [], artifacts: [] });
  });

  it('drops the heads of specs that are gone, and keeps the others a run did not compute', async () => {
    const first = open();
    await first.set('a.md', head('a.md'), body);
    await first.set('b.md', head('b.md'), body);
    await first.flush(['a.md', 'b.md']);
    // The next run reuses a.md (computes nothing for it), recomputes c.md, and b.md is deleted.
    const second = open();
    await second.set('c.md', head('c.md'), body);
    await second.flush(['a.md', 'c.md']);
    const third = open();
    expect((await third.get('a.md'))?.result.spec.file).toBe('a.md');
    expect(await third.get('b.md')).toBeUndefined();
    expect((await third.get('c.md'))?.result.spec.file).toBe('c.md');
  });

  it('takes a head filed under another spec’s name for a corrupt one', async () => {
    const store = open();
    await store.set('a.md', head('b.md'), body);
    await store.flush(['a.md']);
    expect(await open().get('a.md')).toBeUndefined();
  });
});
