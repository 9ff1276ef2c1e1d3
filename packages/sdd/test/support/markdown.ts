/**
 * The text of specs and provenance records as an author writes them, for tests that run sdd on
 * files: one layout, so that the lines a test expects a finding at follow from the rows it gives.
 */

const pad = (n: number) => String(n).padStart(4, '0');

export const specFile = (input: { number: number; slug: string }) => `.sdd/specification/spec-${pad(input.number)}-${input.slug}.md`;
export const recordFile = (input: { number: number; slug: string }) => `.sdd/provenance/spec-${pad(input.number)}-${input.slug}.provenance.md`;

export interface SpecText {
  number: number;
  slug: string;
  /** Defaults to the slug. */
  title?: string;
  /** Front matter lines beyond title and draft. */
  frontMatter?: string[];
  /** Defaults to `Do <slug>.` */
  task?: string;
  /** Each step's markdown, numbered from 1. */
  steps: string[];
  /** The `sdd-checks` block's lines (`1: { kind: … }`); none: no block. */
  checks?: string[];
}

export function specMarkdown(input: SpecText): string {
  const steps = input.steps.map((step, index) => `${index + 1}. ${step}`).join('\n');
  const checks = input.checks ?? [];
  const block = checks.length > 0 ? `\n\`\`\`yaml sdd-checks\n${checks.join('\n')}\n\`\`\`\n` : '';
  return [
    '---',
    `title: "Spec ${pad(input.number)}: ${input.title ?? input.slug}"`,
    'draft: false',
    ...(input.frontMatter ?? []),
    '---',
    '',
    '## Task',
    '',
    input.task ?? `Do ${input.slug}.`,
    '',
    '## Validation steps',
    '',
    steps,
    block,
  ].join('\n');
}

export interface RecordText {
  number: number;
  slug: string;
  /** Defaults to `Provenance: Spec NNNN`. */
  title?: string;
  /** Front matter lines beyond the title. */
  frontMatter?: string[];
  /** The one item of Actions Taken; defaults to `Did the work.` */
  action?: string;
  /** Deviations from Spec; defaults to `None.` */
  deviations?: string;
  /** Artifacts Produced rows: path, status as written. */
  artifacts: [string, string][];
  /** Validation Results rows: number, check, result, each as written. */
  results: [string, string, string][];
}

export function recordMarkdown(input: RecordText): string {
  return [
    '---',
    `title: "${input.title ?? `Provenance: Spec ${pad(input.number)}`}"`,
    ...(input.frontMatter ?? []),
    '---',
    '',
    `**Spec:** \`${specFile(input)}\``,
    '**Executed:** 2026-01-01',
    '**Agent:** test',
    '',
    '## Actions Taken',
    '',
    `1. ${input.action ?? 'Did the work.'}`,
    '',
    '## Decisions Made',
    '',
    'None.',
    '',
    '## Deviations from Spec',
    '',
    input.deviations ?? 'None.',
    '',
    '## Artifacts Produced',
    '',
    '| File | Status |',
    '|------|--------|',
    ...input.artifacts.map(([file, status]) => `| \`${file}\` | ${status} |`),
    '',
    '## Validation Results',
    '',
    '| # | Check | Result |',
    '|---|-------|--------|',
    ...input.results.map(([n, check, result]) => `| ${n} | ${check} | ${result} |`),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- spec 1, "greeting": the pipeline's smallest case

const GREETING = { number: 1, slug: 'greeting' };
export const SPEC = specFile(GREETING);
export const RECORD = recordFile(GREETING);

/** A spec with two declared checks on `hello.txt` (whatever the steps say). */
export function specText(steps: string[] = ['`hello.txt` exists', '`hello.txt` contains `hello`']): string {
  return specMarkdown({
    ...GREETING,
    title: 'Greeting',
    task: 'Write a greeting.',
    steps,
    checks: ['1: { kind: file.exists, path: hello.txt }', '2: { kind: file.contains, path: hello.txt, text: hello }'],
  });
}

export interface RecordRows {
  artifacts: [string, string][];
  results: [string, string, string][];
}

export function recordText(rows: RecordRows): string {
  return recordMarkdown({ ...GREETING, title: 'Provenance: Spec 0001 — Greeting', frontMatter: ['draft: false'], action: 'Wrote the greeting.', ...rows });
}

export const HONEST: RecordRows = {
  artifacts: [
    [SPEC, 'Created'],
    ['hello.txt', 'Created'],
    [RECORD, 'Created'],
  ],
  results: [
    ['1', '`hello.txt` exists', 'Pass'],
    ['2', '`hello.txt` contains `hello`', 'Pass'],
  ],
};
