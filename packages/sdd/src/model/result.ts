import { z } from 'zod';
import { ArtifactStatusSchema, ResultWordSchema } from './documents.js';
import { StepEvidenceSchema, StepStatusSchema } from './evidence.js';
import { FindingSchema } from './finding.js';
import { SourceLocationSchema } from './location.js';
import { RESULT_SCHEMA_VERSION } from './schema-version.js';
import { TaskListResultSchema, TaskSummarySchema } from './tasks.js';

/**
 * What the compare stage hands to the report stage: one result for the whole
 * run. Every report format (text, json, markdown, html, junit, sarif,
 * annotations) is a rendering of this data; none analyses anything again.
 * The JSON format is this object, serialised with stable ordering.
 */

export { RESULT_SCHEMA_VERSION };

/** What git says happened to a path in the change a record describes. */
export const GitActualSchema = z.enum(['added', 'modified', 'deleted', 'renamed', 'untouched']);
export type GitActual = z.infer<typeof GitActualSchema>;

export const ArtifactVerdictSchema = z.enum([
  'match',
  /** The change touched the file; the table does not list it. */
  'unlisted',
  /** The table lists the file; the change did not touch it. */
  'phantom',
  'wrong-status',
  /** Listed as Created/Modified but absent now. */
  'missing',
  /** Listed as Deleted but present now. */
  'still-present',
  /** The path leaves the repository: rejected, never read. */
  'outside-repo',
  /** Status word not understood, or git facts unavailable: nothing could be compared. */
  'unknown',
]);
export type ArtifactVerdict = z.infer<typeof ArtifactVerdictSchema>;

export const ArtifactComparisonSchema = z.object({
  path: z.string(),
  /** The previous path, for a rename. */
  oldPath: z.string().optional(),
  /** The status the record claims; null for a file the record does not list. */
  claimed: ArtifactStatusSchema.nullable(),
  rawClaim: z.string().nullable(),
  /** What git shows; null when git facts are unavailable. */
  actual: GitActualSchema.nullable(),
  existsNow: z.boolean(),
  verdict: ArtifactVerdictSchema,
  /** The table row, for listed files. */
  location: SourceLocationSchema.optional(),
  /** The blob git holds for the path at the record's commit (null when deleted there), and that commit. */
  blob: z.string().nullable().optional(),
  commit: z.string().nullable().optional(),
  /** Later commits that changed the file and that no record describes. */
  laterCommits: z.array(z.string()).optional(),
});
export type ArtifactComparison = z.infer<typeof ArtifactComparisonSchema>;

export const StepVerdictSchema = z.enum([
  /** Claimed result and sdd's result agree. */
  'confirmed',
  /** Claimed Pass; the check failed or could not run, or a fact the step states is false (refuted). */
  'overclaimed',
  /** Claimed Fail; the check passes. */
  'contradicted',
  /** Claimed Not run / Not applicable; sdd could run it (its result is shown). */
  'underclaimed',
  /** The step has no executable check: the claim cannot be verified. */
  'unverified',
  /** A spec step with no row in the record. */
  'missing-row',
  /** A row that matches no step of the spec. */
  'extra-row',
  /** The row's result word is not understood. */
  'unknown-claim',
  /** No provenance record: nothing claimed. */
  'unclaimed',
  /** Claimed Pass; the facts the step states hold, and the rest of it is for a person to judge: not a confirmation. */
  'consistent',
  /** Confirmed at the record's own change; a later commit changed what the step reads and it fails now. */
  'superseded',
  /** The step needs a working tree and what it reads changed after the record's change: not checked again. */
  'not-re-run',
]);
export type StepVerdict = z.infer<typeof StepVerdictSchema>;

export const StepComparisonSchema = z.object({
  /** The spec's step number; null for an extra row. */
  step: z.number().int().nullable(),
  stepText: z.string().nullable(),
  /** The record's row. */
  claimed: ResultWordSchema.nullable(),
  rawClaim: z.string().nullable(),
  claimedDetail: z.string().nullable(),
  rowText: z.string().nullable(),
  rowLocation: SourceLocationSchema.optional(),
  /** sdd's result; null for an extra row. */
  actual: StepStatusSchema.nullable(),
  evidence: StepEvidenceSchema.nullable(),
  verdict: StepVerdictSchema,
});
export type StepComparison = z.infer<typeof StepComparisonSchema>;

/** How many steps have checks declared, inferred from their whole wording, facts read from part of it (partial), or nothing. */
export const CoverageSchema = z.object({
  steps: z.number().int(),
  declared: z.number().int(),
  inferred: z.number().int(),
  partial: z.number().int(),
  manual: z.number().int(),
});
export type Coverage = z.infer<typeof CoverageSchema>;

