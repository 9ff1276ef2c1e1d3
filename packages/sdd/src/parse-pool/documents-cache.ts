import { z } from 'zod';
import { FindingSchema, ProvenanceDocumentSchema, SpecDocumentSchema, TaskListDocumentSchema } from '../model/index.js';
import type { Finding, ProvenanceDocument, SpecDocument, TaskListDocument } from '../model/index.js';
import type { DocumentKind, ParseDepth } from '../parse/index.js';
import { cacheKey } from '../cache/key.js';

export type { DocumentKind } from '../parse/index.js';

const resultSchemas = {
  spec: z.object({ document: SpecDocumentSchema.nullable(), findings: z.array(FindingSchema) }),
  provenance: z.object({ document: ProvenanceDocumentSchema.nullable(), findings: z.array(FindingSchema) }),
  tasks: z.object({ document: TaskListDocumentSchema.nullable(), findings: z.array(FindingSchema) }),
};

/** What a parse produces, as the cache stores it: the document (or null) and the findings. */
export interface CachedParse {
  document: SpecDocument | ProvenanceDocument | TaskListDocument | null;
  findings: Finding[];
}

export function parseResultSchema(kind: DocumentKind): z.ZodType<CachedParse> {
  return resultSchemas[kind];
}

/** A document's parse depends on its kind, the depth read, its path (locations name it) and its text: nothing else. */
export function documentKey(kind: DocumentKind, file: string, text: string, depth: ParseDepth): string {
  return cacheKey(`parse/${kind}/${depth}`, file, text);
}

/**
 * Stands for "this document's own path" in a packed entry. Every location
 * of a document names its file: stored as is, that path was most of an
 * entry's bytes, and loaded as is, one copy of the string per location.
 * No `file` field of the model is a number, so the marker cannot clash.
 */
const OWN_FILE = 0;

/** The parse result with each `file` that names the document itself replaced by the marker. */
export function packParse(file: string, result: CachedParse): unknown {
  return replaceFile(result, (value) => (value === file ? OWN_FILE : value));
}

/**
 * The inverse of `packParse`, on a freshly parsed cache entry (changed in
 * place): the marker becomes the document's path, one string shared by
 * every location, as a fresh parse gives.
 */
export function unpackParse(file: string, packed: unknown): unknown {
  restoreFile(packed, file);
  return packed;
}

function replaceFile(value: unknown, replace: (file: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((one) => replaceFile(one, replace));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, one] of Object.entries(value as Record<string, unknown>)) {
    out[key] = key === 'file' ? replace(one) : replaceFile(one, replace);
  }
  return out;
}

function restoreFile(value: unknown, file: string): void {
  if (Array.isArray(value)) {
    for (const one of value) restoreFile(one, file);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (key === 'file' && record[key] === OWN_FILE) record[key] = file;
    else restoreFile(record[key], file);
  }
}
