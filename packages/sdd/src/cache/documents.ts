import { z } from 'zod';
import { FindingSchema, ProvenanceDocumentSchema, SpecDocumentSchema } from '../model/index.js';
import type { Finding, ProvenanceDocument, SpecDocument } from '../model/index.js';
import { cacheKey } from './key.js';

/** What a parse produces, as the cache stores it: the document (or null) and the findings. */
export type DocumentKind = 'spec' | 'provenance';

const resultSchemas = {
  spec: z.object({ document: SpecDocumentSchema.nullable(), findings: z.array(FindingSchema) }),
  provenance: z.object({ document: ProvenanceDocumentSchema.nullable(), findings: z.array(FindingSchema) }),
};

export interface CachedParse {
  document: SpecDocument | ProvenanceDocument | null;
  findings: Finding[];
}

export function parseResultSchema(kind: DocumentKind): z.ZodType<CachedParse> {
  return resultSchemas[kind];
}

/** A document's parse depends on its kind, its path (locations name it) and its text: nothing else. */
export function documentKey(kind: DocumentKind, file: string, text: string): string {
  return cacheKey(`parse/${kind}`, file, text);
}
