import { recordFile, recordMarkdown, specFile, specMarkdown } from './markdown.js';
import { createRepo, type TempRepo } from './repo.js';

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

/** The spec's text: each step's text, its check (if any) in the `sdd-checks` block. */
export function specTextOf(input: SpecInput): string {
  const checks = input.steps.flatMap((step, index) => (step.check ? [`${index + 1}: ${step.check}`] : []));
  return specMarkdown({ ...input, steps: input.steps.map((step) => step.text), checks });
}

/** The record's text: the spec and the record besides the change's own artifacts, each step's claim. */
export function recordTextOf(input: SpecInput): string {
  const artifacts: [string, string][] = [[specFile(input), 'Created'], ...input.artifacts, [recordFile(input), 'Created']];
  const results = input.steps.map((step, index): [string, string, string] => [String(index + 1), step.text, step.claim]);
  return recordMarkdown({ number: input.number, slug: input.slug, deviations: input.deviations, artifacts, results });
}

/** Writes a spec's change (files, spec, record) and commits it; returns the commit id. */
export function commitSpec(repo: TempRepo, input: SpecInput): string {
  for (const [file, content] of Object.entries(input.files)) {
    if (content === null) repo.remove(file);
    else repo.write(file, content);
  }
  repo.write(specFile(input), specTextOf(input));
  repo.write(recordFile(input), recordTextOf(input));
  return repo.commit(`spec ${String(input.number).padStart(4, '0')}: ${input.slug}`);
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

/** A fourth spec that moves the Dockerfile on again: the change a pull request on top of the three brings. */
export const SPEC_4: SpecInput = {
  number: 4,
  slug: 'node26',
  steps: [{ text: '`Dockerfile` contains `node:26`', check: "{ kind: file.contains, path: Dockerfile, text: 'node:26' }", claim: 'Pass' }],
  files: { Dockerfile: 'FROM node:26\n' },
  artifacts: [['Dockerfile', 'Modified']],
};

/** The three specs committed one after another; returns the repository and the three commit ids. */
export function threeSpecs(overrides: { spec1?: Partial<SpecInput>; spec3?: Partial<SpecInput> } = {}): { repo: TempRepo; commits: string[] } {
  const repo = createRepo();
  const commits = [
    commitSpec(repo, { ...SPEC_1, ...overrides.spec1 }),
    commitSpec(repo, SPEC_2),
    commitSpec(repo, { ...SPEC_3, ...overrides.spec3 }),
  ];
  return { repo, commits };
}
