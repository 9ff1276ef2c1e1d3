import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/model/index.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { parseDocumentsCached, workerCount } from '../../src/parse-pool/index.js';
import { asJson, makeDocumentsWorkspace } from '../support/documents-workspace.js';

// In-process (workers: 0) here; the worker threads are tested on the build in parse-pool.test.ts.

let workspace: Workspace;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ workspace, cleanup } = await makeDocumentsWorkspace());
});

afterEach(async () => {
  await cleanup();
});

const files = () => ({ specs: workspace.specFiles, provenance: workspace.provenanceFiles });
const cacheDir = () => path.join(workspace.root, 'node_modules/.cache/sdd');

async function reference() {
  const read = (file: string) => readFile(path.join(workspace.root, file), 'utf8');
  return {
    specs: await Promise.all(workspace.specFiles.map(async (file) => parseSpec(file, await read(file)))),
    records: await Promise.all(workspace.provenanceFiles.map(async (file) => parseProvenance(file, await read(file)))),
  };
}

describe('parseDocumentsCached', () => {
  it('gives what parseSpec and parseProvenance give, in file order, without the cache', async () => {
    const result = await parseDocumentsCached(workspace, files(), { cache: false, workers: 0 });
    expect(asJson({ specs: result.specs, records: result.records })).toEqual(asJson(await reference()));
    expect(result.specs.map((one) => one.document?.file ?? one.findings[0]?.location?.file)).toEqual(workspace.specFiles);
    expect(result.stats).toMatchObject({ fromCache: 0, workers: 0 });
    const first = workspace.provenanceFiles[0] ?? '';
    expect(result.texts.get(first)).toBe(await readFile(path.join(workspace.root, first), 'utf8'));
    expect(result.texts.size).toBe(workspace.specFiles.length + workspace.provenanceFiles.length);
  });

  it('parses nothing on a warm run, and gives the same results', async () => {
    const cold = await parseDocumentsCached(workspace, files(), { workers: 0 });
    const warm = await parseDocumentsCached(workspace, files(), { workers: 0 });
    expect(cold.stats.parsed).toBe(cold.stats.documents);
    expect(warm.stats).toMatchObject({ parsed: 0, fromCache: warm.stats.documents });
    expect(asJson(warm)).toEqual(asJson({ ...cold, stats: warm.stats }));
    expect(asJson({ specs: warm.specs, records: warm.records })).toEqual(asJson(await reference()));
  });

  it('keeps the cache where the configuration says', async () => {
    await parseDocumentsCached(workspace, files(), { workers: 0 });
    expect((await readdir(cacheDir(), { recursive: true })).some((name) => name.endsWith('.json'))).toBe(true);
  });

  it('re-parses only the document whose text changed', async () => {
    await parseDocumentsCached(workspace, files(), { workers: 0 });
    const changed = workspace.specFiles[0] ?? '';
    await writeFile(path.join(workspace.root, changed), '---\ntitle: "Changed"\n---\n\n## Validation steps\n\n1. `a.txt` exists\n');
    const warm = await parseDocumentsCached(workspace, files(), { workers: 0 });
    expect(warm.stats.parsed).toBe(1);
    expect(warm.specs[0]?.document?.title).toBe('Changed');
  });

  it('does not trust a corrupt cache: it parses again and gives the right result', async () => {
    await parseDocumentsCached(workspace, files(), { workers: 0 });
    const entries = (await readdir(cacheDir(), { recursive: true })).filter((name) => name.endsWith('.json'));
    for (const entry of entries) await writeFile(path.join(cacheDir(), entry), '{"format":1,"key":"x","value":{"document":null,"findings":[]}}');
    const again = await parseDocumentsCached(workspace, files(), { workers: 0 });
    expect(again.stats.fromCache).toBe(0);
    expect(asJson({ specs: again.specs, records: again.records })).toEqual(asJson(await reference()));
  });

  it('reports a document it cannot read with its file and line, and goes on', async () => {
    const missing = '.sdd/specification/spec-0999-gone.md';
    const directory = '.sdd/provenance/spec-0998-dir.provenance.md';
    await mkdir(path.join(workspace.root, directory));
    const result = await parseDocumentsCached(
      workspace,
      { specs: [missing, ...workspace.specFiles], provenance: [directory] },
      { workers: 0 },
    );
    expect(result.specs[0]).toEqual({
      document: null,
      findings: [{ ruleId: 'parse/unreadable', severity: 'error', message: `cannot read ${missing}: ENOENT`, location: { file: missing, line: 1 } }],
    });
    expect(result.records[0]?.findings[0]).toMatchObject({ ruleId: 'parse/unreadable', message: expect.stringContaining('EISDIR') });
    expect(result.specs[1]?.document).not.toBeNull();
  });

  it('says so, once, when the cache cannot be written, and the results stay right', async () => {
    await mkdir(path.join(workspace.root, 'node_modules/.cache'), { recursive: true });
    await writeFile(cacheDir(), 'not a directory');
    const result = await parseDocumentsCached(workspace, files(), { workers: 0 });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'cache/unwritable', severity: 'info' });
    expect(asJson({ specs: result.specs, records: result.records })).toEqual(asJson(await reference()));
  });

  it('uses no cache at all when the configuration turns it off', async () => {
    workspace.config.cache.enabled = false;
    await parseDocumentsCached(workspace, files(), { workers: 0 });
    await expect(readdir(cacheDir())).rejects.toThrow(/ENOENT/);
    await rm(cacheDir(), { recursive: true, force: true });
  });
});

describe('workerCount', () => {
  it('parses in-process when there are too few documents to pay for workers', () => {
    expect(workerCount({}, 10)).toBe(0);
    expect(workerCount({ minDocumentsForWorkers: 5 }, 10)).toBeGreaterThan(0);
  });

  it("parses in one worker on two cores or fewer: the worker's heap, not this thread's, takes the garbage", () => {
    expect(workerCount({ cores: 1 }, 100_000)).toBe(1);
    expect(workerCount({ cores: 2 }, 100_000)).toBe(1);
    expect(workerCount({ cores: 2 }, 63)).toBe(0);
  });

  it('starts one worker per core on more cores, no more than documents allow', () => {
    expect(workerCount({ cores: 8 }, 100_000)).toBe(8);
    expect(workerCount({ cores: 8 }, 100)).toBe(4);
    expect(workerCount({ workers: 4 }, 2)).toBe(2);
    expect(workerCount({ workers: 0 }, 5000)).toBe(0);
  });
});
