import { parentPort } from 'node:worker_threads';
import { parseJob } from './parse-job.js';
import type { BatchRequest, BatchResponse } from './protocol.js';

// A parse worker: batches in, ParseResults out (structured clone). parseJob never throws.
parentPort?.on('message', (request: BatchRequest) => {
  const response: BatchResponse = { id: request.id, results: request.jobs.map(parseJob) };
  parentPort?.postMessage(response);
});
