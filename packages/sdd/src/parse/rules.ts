import type { Finding, RuleDefinition, Severity, SourceLocation } from '../model/index.js';

/** What the parse stage can report. A document it cannot read at all is null; everything else is parsed with findings. */
export const PARSE_RULES: RuleDefinition[] = [
  { id: 'parse/empty', defaultSeverity: 'error', description: 'The file is empty or holds only whitespace.' },
  { id: 'parse/binary', defaultSeverity: 'error', description: 'The file is binary (NUL bytes, or mostly bytes that are not UTF-8), not markdown.' },
  { id: 'parse/encoding', defaultSeverity: 'warning', description: 'The file holds bytes that are not valid UTF-8 (read as U+FFFD); text near them may be wrong.' },
  { id: 'parse/too-large', defaultSeverity: 'error', description: 'The file is larger than sdd reads as a document.' },
  { id: 'parse/too-complex', defaultSeverity: 'error', description: 'The markdown nests too deep, has a line too long, too many `[` in one paragraph or too many table cells: it would take minutes to parse, so it is not read.' },
  { id: 'parse/front-matter', defaultSeverity: 'error', description: 'The YAML front matter is invalid, too large, uses too many aliases, or is not a mapping.' },
  { id: 'parse/table-cells', defaultSeverity: 'warning', description: 'A table row has fewer or more cells than its header (missing cells read as empty, extra cells are dropped).' },
  { id: 'parse/extra-table', defaultSeverity: 'warning', description: 'A section that should hold one table holds several; only the first is read.' },
  { id: 'parse/duplicate-section', defaultSeverity: 'warning', description: 'A section appears twice; only the first is read.' },
  { id: 'parse/internal', defaultSeverity: 'error', description: 'sdd failed on this file (a bug in sdd): the document is skipped, the run goes on.' },
  { id: 'parse/check-block-placement', defaultSeverity: 'warning', description: 'An `sdd-checks` block outside the Validation steps section; it is not read.' },
];

/** The file and text being parsed, and the findings collected on the way (local to one parse call). */
export interface ParseContext {
  file: string;
  text: string;
  findings: Finding[];
  depth: ParseDepth;
}

/**
 * `full`: every section, the whole model. `outline`: every heading, but only
 * the sections `sdd validate` reads in full (OUTLINE_READS); the content
 * fields of the others are absent. The findings are the same at both depths.
 */
export type ParseDepth = 'full' | 'outline';

export interface ParseOptions {
  /** Default `full`. */
  depth?: ParseDepth;
  /** False: leave the model's schema check to the caller (`checkParseResult`). Default true. */
  checkModel?: boolean;
}

export function report(
  context: ParseContext,
  ruleId: string,
  severity: Severity,
  message: string,
  location: SourceLocation,
): void {
  context.findings.push({ ruleId, severity, message, location });
}
