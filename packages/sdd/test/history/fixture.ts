import { createRepo, type TempRepo } from '../validate/repo.js';

/**
 * A small team's history, spec by spec: spec 1 writes a Dockerfile on
 * `node:22` (a file check and a command check), spec 2 adds a README, spec 3
 * moves the Dockerfile to `node:24`. Each spec is committed with its record,
 * as an agent following the convention would.
 */

export interface Step {
  text: string;
  /** The `sdd-checks` entry (YAML flow mapping), or none for a manual step. */
  check?: string;
  /** What the record claims. */
  claim: string;
}

export interface SpecInput {
  number: number;
  slug: string;
  steps: Step[];
  /** Front matter lines beyond title and draft. */
  frontMatter?: string[];
  /** Files the change writes (path → content); `null` deletes. */
  files: Record<string, string | null>;
  /** Artifacts Produced rows (path, status) besides the spec and the record. */
  artifacts: [string, string][];
  deviations?: string;
}

export const specFile = (input: Pick<SpecInput, 'number' | 'slug'>) => `.sdd/specification/spec-${pad(input.number)}-${input.slug}.md`;
export const recordFile = (input: Pick<SpecInput, 'number' | 'slug'>) => `.sdd/provenance/spec-${pad(input.number)}-${input.slug}.provenance.md`;
const pad = (n: number) => String(n).padStart(4, '0');

export function specMarkdown(input: SpecInput): string {
  const steps = input.steps.map((step, index) => `${index + 1}. ${step.text}`).join('\n');
  const checks = input.steps.flatMap((step, index) => (step.check ? [`${index + 1}: ${step.check}`] : []));
  const block = checks.length > 0 ? `\n\`\`\`yaml sdd-checks\n${checks.join('\n')}\n\`\`\`\n` : '';
  return [
    '---',
    `title: "Spec ${pad(input.number)}: ${input.slug}"`,
    'draft: false',
    ...(input.frontMatter ?? []),
    '---',
    '',
    '## Task',
    '',
    `Do ${input.slug}.`,
    '',
    '## Validation steps',
    '',
    steps,
    block,
  ].join('\n');
}

export function recordMarkdown(input: SpecInput): string {
  const rows = [[specFile(input), 'Created'], ...input.artifacts, [recordFile(input), 'Created']];
  return [
    '---',
    `title: "Provenance: Spec ${pad(input.number)}"`,
    '---',
    '',
    `**Spec:** \`${specFile(input)}\``,
    '**Executed:** 2026-01-01',
    '**Agent:** test',
    '',
    '## Actions Taken',
    '',
    '1. Did the work.',
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
    ...rows.map(([file, status]) => `| \`${file}\` | ${status} |`),
    '',
    '## Validation Results',
    '',
    '| # | Check | Result |',
    '|---|-------|--------|',
    ...input.steps.map((step, index) => `| ${index + 1} | ${step.text} | ${step.claim} |`),
    '',
  ].join('\n');
}

/** Writes a spec's change (files, spec, record) and commits it; returns the commit id. */
export async function commitSpec(repo: TempRepo, input: SpecInput): Promise<string> {
  for (const [file, content] of Object.entries(input.files)) {
    if (content === null) await repo.remove(file);
    else await repo.write(file, content);
  }
  await repo.write(specFile(input), specMarkdown(input));
  await repo.write(recordFile(input), recordMarkdown(input));
  return repo.commit(`spec ${pad(input.number)}: ${input.slug}`);
}

export const CONFIG = ['version: 1', 'commands:', '  allow:', '    - grep -q node:22 Dockerfile', ''].join('\n');

export const SPEC_1: SpecInput = {
  number: 1,
  slug: 'docker',
  steps: [
    { text: '`Dockerfile` contains `node:22`', check: "{ kind: file.contains, path: Dockerfile, text: 'node:22' }", claim: 'Pass' },
    { text: 'The image check passes: `grep -q node:22 Dockerfile`', check: '{ kind: command, run: grep -q node:22 Dockerfile }', claim: 'Pass' },
  ],
  files: { 'Dockerfile': 'FROM node:22\n', '.sdd/config.yaml': CONFIG },
  artifacts: [
    ['.sdd/config.yaml', 'Created'],
    ['Dockerfile', 'Created'],
  ],
};

export const SPEC_2: SpecInput = {
  number: 2,
  slug: 'readme',
  steps: [{ text: '`README.md` contains `hello`', check: '{ kind: file.contains, path: README.md, text: hello }', claim: 'Pass' }],
  files: { 'README.md': 'hello\n' },
  artifacts: [['README.md', 'Created']],
};

export const SPEC_3: SpecInput = {
  number: 3,
  slug: 'node24',
  steps: [{ text: '`Dockerfile` contains `node:24`', check: "{ kind: file.contains, path: Dockerfile, text: 'node:24' }", claim: 'Pass' }],
  files: { 'Dockerfile': 'FROM node:24\n' },
  artifacts: [['Dockerfile', 'Modified']],
};

/** The three specs committed one after another; returns the repository and the three commit ids. */
export async function threeSpecs(overrides: { spec1?: Partial<SpecInput>; spec3?: Partial<SpecInput> } = {}): Promise<{ repo: TempRepo; commits: string[] }> {
  const repo = await createRepo();
  const commits = [
    await commitSpec(repo, { ...SPEC_1, ...overrides.spec1 }),
    await commitSpec(repo, SPEC_2),
    await commitSpec(repo, { ...SPEC_3, ...overrides.spec3 }),
  ];
  return { repo, commits };
}
