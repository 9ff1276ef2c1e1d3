import { parseProvenance, parseSpec, parseTaskList, type ParseResult } from '../parse/index.js';
import type { ParseJob } from './protocol.js';

/**
 * The same call in a worker and in-process: this is why the two give
 * identical results. The model's schema check is left to the main thread
 * (`checkParseResult`), whoever parsed.
 */
export function parseJob(job: ParseJob): ParseResult<unknown> {
  const options = { depth: job.depth, checkModel: false };
  if (job.kind === 'tasks') return parseTaskList(job.file, job.text, options);
  return job.kind === 'spec' ? parseSpec(job.file, job.text, options) : parseProvenance(job.file, job.text, options);
}
