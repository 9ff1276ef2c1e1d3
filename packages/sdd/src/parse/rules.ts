import type { Finding, SourceLocation } from '../model/index.js';
import { ruleFinding, type RuleId } from '../model/rules.js';

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

/** Records a finding of the parse, at the rule's default severity. */
export function report(context: ParseContext, ruleId: RuleId, message: string, location: SourceLocation): void {
  context.findings.push(ruleFinding(ruleId, message, { location }));
}
