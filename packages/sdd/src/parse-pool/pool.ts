import { Worker } from 'node:worker_threads';
import type { ParseResult } from '../parse/index.js';
import { parseJob } from './parse-job.js';
import type { BatchRequest, BatchResponse, ParseJob } from './protocol.js';

/**
 * Parses documents over worker threads. Jobs go out in small batches that
 * idle workers pull, so a slow document does not hold up a whole share.
 * Results come back in job order. A worker that cannot start or dies hands
 * its batch back to this thread: slower, never a different result.
 */
export interface ParsePool {
  readonly size: number;
  /** Starts the workers now (loading the parser takes them a moment), not at the first `parse`. */
  start(): void;
  /** Results in job order; `onResult`, when given, hears each one as soon as its batch is back. */
  parse(jobs: ParseJob[], onResult?: (position: number, result: ParseResult<unknown>) => void): Promise<ParseResult<unknown>[]>;
  close(): Promise<void>;
  /** Batches parsed by workers, and batches this thread parsed because a worker failed. */
  readonly stats: { workerBatches: number; fallbackBatches: number; workerErrors: string[] };
}

/** @public */
export interface ParsePoolOptions {
  size: number;
  /** The compiled worker module; defaults to `worker.js` next to this module. */
  workerUrl?: URL;
  /** Documents per message; default: about eight batches per worker. */
  batchSize?: number;
}

interface Batch {
  id: number;
  start: number;
  jobs: ParseJob[];
}

/**
 * Measured with `pnpm bench`: against the default (16 MB) a third less time in scavenges; 64 MB
 * was at most 0.3 s faster on 1,000 pairs, for a 40–60 MB higher peak; 128 MB no faster.
 */
const WORKER_YOUNG_GENERATION_MB = 32;

export function createParsePool(options: ParsePoolOptions): ParsePool {
  const size = Math.max(1, Math.floor(options.size));
  const workerUrl = options.workerUrl ?? new URL('./worker.js', import.meta.url);
  const stats = { workerBatches: 0, fallbackBatches: 0, workerErrors: [] as string[] };
  let workers: Worker[] | null = null;

  const start = () => {
    workers ??= Array.from({ length: size }, () => {
      // A larger young generation: parsing allocates many short-lived objects, and with
      // the default (16 MB) a third of the time went to scavenges.
      const worker = new Worker(workerUrl, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      // Errors are handled per batch in drain(); this keeps a late one from crashing the process.
      worker.on('error', () => undefined);
      return worker;
    });
    return workers;
  };

  async function parse(jobs: ParseJob[], onResult?: (position: number, result: ParseResult<unknown>) => void): Promise<ParseResult<unknown>[]> {
    const results: ParseResult<unknown>[] = new Array<ParseResult<unknown>>(jobs.length);
    const batchSize = options.batchSize ?? Math.min(64, Math.max(1, Math.ceil(jobs.length / (size * 8))));
    const queue: Batch[] = [];
    for (let index = 0; index < jobs.length; index += batchSize) {
      queue.push({ id: queue.length, start: index, jobs: jobs.slice(index, index + batchSize) });
    }
    const place = (batch: Batch, batchResults: ParseResult<unknown>[]) => {
      batchResults.forEach((result, offset) => {
        results[batch.start + offset] = result;
        onResult?.(batch.start + offset, result);
      });
    };
    const inProcess = (batch: Batch) => {
      stats.fallbackBatches += 1;
      place(batch, batch.jobs.map(parseJob));
    };

    const live = start();
    const healthy = await Promise.all(live.map((worker) => drain(worker, queue, place, inProcess, stats)));
    const failed = live.filter((_, index) => !healthy[index]);
    workers = live.filter((_, index) => healthy[index]);
    if (workers.length === 0) workers = null;
    await Promise.all(failed.map((worker) => worker.terminate()));
    // Workers that failed leave their share to this thread.
    for (let batch = queue.shift(); batch; batch = queue.shift()) inProcess(batch);
    return results;
  }

  async function close(): Promise<void> {
    const running = workers ?? [];
    workers = null;
    await Promise.all(running.map((worker) => worker.terminate()));
  }

  return { size, start: () => void start(), parse, close, stats };
}

/**
 * One worker pulls batches until the queue is empty or the worker fails. Two
 * are in flight, so the worker starts the next while this thread takes in
 * the last one's results.
 */
function drain(
  worker: Worker,
  queue: Batch[],
  place: (batch: Batch, results: ParseResult<unknown>[]) => void,
  inProcess: (batch: Batch) => void,
  stats: ParsePool['stats'],
): Promise<boolean> {
  return new Promise((resolve) => {
    const inFlight: Batch[] = [];
    const finish = (healthy: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(healthy);
    };
    const send = () => {
      const batch = queue.shift();
      if (!batch) return;
      inFlight.push(batch);
      const request: BatchRequest = { id: batch.id, jobs: batch.jobs };
      worker.postMessage(request);
    };
    const onMessage = (response: BatchResponse) => {
      // The worker answers in the order it was asked.
      const batch = inFlight[0];
      if (batch && response.id === batch.id) {
        inFlight.shift();
        stats.workerBatches += 1;
        place(batch, response.results);
      }
      send();
      if (inFlight.length === 0) finish(true);
    };
    const fail = (message: string) => {
      stats.workerErrors.push(message);
      for (const batch of inFlight.splice(0)) inProcess(batch);
      finish(false);
    };
    const onError = (error: Error) => fail(error.message);
    const onExit = (code: number) => fail(`worker exited with code ${code}`);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    send();
    send();
    if (inFlight.length === 0) finish(true);
  });
}
