import { z } from 'zod';
import { SourceLocationSchema } from './location.js';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** A severity as the configuration may set it: `off` drops the rule's findings. */
export const SeveritySettingSchema = z.enum(['error', 'warning', 'info', 'off']);
export type SeveritySetting = z.infer<typeof SeveritySettingSchema>;

/**
 * One thing sdd has to say about the repository: a broken document, a check
 * that failed against a claimed Pass, a file the record forgot. Findings are
 * data; every stage returns them and only the report stage renders them.
 */
export const FindingSchema = z.object({
  /** Stable id, `<area>/<name>`, e.g. `provenance/missing-section`; configurable in `.sdd/config.yaml`. */
  ruleId: z.string(),
  severity: SeveritySchema,
  message: z.string(),
  /** The offending element: the row, heading or line that a reviewer should open. */
  location: SourceLocationSchema.optional(),
  /** Other places that explain the finding (the spec step a row should match, the file a row names). */
  related: z.array(SourceLocationSchema).optional(),
  /** Repository-relative path of the spec the finding belongs to, when it belongs to one. */
  spec: z.string().optional(),
  /** Structured detail for machine consumers (expected/actual values, commit ids). */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** What a stage declares about each rule it can report: documented in the README and `sdd rules`. */
export interface RuleDefinition {
  id: string;
  defaultSeverity: Severity;
  description: string;
}
