import { parseProvenance, parseSpec, type ParseResult } from '../parse/index.js';
import type { ParseJob } from './protocol.js';

/** The same call in a worker and in-process: this is why the two give identical results. */
export function parseJob(job: ParseJob): ParseResult<unknown> {
  return job.kind === 'spec' ? parseSpec(job.file, job.text) : parseProvenance(job.file, job.text);
}