/** How the record relates to the versions of its spec (issue: evidence that lasts). */
export const RecordVersionSchema = z.object({
  /** The commit that added or last amended the record; null when uncommitted. */
  recordCommit: z.string().nullable(),
  specBlobAtRecord: z.string().nullable(),
  specBlobNow: z.string().nullable(),
  /** current: spec unchanged since the record; suspect: spec changed after it; unknown: no git facts. */
  status: z.enum(['current', 'suspect', 'unknown']),
  /** Commits that changed the spec after the record. */
  specCommitsSince: z.array(z.string()),
  stepChanges: z.array(
    z.object({
      change: z.enum(['added', 'removed', 'reworded']),
      step: z.number().int(),
      before: z.string().nullable(),
      after: z.string().nullable(),
    }),
  ),
});
export type RecordVersion = z.infer<typeof RecordVersionSchema>;

export const ChangeSchema = z.object({
  /** How the change was found: the commits that added/amended the record, or an explicit `--base` range. */
  source: z.enum(['record-commits', 'base-range', 'working-tree', 'none']),
  base: z.string().nullable(),
  commits: z.array(z.string()),
  /** Whether uncommitted changes were included. */
  includesWorkingTree: z.boolean(),
});
export type Change = z.infer<typeof ChangeSchema>;

/** One spec's share of the summary's counts: what a settled spec, listed in short, still adds up to. */
export const SpecCountsSchema = z.object({
  steps: z.object({
    pass: z.number().int(),
    fail: z.number().int(),
    notRun: z.number().int(),
    manual: z.number().int(),
    consistent: z.number().int(),
    /** Steps of older records not checked again (they need a working tree; what they read changed since). */
    notReRun: z.number().int(),
    /** Steps confirmed at their record's change that fail now: superseded by a later change. */
    superseded: z.number().int(),
  }),
  claims: z.object({ total: z.number().int(), verified: z.number().int(), unverifiable: z.number().int(), contradicted: z.number().int() }),
  artifacts: z.object({ total: z.number().int(), matching: z.number().int(), drift: z.number().int() }),
});
export type SpecCounts = z.infer<typeof SpecCountsSchema>;

export const SpecResultSchema = z.object({
  spec: z.object({
    file: z.string(),
    number: z.number().int().nullable(),
    slug: z.string().nullable(),
    title: z.string().nullable(),
    draft: z.boolean().nullable(),
  }),
  provenance: z
    .object({ file: z.string(), executed: z.string().nullable(), agent: z.string().nullable() })
    .nullable(),
  change: ChangeSchema.nullable(),
  steps: z.array(StepComparisonSchema),
  artifacts: z.array(ArtifactComparisonSchema),
  coverage: CoverageSchema,
  record: RecordVersionSchema.nullable(),
  /** Findings about this spec or its record, sorted by file, line, rule. */
  findings: z.array(FindingSchema),
  /**
   * With `--base`: nothing this spec's result read changed after the base, so the pull
   * request cannot have changed it. Its `steps` and `artifacts` are not listed; `counts`
   * is what they add to the summary (docs/history.md).
   */
  settled: z.object({ base: z.string(), counts: SpecCountsSchema }).optional(),
});
export type SpecResult = z.infer<typeof SpecResultSchema>;

/**
 * With `--base`: the settled specs that have no finding, counted rather than listed (spec 0052).
 * `specs` names each (spec file and record file, sorted by spec file); `counts` and `coverage` are
 * what they add to the summary. A settled spec with findings is listed in `specs[]` in short.
 */
export const SettledGroupSchema = z.object({
  base: z.string(),
  specs: z.array(z.object({ file: z.string(), record: z.string() })),
  counts: SpecCountsSchema,
  coverage: CoverageSchema,
});
export type SettledGroup = z.infer<typeof SettledGroupSchema>;

export const SummarySchema = z.object({
  specs: z.number().int(),
  records: z.number().int(),
  /** sdd's result per step; `consistent`: a partial step whose facts hold (not a pass). */
  steps: SpecCountsSchema.shape.steps,
  /** Claims in the records' Validation Results: how many sdd verified, could not verify, or found wrong. */
  claims: SpecCountsSchema.shape.claims,
  artifacts: SpecCountsSchema.shape.artifacts,
  findings: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  coverage: CoverageSchema,
  /** With `--base`: how many specs are settled (counted in `settled`, or listed in short with their findings); absent when none is. */
  settled: z.number().int().optional(),
  /** spec-kit and OpenSpec task lists; absent when the run found none. */
  tasks: TaskSummarySchema.optional(),
});
export type Summary = z.infer<typeof SummarySchema>;

export const ValidateResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('sdd'), version: z.string() }),
  /** Findings not tied to one spec (configuration, discovery, duplicate numbers, orphan records). */
  findings: z.array(FindingSchema),
  specs: z.array(SpecResultSchema),
  /** With `--base`: settled specs without findings, counted here instead of listed in `specs` (spec 0052); absent when none is. */
  settled: SettledGroupSchema.optional(),
  /** spec-kit features and OpenSpec changes with their task lists, by folder; absent when the run found none. */
  taskLists: z.array(TaskListResultSchema).optional(),
  summary: SummarySchema,
  /** 0 clean, 1 findings at error level. (2, usage or configuration error, produces no result.) */
  exitCode: z.union([z.literal(0), z.literal(1)]),
});
export type ValidateResult = z.infer<typeof ValidateResultSchema>;
