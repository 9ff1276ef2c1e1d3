import { z } from 'zod';
import { SourceLocationSchema } from './location.js';

/**
 * The document model: what the parse stage makes of specs and provenance
 * records. Every element carries the place it came from, so that every later
 * finding can name a file and a line. Texts are plain text (markdown removed),
 * except where a field says otherwise.
 */

/** Byte range in the file's UTF-8 text (as a JS string index), for tools that rewrite one element only. */
export const SpanSchema = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });
export type Span = z.infer<typeof SpanSchema>;

export const HeaderFieldSchema = z.object({
  /** The label without bold markers or colon: `Spec`, `Executed`, `Agent`, `Status`, … */
  name: z.string(),
  value: z.string(),
  /** Inline code found in the value (e.g. the spec path in `**Spec:** \`…\``). */
  codeSpans: z.array(z.string()),
  location: SourceLocationSchema,
});
export type HeaderField = z.infer<typeof HeaderFieldSchema>;

export const SectionSchema = z.object({
  title: z.string(),
  /** Heading depth, 1–6. */
  depth: z.number().int().min(1).max(6),
  /** Titles of the enclosing sections, outermost first (e.g. `['Builder Agent Record']`). */
  parents: z.array(z.string()),
  location: SourceLocationSchema,
  /** From the heading to just before the next heading of the same or a higher level. */
  span: SpanSchema,
});
export type Section = z.infer<typeof SectionSchema>;

export interface ListItem {
  text: string;
  /** The number the author wrote, for ordered lists. */
  number: number | null;
  codeSpans: string[];
  location: z.infer<typeof SourceLocationSchema>;
  children: ListItem[];
}
export const ListItemSchema: z.ZodType<ListItem> = z.lazy(() =>
  z.object({
    text: z.string(),
    number: z.number().int().nullable(),
    codeSpans: z.array(z.string()),
    location: SourceLocationSchema,
    children: z.array(ListItemSchema),
  }),
);

export const TableRowSchema = z.object({
  /** Plain text of each cell, as many as the header has (missing cells are reported, and read as ''). */
  cells: z.array(z.string()),
  /** Inline code in each cell. */
  codeSpans: z.array(z.array(z.string())),
  location: SourceLocationSchema,
});
export type TableRow = z.infer<typeof TableRowSchema>;

export const TableSchema = z.object({
  header: z.array(z.string()),
  rows: z.array(TableRowSchema),
  location: SourceLocationSchema,
  span: SpanSchema,
});
export type Table = z.infer<typeof TableSchema>;

/** Free-form sections (Decisions, Assumptions, Deviations …) come as a table, a list, or prose. */
export const SectionContentSchema = z.object({
  form: z.enum(['table', 'list', 'text', 'empty']),
  /** The plain text of the whole section body. */
  text: z.string(),
  items: z.array(ListItemSchema),
  table: TableSchema.nullable(),
  location: SourceLocationSchema,
});
export type SectionContent = z.infer<typeof SectionContentSchema>;

// ---------------------------------------------------------------- spec

export const ValidationStepSchema = z.object({
  /** The step's number as written (1-based). */
  number: z.number().int(),
  /** Plain text of the step, markdown removed, inline code kept as its text. */
  text: z.string(),
  /** The step's original markdown source (for inference that needs code-span boundaries). */
  markdown: z.string(),
  codeSpans: z.array(z.string()),
  /** Code spans that look like repository paths (`infra/main.tf`, `k8s/app/`, `sites/**`). */
  paths: z.array(z.string()),
  /** Code spans that look like shell commands (`pnpm lint`, `terraform fmt -check`). */
  commands: z.array(z.string()),
  location: SourceLocationSchema,
});
export type ValidationStep = z.infer<typeof ValidationStepSchema>;

/** A fenced block that declares machine-readable checks (```yaml sdd-checks). The check stage parses it. */
export const CheckBlockSchema = z.object({
  lang: z.string(),
  meta: z.string(),
  content: z.string(),
  /** The opening fence. */
  location: SourceLocationSchema,
  /** Line of the first content line, so YAML errors map back to the spec's lines. */
  contentLine: z.number().int().min(1),
});
export type CheckBlock = z.infer<typeof CheckBlockSchema>;

export const SpecDocumentSchema = z.object({
  kind: z.literal('spec'),
  file: z.string(),
  /** NNNN from `spec-NNNN-slug.md`; null when the name does not follow the convention. */
  number: z.number().int().nullable(),
  slug: z.string().nullable(),
  /** Front matter `title`, else the first level-1 heading. */
  title: z.string().nullable(),
  /** Front matter `draft`, or a `## Status` section saying Draft; null when the document does not say. */
  draft: z.boolean().nullable(),
  frontMatter: z.record(z.string(), z.unknown()).nullable(),
  headerFields: z.array(HeaderFieldSchema),
  sections: z.array(SectionSchema),
  /** Absent when parsed at outline depth (what `sdd validate` reads), as are `outOfScope` and `manualSteps`. */
  prerequisites: z.array(ListItemSchema).optional(),
  outOfScope: z.array(ListItemSchema).optional(),
  manualSteps: z.array(ListItemSchema).optional(),
  /** The `Validation steps` heading, null when the spec has none. */
  validationSection: SourceLocationSchema.nullable(),
  validationSteps: z.array(ValidationStepSchema),
  checkBlocks: z.array(CheckBlockSchema),
});
export type SpecDocument = z.infer<typeof SpecDocumentSchema>;

