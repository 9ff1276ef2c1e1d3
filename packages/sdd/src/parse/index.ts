import type { Finding, ProvenanceDocument, SpecDocument, TaskListDocument } from '../model/index.js';
import { ProvenanceDocumentSchema, SpecDocumentSchema, TaskListDocumentSchema } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';
import { tooComplex } from './complexity.js';
import { unclosedFrontMatter } from './front-matter.js';
import { inspectInput } from './input.js';
import { provenanceDocumentOf } from './provenance.js';
import type { ParseContext, ParseOptions } from './rules.js';
import { specDocumentOf } from './spec.js';
import { taskListDocumentOf } from './task-list.js';

/**
 * The parse stage: markdown text → typed, located documents. Pure: the
 * caller reads the file; this never throws. A file that cannot be a document
 * (empty, binary, too large) gives a null document; anything else gives a
 * document, with findings for what was malformed.
 */

/** A parse never throws: a document it cannot read is null, with findings saying why. */
export interface ParseResult<T> {
  document: T | null;
  findings: Finding[];
}

export function parseSpec(file: string, text: string, options: ParseOptions = {}): ParseResult<SpecDocument> {
  return parseWith(file, text, options, specDocumentOf, 'spec');
}

export function parseProvenance(file: string, text: string, options: ParseOptions = {}): ParseResult<ProvenanceDocument> {
  return parseWith(file, text, options, provenanceDocumentOf, 'provenance');
}

/** A spec-kit or OpenSpec `tasks.md` (read in full: its depth does not matter). */
export function parseTaskList(file: string, text: string, options: ParseOptions = {}): ParseResult<TaskListDocument> {
  return parseWith(file, text, options, taskListDocumentOf, 'tasks');
}

const MODEL_SCHEMAS = { spec: SpecDocumentSchema, provenance: ProvenanceDocumentSchema, tasks: TaskListDocumentSchema } as const;

/** The kinds of document the parse stage reads. */
export type DocumentKind = keyof typeof MODEL_SCHEMAS;

/**
 * The model is the contract with the later stages: a document that breaks it
 * is a bug here, reported, not passed on. A separate step, so that the parse
 * pool runs it on the main thread (idle while workers parse) for every
 * document, whoever parsed it.
 */
export function checkParseResult<T>(kind: DocumentKind, file: string, result: ParseResult<T>): ParseResult<T> {
  if (result.document === null) return result;
  const checked = MODEL_SCHEMAS[kind].safeParse(result.document);
  return checked.success ? result : { document: null, findings: [...result.findings, internalError(file, checked.error.message)] };
}

function parseWith<T>(
  file: string,
  text: string,
  options: ParseOptions,
  build: (context: ParseContext) => T,
  kind: DocumentKind,
): ParseResult<T> {
  const input = inspectInput(file, text);
  if (input.fatal.length > 0) return { document: null, findings: input.fatal };
  // Before remark: a few constructs cost it minutes per kilobyte (see complexity.ts).
  const complex = tooComplex(file, text);
  if (complex) return { document: null, findings: [...input.warnings, complex] };
  const unclosed = unclosedFrontMatter(text);
  const context: ParseContext = {
    file,
    text: unclosed ? unclosed.text : text,
    findings: unclosed ? [...input.warnings, unclosed.finding(file)] : [...input.warnings],
    depth: options.depth ?? 'full',
  };
  try {
    const result = { document: build(context), findings: context.findings };
    return options.checkModel === false ? result : checkParseResult(kind, file, result);
  } catch (error) {
    return { document: null, findings: [...context.findings, internalError(file, error instanceof Error ? error.message : String(error))] };
  }
}

function internalError(file: string, message: string): Finding {
  return ruleFinding('parse/internal', `sdd could not read ${file} (a bug in sdd; please report it): ${message.split('\n')[0] ?? ''}`, {
    location: { file, line: 1 },
  });
}

;
export {  type ParseDepth,  } from './rules.js';
export { looksLikeCommand, looksLikePath } from './classify.js';
export { specFilterMatches } from './spec-filter.js';
export { normaliseResult, normaliseStatus } from './words.js';
export { namePartsOf, PROVENANCE_FILE_NAME, SPEC_FILE_NAME } from './file-name.js';
export { artifactColumnsOf, resultColumnsOf } from './columns.js';
export { OUTLINE_READS, OUTLINE_UNREAD_FIELDS, PROVENANCE_SECTIONS,  } from './section-names.js';
export { normalizeTitle } from './sections.js';
export { specSaysDone,  } from './task-list.js';
export { filesNamedIn } from './task-files.js';
