import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobNow, createEvidenceCache, stableJson } from '../../src/cache/evidence.js';
import { createCacheStore } from '../../src/cache/store.js';
import type { CheckOutcome } from '../../src/model/index.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sdd-evidence-'));
  await writeFile(path.join(root, 'a.txt'), 'hello helm-controller\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const gitBlob = (text: string) => createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');
const check = { kind: 'file.contains', args: { path: 'a.txt', text: 'helm-controller' } };

function outcome(status: CheckOutcome['status'], blob: string | null): CheckOutcome {
  return { ...check, status, summary: '`a.txt` contains "helm-controller"', evidence: [], inputs: [{ path: 'a.txt', blob }] };
}

function cache() {
  return createEvidenceCache(createCacheStore(path.join(root, '.cache')), root);
}

describe('evidence cache', () => {
  it("computes git's blob id of a file, null when nothing is there", async () => {
    expect(await blobNow(root, 'a.txt')).toBe(gitBlob('hello helm-controller\n'));
    expect(await blobNow(root, 'missing.txt')).toBeNull();
  });

  it('reuses an outcome while its inputs are unchanged', async () => {
    const stored = outcome('pass', gitBlob('hello helm-controller\n'));
    await cache().remember(check, stored);
    expect(await cache().lookup(check)).toEqual(stored);
  });

  it('runs the check again when an input changed', async () => {
    await cache().remember(check, outcome('pass', gitBlob('hello helm-controller\n')));
    await writeFile(path.join(root, 'a.txt'), 'hello\n');
    expect(await cache().lookup(check)).toBeUndefined();
  });

  it('reuses "nothing there" only while nothing is there; a directory is not a missing file', async () => {
    const missing = { kind: 'file.contains', args: { path: 'b.txt', text: 'x' } };
    await cache().remember(missing, { ...outcome('fail', null), ...missing, inputs: [{ path: 'b.txt', blob: null }] });
    expect(await cache().lookup(missing)).toMatchObject({ status: 'fail' });
    await mkdir(path.join(root, 'b.txt'));
    expect(await cache().lookup(missing)).toBeUndefined();
  });

  it('never caches Not run, outcomes without inputs, or kinds that read more than files', async () => {
    const blob = gitBlob('hello helm-controller\n');
    await cache().remember(check, outcome('not-run', blob));
    expect(await cache().lookup(check)).toBeUndefined();
    await cache().remember(check, { ...outcome('pass', blob), inputs: [] });
    expect(await cache().lookup(check)).toBeUndefined();
    const command = { kind: 'command', args: { run: 'pnpm lint' } };
    await cache().remember(command, { ...outcome('pass', blob), ...command });
    expect(await cache().lookup(command)).toBeUndefined();
  });

  it('keys a check by its arguments whatever their order', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableJson({ a: [{ c: 3, d: 2 }], b: 1 }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: '1' }));
  });

  it('treats a recorded input path that leaves the repository as changed', async () => {
    const escaping = { kind: 'file.contains', args: { path: '../x', text: 'x' } };
    await cache().remember(escaping, { ...outcome('fail', null), ...escaping, inputs: [{ path: '../x', blob: null }] });
    expect(await cache().lookup(escaping)).toBeUndefined();
  });
});
