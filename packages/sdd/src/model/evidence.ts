import { z } from 'zod';
import { SourceLocationSchema } from './location.js';

/**
 * What the check stage hands on: for every validation step of every spec,
 * what sdd found out by running the step's checks. A check that could not
 * run says `not-run` with its reason; it is never a pass.
 */

/** One machine-readable check: a kind from the registry and its arguments. */
export const CheckDefinitionSchema = z.object({
  kind: z.string(),
  args: z.record(z.string(), z.unknown()),
});
export type CheckDefinition = z.infer<typeof CheckDefinitionSchema>;

export const CheckStatusSchema = z.enum(['pass', 'fail', 'not-run']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** A fact the check saw: a matching line, a resource address, a command's output tail, a git commit. */
export const EvidenceItemSchema = z.object({
  message: z.string(),
  location: SourceLocationSchema.optional(),
  /** Terraform address (`azurerm_public_ip.node2`) or other non-file reference. */
  address: z.string().optional(),
  /** Verbatim output (command tail, diff), kept short by the producer. */
  output: z.string().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

/** Content digest of an input the check read, so a later run can tell whether the evidence still holds. */
export const InputDigestSchema = z.object({
  path: z.string(),
  /** git blob id (sha1 of `blob <size>\0<content>`) of the content read; null when the path did not exist. */
  blob: z.string().nullable(),
});
export type InputDigest = z.infer<typeof InputDigestSchema>;

export const CheckOutcomeSchema = z.object({
  kind: z.string(),
  args: z.record(z.string(), z.unknown()),
  status: CheckStatusSchema,
  /** One line a reviewer reads first: "`k8s/app/` has exactly 4 files", "terraform not found on PATH". */
  summary: z.string(),
  evidence: z.array(EvidenceItemSchema),
  /** For `not-run`: why it could not run (missing tool, provider not installable, command not allowed). */
  reason: z.string().optional(),
  inputs: z.array(InputDigestSchema).optional(),
  durationMs: z.number().optional(),
});
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

/** How a step got its checks: written by the spec's author, inferred from its wording, or neither. */
export const CheckSourceSchema = z.enum(['declared', 'inferred', 'manual']);
export type CheckSource = z.infer<typeof CheckSourceSchema>;

/** A step's overall status: the worst of its checks (fail > not-run > pass); `manual` when it has none. */
export const StepStatusSchema = z.enum(['pass', 'fail', 'not-run', 'manual']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

export const StepEvidenceSchema = z.object({
  spec: z.string(),
  step: z.number().int(),
  stepText: z.string(),
  source: CheckSourceSchema,
  status: StepStatusSchema,
  checks: z.array(CheckOutcomeSchema),
  /** The validation step in the spec. */
  location: SourceLocationSchema,
  /** Where the declaration or inference came from (the sdd-checks block entry), when there is one. */
  declaredAt: SourceLocationSchema.optional(),
});
export type StepEvidence = z.infer<typeof StepEvidenceSchema>;

/** Worst-of rule for combining a step's checks. */
export function combineStatuses(statuses: readonly CheckStatus[]): StepStatus {
  if (statuses.length === 0) return 'manual';
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('not-run')) return 'not-run';
  return 'pass';
}

/** The words reports show for a step status. */
export const STEP_STATUS_LABEL: Record<StepStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-run': 'Not run',
  manual: 'Manual',
};
