import type { DocumentKind } from './documents-cache.js';
import type { ParseDepth, ParseResult } from '../parse/index.js';

/** One document to parse: the text travels with the job, so workers never touch the file system. */
export interface ParseJob {
  kind: DocumentKind;
  file: string;
  text: string;
  depth: ParseDepth;
}

export interface BatchRequest {
  id: number;
  jobs: ParseJob[];
}

export interface BatchResponse {
  id: number;
  results: ParseResult<unknown>[];
}
