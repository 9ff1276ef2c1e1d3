import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ParseModule from '../../src/parse/index.js';
import type * as PoolModule from '../../src/parse-pool/index.js';
import type { ParseJob } from '../../src/parse-pool/index.js';
import type { Workspace } from '../../src/model/index.js';
import { asJson, makeDocumentsWorkspace, sddDist } from '../support/documents-workspace.js';

// Worker threads load compiled JavaScript, so these tests run the build
// (`pnpm build`), parser included: pool and reference parse the same code.

let pool: typeof PoolModule;
let parse: typeof ParseModule;
let workspace: Workspace;
let cleanup: () => Promise<void>;
let jobs: ParseJob[];

const load = async <T>(relative: string): Promise<T> => {
  const file = path.join(sddDist, relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build before these tests`);
  return (await import(pathToFileURL(file).href)) as T;
};

beforeAll(async () => {
  pool = await load<typeof PoolModule>('parse-pool/index.js');
  parse = await load<typeof ParseModule>('parse/index.js');
  ({ workspace, cleanup } = await makeDocumentsWorkspace());
  const read = (file: string) => readFile(path.join(workspace.root, file), 'utf8');
  jobs = [
    ...(await Promise.all(workspace.specFiles.map(async (file) => ({ kind: 'spec' as const, file, text: await read(file), depth: 'full' as const })))),
    ...(await Promise.all(workspace.provenanceFiles.map(async (file) => ({ kind: 'provenance' as const, file, text: await read(file), depth: 'full' as const })))),
  ];
});

afterAll(async () => {
  await cleanup();
});

const inProcess = (list: ParseJob[]) =>
  list.map((job) => (job.kind === 'spec' ? parse.parseSpec(job.file, job.text) : parse.parseProvenance(job.file, job.text)));

describe('createParsePool', () => {
  it('parses over worker threads and returns the in-process results, in job order', async () => {
    const workers = pool.createParsePool({ size: 2, batchSize: 2 });
    try {
      const results = await workers.parse(jobs);
      expect(asJson(results)).toEqual(asJson(inProcess(jobs)));
      expect(workers.stats.workerBatches).toBe(Math.ceil(jobs.length / 2));
      expect(workers.stats.fallbackBatches).toBe(0);
      // A second call reuses the same workers.
      expect(asJson(await workers.parse(jobs.slice(0, 3)))).toEqual(asJson(inProcess(jobs.slice(0, 3))));
    } finally {
      await workers.close();
    }
  });

  it('falls back to this thread when a worker cannot start: same results, the error kept', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'sdd-pool-'));
    const broken = path.join(scratch, 'broken-worker.mjs');
    await writeFile(broken, 'throw new Error("worker failed to load");\n');
    const workers = pool.createParsePool({ size: 2, workerUrl: pathToFileURL(broken) });
    try {
      const results = await workers.parse(jobs);
      expect(asJson(results)).toEqual(asJson(inProcess(jobs)));
      expect(workers.stats.workerBatches).toBe(0);
      expect(workers.stats.fallbackBatches).toBeGreaterThan(0);
      expect(workers.stats.workerErrors.join('\n')).toContain('worker failed to load');
    } finally {
      await workers.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('hears each result once, as its batch comes back, before the parse resolves', async () => {
    const workers = pool.createParsePool({ size: 1, batchSize: 1 });
    const heard: number[] = [];
    try {
      const results = await workers.parse(jobs, (position, result) => {
        heard.push(position);
        expect(asJson(result)).toEqual(asJson(inProcess([jobs[position] as ParseJob])[0]));
      });
      expect([...heard].sort((a, b) => a - b)).toEqual(jobs.map((_, index) => index));
      expect(asJson(results)).toEqual(asJson(inProcess(jobs)));
    } finally {
      await workers.close();
    }
  });

  it('a worker that dies with two batches in flight hands both back: same results', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'sdd-pool-'));
    const dying = path.join(scratch, 'dying-worker.mjs');
    // Answers the first batch, then exits while the second (already sent) waits.
    const real = pathToFileURL(path.join(sddDist, 'parse-pool/parse-job.js')).href;
    await writeFile(
      dying,
      [
        "import { parentPort } from 'node:worker_threads';",
        `import { parseJob } from ${JSON.stringify(real)};`,
        'let answered = 0;',
        'parentPort.on("message", (request) => {',
        '  if (answered++ === 1) process.exit(3);',
        '  parentPort.postMessage({ id: request.id, results: request.jobs.map(parseJob) });',
        '});',
      ].join('\n'),
    );
    const workers = pool.createParsePool({ size: 1, batchSize: 2, workerUrl: pathToFileURL(dying) });
    try {
      const results = await workers.parse(jobs);
      expect(asJson(results)).toEqual(asJson(inProcess(jobs)));
      expect(workers.stats.workerBatches).toBe(1);
      expect(workers.stats.fallbackBatches).toBe(Math.ceil(jobs.length / 2) - 1);
      expect(workers.stats.workerErrors.join('\n')).toContain('exited with code 3');
    } finally {
      await workers.close();
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('returns an empty list for no jobs', async () => {
    const workers = pool.createParsePool({ size: 2 });
    try {
      expect(await workers.parse([])).toEqual([]);
    } finally {
      await workers.close();
    }
  });
});

describe('results are identical with and without cache and workers', () => {
  it('in-process without cache = workers with a cold cache = workers with a warm cache = in-process with a warm cache', async () => {
    const files = { specs: workspace.specFiles, provenance: workspace.provenanceFiles };
    const cacheDir = path.join(workspace.root, 'cache-under-test');
    const plain = await pool.parseDocumentsCached(workspace, files, { cache: false, workers: 0 });
    const coldWorkers = await pool.parseDocumentsCached(workspace, files, { cacheDir, workers: 2 });
    const warmWorkers = await pool.parseDocumentsCached(workspace, files, { cacheDir, workers: 2 });
    const warmInProcess = await pool.parseDocumentsCached(workspace, files, { cacheDir, workers: 0 });

    expect(coldWorkers.stats).toMatchObject({ parsed: jobs.length, workers: 2 });
    expect(warmWorkers.stats).toMatchObject({ parsed: 0, fromCache: jobs.length });
    const documents = (result: typeof plain) => asJson({ specs: result.specs, records: result.records, findings: result.findings });
    expect(documents(coldWorkers)).toEqual(documents(plain));
    expect(documents(warmWorkers)).toEqual(documents(plain));
    expect(documents(warmInProcess)).toEqual(documents(plain));
    expect(asJson({ specs: plain.specs, records: plain.records })).toEqual(
      asJson({ specs: inProcess(jobs.filter((job) => job.kind === 'spec')), records: inProcess(jobs.filter((job) => job.kind === 'provenance')) }),
    );
  });

  it('at outline depth too (what `sdd validate` reads), the workers started while the documents are read', async () => {
    const files = { specs: workspace.specFiles, provenance: workspace.provenanceFiles };
    const inThread = await pool.parseDocumentsCached(workspace, files, { cache: false, workers: 0, depth: 'outline' });
    const overWorkers = await pool.parseDocumentsCached(workspace, files, { cache: false, workers: 2, depth: 'outline' });
    expect(overWorkers.stats).toMatchObject({ parsed: jobs.length, workers: 2 });
    const documents = (result: typeof inThread) => asJson({ specs: result.specs, records: result.records, findings: result.findings });
    expect(documents(overWorkers)).toEqual(documents(inThread));
    const outline = (job: ParseJob) =>
      job.kind === 'spec' ? parse.parseSpec(job.file, job.text, { depth: 'outline' }) : parse.parseProvenance(job.file, job.text, { depth: 'outline' });
    expect(asJson([...inThread.specs, ...inThread.records])).toEqual(asJson(jobs.map(outline)));
  });
});
