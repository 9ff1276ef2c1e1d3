import type { ArtifactFact } from './changes.js';
import { inlineCode, renderRow } from './cells.js';
import { resultCell, type StepFact } from './results.js';

/**
 * A provenance record prefilled from evidence: the header, the artifacts git
 * shows, the results sdd measured. What only the agent knows (what it did
 * and why) is left as marked places to fill, which validate reports until
 * they are filled.
 */

const FILL_MARKER = 'sdd: fill in';

interface DraftInput {
  /** Repository-relative path of the spec. */
  specFile: string;
  specNumber: number | null;
  specTitle: string | null;
  /** Repository-relative path of the record being drafted. */
  recordFile: string;
  /** YYYY-MM-DD. */
  date: string;
  agent: string | null;
  artifacts: readonly ArtifactFact[];
  steps: readonly StepFact[];
}

const fill = (what: string) => `<!-- ${FILL_MARKER}: ${what} -->`;

export function renderDraft(input: DraftInput): string {
  const lines = [
    '---',
    `title: ${JSON.stringify(recordTitle(input))}`,
    '---',
    '',
    `**Spec:** ${inlineCode(input.specFile)}`,
    `**Executed:** ${input.date}`,
    `**Agent:** ${input.agent ?? fill('agent model and interface, e.g. "Claude Code CLI (claude-sonnet-4-6)"')}`,
    '',
    '---',
    '',
    '## Builder Agent Record',
    '',
    '### Actions Taken',
    '',
    fill('a numbered list of every action, in order: files read, created, modified, deleted, commands run and their results'),
    '',
    '### Decisions Made',
    '',
    fill('decisions the spec did not dictate (| Decision | Options Considered | Chosen | Rationale |), or "No autonomous decisions were required."'),
    '',
    '### Assumptions',
    '',
    fill('what you assumed where the spec was silent (| # | Assumption | Spec Reference | Rationale |), or "None."'),
    '',
    '### Ambiguities',
    '',
    fill('where the spec could be read more than one way, and your reading (| # | Ambiguity | Spec Reference | Interpretation | Alternative Reading |), or "None."'),
    '',
    '### Deviations from Spec',
    '',
    fill('where you did not do what the spec says, and why, or "No deviations from spec."'),
    '',
    '### Artifacts Produced',
    '',
    '<!-- From git by `sdd provenance draft`; `sdd provenance sync` keeps this table in line with the change. -->',
    '',
    ...artifactsTable(input.artifacts),
    '',
    '### Build Status',
    '',
    `**Status:** ${fill('Complete or Partial')}`,
    `**Summary:** ${fill('what was built')}`,
    `**Known limitations:** ${fill('what you know is not right yet, or "None."')}`,
    '',
    '### Validation Results',
    '',
    '<!-- Measured by sdd, one row per validation step of the spec. A step sdd cannot check stays Not run until someone verifies it. -->',
    '',
    ...resultsTable(input.steps),
    '',
  ];
  return lines.join('\n');
}

function recordTitle(input: DraftInput): string {
  // Spec titles often repeat "Spec NNNN:"; the record's title says it once.
  const title = (input.specTitle ?? '').replace(/^spec\s+\d+\s*[:—–-]\s*/i, '').trim();
  const number = input.specNumber === null ? '' : ` ${String(input.specNumber).padStart(4, '0')}`;
  return `Provenance: Spec${number}${title === '' ? '' : ` — ${title}`}`;
}

/**
 * A row's File and Status cells. A rename is listed under its new name with
 * the old one in the detail (`Renamed — from \`old\``): the parser reads the
 * first path of a cell, so `old → new` would read as the old name.
 */
export function artifactCells(fact: ArtifactFact): { file: string; status: string } {
  const status = fact.status === 'Renamed' && fact.oldPath !== undefined ? `Renamed — from ${inlineCode(fact.oldPath)}` : fact.status;
  return { file: inlineCode(fact.path), status };
}

function artifactsTable(artifacts: readonly ArtifactFact[]): string[] {
  return [
    '| File | Status |',
    '|------|--------|',
    ...artifacts.map((fact) => {
      const cells = artifactCells(fact);
      return renderRow([cells.file, cells.status]);
    }),
  ];
}

function resultsTable(steps: readonly StepFact[]): string[] {
  return [
    '| # | Check | Result |',
    '|---|-------|--------|',
    ...steps.map((step) => renderRow([String(step.step), step.markdown, resultCell(step)])),
  ];
}
