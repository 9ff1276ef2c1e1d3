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

/**
 * `not-re-run`: the check needs a working tree (a command, a synth), and what
 * it reads changed after the record's change, so today's tree says nothing
 * about the record (re-run it there with `--history full`).
 */
export const CheckStatusSchema = z.enum(['pass', 'fail', 'not-run', 'not-re-run']);
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

/** How a fact's file was found: as the step wrote it, or by its name in the record's table, the spec's paths, or the repository. */
export const PlacedBySchema = z.enum(['as-written', 'artifacts', 'spec', 'repository']);

/**
 * A fact a prose step states, which sdd checks without understanding the rest
 * of the step (`check/facts/`): a necessary condition of the claim. It can
 * refute a claimed Pass; it never confirms one.
 */
export const StatedFactNoteSchema = z.object({
  /** The fact in words: "`src/Greeting.tsx` mentions `formatGreeting`". */
  claim: z.string(),
  /** The words of the step it was read from. */
  quote: z.string(),
  /** Where those words are in the step's markdown (string offsets, end exclusive). */
  span: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  /** The file as the step names it and where sdd found it, when the step gives a bare name or a description. */
  placed: z.object({ written: z.string(), path: z.string(), by: PlacedBySchema }).optional(),
});
export type StatedFactNote = z.infer<typeof StatedFactNoteSchema>;

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
  /** For a step read as facts: the fact this check verifies. */
  fact: StatedFactNoteSchema.optional(),
  /** The commit this outcome is about (a record judged at its own change); absent: the working tree. */
  at: z.string().optional(),
  /** For an outcome `at` an older commit: the same check on the current tree. */
  now: z.object({ status: z.enum(['pass', 'fail', 'not-run']), summary: z.string(), inputs: z.array(InputDigestSchema).optional() }).optional(),
});
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

/** A change after a record's commit: a later commit, or (commit null) the uncommitted working tree. */
export const LaterChangeSchema = z.object({
  commit: z.string().nullable(),
  subject: z.string().nullable(),
  /** The spec whose record describes that commit, when one does (filled in by the compare stage). */
  spec: z.string().nullable(),
});
export type LaterChange = z.infer<typeof LaterChangeSchema>;

/**
 * How a step got its checks: written by the spec's author, inferred from its
 * whole wording, read as facts from part of it (`partial`: they can refute
 * the step, never confirm it), or none of these.
 */
export const CheckSourceSchema = z.enum(['declared', 'inferred', 'partial', 'manual']);
export type CheckSource = z.infer<typeof CheckSourceSchema>;

/**
 * A step's overall status: the worst of its checks (fail > not-run >
 * not-re-run > pass); `manual` when it has none. A partial step is `fail`
 * when a fact fails, `consistent` when its facts hold (which is not a pass:
 * the rest of the step is for a person to judge), `not-run` when none could
 * be checked.
 */
export const StepStatusSchema = z.enum(['pass', 'fail', 'not-run', 'not-re-run', 'manual', 'consistent']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

/** How a step of a record committed earlier was judged: at the record's commit, and what changed since. */
export const StepHistorySchema = z.object({
  /** The record's commit: the step's status is its status there. */
  at: z.string(),
  /** The step's status on the current tree, when sdd checked it there as well; null when it did not. */
  now: StepStatusSchema.nullable(),
  /** The first change after `at` to what the step reads; null when nothing it reads changed since. */
  laterChange: LaterChangeSchema.nullable(),
});
export type StepHistory = z.infer<typeof StepHistorySchema>;

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
  /** For a partial step: the words of the step no fact covers, which a person must still judge. */
  unjudged: z.string().optional(),
  /** Set when the step was judged at its record's commit rather than on the working tree. */
  history: StepHistorySchema.optional(),
  /** The spec marks the step a lasting invariant (front matter `invariants`): always checked on the current tree. */
  invariant: z.boolean().optional(),
});
export type StepEvidence = z.infer<typeof StepEvidenceSchema>;

/** Worst-of rule for combining a step's checks. */
export function combineStatuses(statuses: readonly CheckStatus[]): StepStatus {
  if (statuses.length === 0) return 'manual';
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('not-run')) return 'not-run';
  if (statuses.includes('not-re-run')) return 'not-re-run';
  return 'pass';
}

/** A partial step's status: a failed fact refutes it; facts that hold leave it consistent, not passed. */
export function partialStatus(statuses: readonly CheckStatus[]): StepStatus {
  if (statuses.length === 0) return 'manual';
  if (statuses.includes('fail')) return 'fail';
  return statuses.includes('pass') ? 'consistent' : 'not-run';
}

/** The words reports show for a step status. */
export const STEP_STATUS_LABEL: Record<StepStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-run': 'Not run',
  'not-re-run': 'Not re-run',
  manual: 'Manual',
  consistent: 'Consistent',
};