// ---------------------------------------------------------------- provenance

/** Normalised artifact statuses. `Unchanged` is what records mean by "Pre-existing" or "Already existed". */
export const ArtifactStatusSchema = z.enum(['Created', 'Modified', 'Deleted', 'Renamed', 'Unchanged']);
export type ArtifactStatus = z.infer<typeof ArtifactStatusSchema>;

export const ArtifactRowSchema = z.object({
  /** The path as the row names it (backticks removed). */
  path: z.string(),
  /** Null when the status word is not one sdd knows; the row is reported. */
  status: ArtifactStatusSchema.nullable(),
  rawStatus: z.string(),
  /** What follows the status word: `Modified — appended …` gives `appended …`. */
  detail: z.string().nullable(),
  location: SourceLocationSchema,
});
export type ArtifactRow = z.infer<typeof ArtifactRowSchema>;

export const ResultWordSchema = z.enum(['Pass', 'Fail', 'Not run', 'Not applicable']);
export type ResultWord = z.infer<typeof ResultWordSchema>;

export const ResultRowSchema = z.object({
  /** The `#` cell; null when the table has no number column or the cell is not a number. */
  number: z.number().int().nullable(),
  /** The check as the row states it (plain text). */
  check: z.string(),
  checkCodeSpans: z.array(z.string()),
  /** Null when the result word is not one sdd knows; the row is reported. */
  result: ResultWordSchema.nullable(),
  rawResult: z.string(),
  detail: z.string().nullable(),
  location: SourceLocationSchema,
});
export type ResultRow = z.infer<typeof ResultRowSchema>;

export const ArtifactsTableSchema = z.object({ table: TableSchema, rows: z.array(ArtifactRowSchema) });
export const ResultsTableSchema = z.object({ table: TableSchema, rows: z.array(ResultRowSchema) });

export const BuildStatusSchema = z.object({
  status: z.string().nullable(),
  summary: z.string().nullable(),
  knownLimitations: z.string().nullable(),
  location: SourceLocationSchema,
});

export const TestingRecordSchema = z.object({
  headerFields: z.array(HeaderFieldSchema),
  /** Sub-tables of Findings, by their heading: Gaps, Assumption Challenges, Ambiguity Assessments, Silences. */
  findings: z.array(z.object({ title: z.string(), content: SectionContentSchema })),
  scenarioResults: SectionContentSchema.nullable(),
  recommendations: SectionContentSchema.nullable(),
  location: SourceLocationSchema,
});

export const ProvenanceDocumentSchema = z.object({
  kind: z.literal('provenance'),
  file: z.string(),
  /** From the file name (`spec-NNNN-slug.provenance.md`, or looser forms such as `prov-NNNN-slug.md`). */
  number: z.number().int().nullable(),
  slug: z.string().nullable(),
  title: z.string().nullable(),
  draft: z.boolean().nullable(),
  frontMatter: z.record(z.string(), z.unknown()).nullable(),
  headerFields: z.array(HeaderFieldSchema),
  /** The `**Spec:**` field's path, as written. */
  specRef: z.object({ path: z.string(), location: SourceLocationSchema }).nullable(),
  executed: z.string().nullable(),
  agent: z.string().nullable(),
  /** `flat` (the seed: sections at level 2) or `builder-testing` (the template's two agent records). */
  layout: z.enum(['flat', 'builder-testing']),
  sections: z.array(SectionSchema),
  actions: z.array(ListItemSchema),
  /**
   * Null when the record has no such section. Absent when parsed at outline
   * depth (what `sdd validate` reads), as are `assumptions`, `ambiguities`,
   * `deviations`, `buildStatus`, `postMergeSteps` and `testing`.
   */
  decisions: SectionContentSchema.nullable().optional(),
  assumptions: SectionContentSchema.nullable().optional(),
  ambiguities: SectionContentSchema.nullable().optional(),
  deviations: SectionContentSchema.nullable().optional(),
  artifacts: ArtifactsTableSchema.nullable(),
  buildStatus: BuildStatusSchema.nullable().optional(),
  validationResults: ResultsTableSchema.nullable(),
  postMergeSteps: z.array(ListItemSchema).optional(),
  testing: TestingRecordSchema.nullable().optional(),
});
export type ProvenanceDocument = z.infer<typeof ProvenanceDocumentSchema>;

export type SddDocument = SpecDocument | ProvenanceDocument;
