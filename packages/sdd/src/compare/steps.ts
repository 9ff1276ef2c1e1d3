import type {
  CheckStatus,
  Finding,
  ProvenanceDocument,
  ResultRow,
  ResultWord,
  SourceLocation,
  SpecDocument,
  StepComparison,
  StepEvidence,
  StepStatus,
  StepVerdict,
  ValidationStep,
} from '../model/index.js';
import { STEP_STATUS_LABEL } from '../model/index.js';
import { finding } from './finding.js';
import { blockedByAllowList, judgePartialClaim } from './partial.js';

/**
 * Validation Results against the spec's steps and against what sdd found
 * by running their checks. Pure.
 */

// ---------------------------------------------------------------- rows to steps

interface RowPair {
  row: ResultRow;
  step: ValidationStep;
  /** The row's number is not the step's: it was matched by its text. */
  renumbered: boolean;
  /** Code spans of the row that its step does not contain. */
  unknownNames: string[];
}

interface RowMatch {
  pairs: RowPair[];
  /** Steps no row describes. */
  missing: ValidationStep[];
  /** Rows that describe no step. */
  extra: ResultRow[];
}

/** A problem in how rows follow steps: the same list feeds `drift/*-row` rules and `drift/mismatched-record`. */
export interface RowProblem {
  kind: 'missing' | 'extra' | 'renumbered' | 'row-text';
  row: ResultRow | null;
  step: ValidationStep | null;
  names: string[];
}

const SIMILAR = 0.5;
const DISSIMILAR = 0.2;

/**
 * Matches rows to steps: by number first (a row fits its step when it names
 * nothing the step does not contain); a row that does not fit its number but
 * fits another free step is renumbered; rows without a number (or with a
 * number the spec does not have) go to the most similar free step.
 */
export function matchRows(rows: readonly ResultRow[], steps: readonly ValidationStep[]): RowMatch {
  const pairs: RowPair[] = [];
  const freeSteps = new Set(steps);
  const freeRows = new Set(rows);
  const byNumber = new Map(steps.map((step) => [step.number, step]));
  const take = (row: ResultRow, step: ValidationStep, renumbered: boolean) => {
    pairs.push({ row, step, renumbered, unknownNames: unknownNames(row, step) });
    freeSteps.delete(step);
    freeRows.delete(row);
  };

  // 1. Rows that fit the step of their number.
  for (const row of rows) {
    const step = row.number === null ? undefined : byNumber.get(row.number);
    if (step && fits(row, step)) take(row, step, false);
  }
  // 2. Numbered rows that fit another step better: renumbered.
  for (const row of [...freeRows]) {
    if (row.number === null) continue;
    const own = byNumber.get(row.number);
    const other = bestStep(row, [...freeSteps].filter((step) => step !== own && fitsStrongly(row, step)));
    if (other && (!own || !freeSteps.has(own) || !fits(row, own))) take(row, other, true);
  }
  // 3. Numbered rows whose step is still free: the same step, however loosely worded.
  for (const row of [...freeRows]) {
    const step = row.number === null ? undefined : byNumber.get(row.number);
    if (step && freeSteps.has(step)) take(row, step, false);
  }
  // 4. Rows without a usable number: by text.
  for (const row of [...freeRows]) {
    const candidates = [...freeSteps].filter((step) => unknownNames(row, step).length === 0 && similarity(row, step) >= DISSIMILAR);
    const step = bestStep(row, candidates);
    if (step) take(row, step, row.number !== null);
  }
  pairs.sort((a, b) => a.step.number - b.step.number);
  return { pairs, missing: [...freeSteps], extra: [...freeRows] };
}

/** Every way the rows fail to follow the steps; empty when they follow them. */
export function rowProblems(match: RowMatch): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const pair of match.pairs) {
    if (pair.renumbered) problems.push({ kind: 'renumbered', row: pair.row, step: pair.step, names: [] });
    else if (pair.unknownNames.length > 0) problems.push({ kind: 'row-text', row: pair.row, step: pair.step, names: pair.unknownNames });
  }
  for (const step of match.missing) problems.push({ kind: 'missing', row: null, step, names: [] });
  for (const row of match.extra) problems.push({ kind: 'extra', row, step: null, names: [] });
  return problems;
}

function fits(row: ResultRow, step: ValidationStep): boolean {
  if (unknownNames(row, step).length > 0) return false;
  return names(row).length > 0 || similarity(row, step) >= DISSIMILAR;
}

function fitsStrongly(row: ResultRow, step: ValidationStep): boolean {
  if (unknownNames(row, step).length > 0) return false;
  return names(row).length > 0 || similarity(row, step) >= SIMILAR;
}

function bestStep(row: ResultRow, candidates: readonly ValidationStep[]): ValidationStep | undefined {
  let best: ValidationStep | undefined;
  let bestScore = -1;
  for (const step of candidates) {
    const score = similarity(row, step) + sharedNames(row, step) * 0.25;
    if (score > bestScore) {
      best = step;
      bestScore = score;
    }
  }
  return best;
}

function names(row: ResultRow): string[] {
  return row.checkCodeSpans.map(normaliseName).filter((name) => name.length > 0);
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * The row's code spans that its step does not contain. Tolerant: a name
 * counts as contained when the step's text has it anywhere, when it is a
 * longer form of one of the step's names (`sites/x/Dockerfile` for
 * `Dockerfile`), or when each of its words appears in the step.
 */
function unknownNames(row: ResultRow, step: ValidationStep): string[] {
  const haystack = `${step.text}\n${step.markdown}\n${step.codeSpans.join('\n')}`.toLowerCase();
  const stepNames = step.codeSpans.map(normaliseName).filter((name) => name.length > 0);
  return row.checkCodeSpans.filter((raw) => {
    const name = normaliseName(raw);
    if (name === '' || haystack.includes(name)) return false;
    if (stepNames.some((stepName) => name.endsWith(`/${stepName}`) || stepName.endsWith(`/${name}`))) return false;
    const words = name.split(/[\s,]+/).filter((word) => word.length >= 3);
    return !(words.length > 1 && words.every((word) => haystack.includes(word)));
  });
}

function sharedNames(row: ResultRow, step: ValidationStep): number {
  return names(row).length - unknownNames(row, step).length;
}

const STOP_WORDS = new Set(['the', 'and', 'are', 'has', 'have', 'for', 'with', 'that', 'this', 'exists', 'contains', 'not', 'all', 'from', 'its', 'into', 'been']);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}_-]+/u)
      .filter((word) => word.length >= 3 && !STOP_WORDS.has(word)),
  );
}

/** Dice coefficient of the two texts' word sets (0–1). */
function similarity(row: ResultRow, step: ValidationStep): number {
  const a = words(row.check);
  const b = words(step.text);
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return (2 * shared) / (a.size + b.size);
}

// ---------------------------------------------------------------- claims against evidence

interface StepsInput {
  spec: SpecDocument;
  record: ProvenanceDocument | null;
  /** The check stage's evidence for this spec (other specs' entries are ignored); empty when checks were not run. */
  evidence: readonly StepEvidence[];
  /**
   * True when `assessRecordVersion` already reported how the rows follow the
   * steps (`drift/suspect-record`, `drift/mismatched-record`): the per-row
   * structure rules are then left out here so that nothing is said twice.
   */
  rowStructureReported?: boolean;
}

interface StepsOutput {
  steps: StepComparison[];
  findings: Finding[];
}

export function compareSteps(input: StepsInput): StepsOutput {
  const { spec, record } = input;
  const evidenceOf = new Map(input.evidence.filter((step) => step.spec === spec.file).map((step) => [step.step, step]));
  if (!record) {
    return {
      steps: spec.validationSteps.map((step) => ({
        step: step.number,
        stepText: step.text,
        claimed: null,
        rawClaim: null,
        claimedDetail: null,
        rowText: null,
        actual: evidenceOf.get(step.number)?.status ?? null,
        evidence: evidenceOf.get(step.number) ?? null,
        verdict: 'unclaimed',
      })),
      findings: [],
    };
  }
  const table = record.validationResults;
  const rows = table?.rows ?? [];
  const match = matchRows(rows, spec.validationSteps);
  const findings: Finding[] = [];
  const steps: StepComparison[] = [];
  const tableLocation = table?.table.location ?? { file: record.file, line: 1 };

  for (const pair of match.pairs) {
    const evidence = evidenceOf.get(pair.step.number) ?? null;
    const judged = supersede(judgeClaim(pair.row, pair.step, evidence), pair.row, pair.step, evidence);
    const failing = failingStep(pair.step, evidence, pair.row.result, pair.row.location);
    if (failing) findings.push({ ...failing, spec: spec.file });
    steps.push({
      step: pair.step.number,
      stepText: pair.step.text,
      claimed: pair.row.result,
      rawClaim: pair.row.rawResult,
      claimedDetail: pair.row.detail,
      rowText: pair.row.check,
      rowLocation: pair.row.location,
      actual: evidence?.status ?? null,
      evidence,
      verdict: judged.verdict,
    });
    if (judged.finding) findings.push({ ...judged.finding, spec: spec.file });
  }
  for (const step of match.missing) {
    const evidence = evidenceOf.get(step.number) ?? null;
    const failing = failingStep(step, evidence, null, tableLocation);
    if (failing) findings.push({ ...failing, spec: spec.file });
    steps.push({
      step: step.number,
      stepText: step.text,
      claimed: null,
      rawClaim: null,
      claimedDetail: null,
      rowText: null,
      actual: evidence?.status ?? null,
      evidence,
      verdict: 'missing-row',
    });
  }
  for (const row of match.extra) {
    steps.push({
      step: null,
      stepText: null,
      claimed: row.result,
      rawClaim: row.rawResult,
      claimedDetail: row.detail,
      rowText: row.check,
      rowLocation: row.location,
      actual: null,
      evidence: null,
      verdict: 'extra-row',
    });
  }
  steps.sort((a, b) => (a.step ?? Number.MAX_SAFE_INTEGER) - (b.step ?? Number.MAX_SAFE_INTEGER) || (a.rowLocation?.line ?? 0) - (b.rowLocation?.line ?? 0));

  // A record without a results table is `drift/empty-record`; listing every step as missing would only repeat it.
  if (table && table.rows.length > 0 && !input.rowStructureReported) {
    const deviations = record.deviations?.text ?? '';
    for (const problem of rowProblems(match)) findings.push(structureFinding(problem, tableLocation, spec.file, deviations));
  }
  return { steps, findings };
}

/**
 * Whether Deviations from Spec explains an extra row: it names the row
 * ("step 4", "row 4", "check #4") or quotes the row's check text.
 */
function deviationExplains(deviations: string, row: ResultRow): boolean {
  const text = deviations.replace(/\s+/g, ' ').toLowerCase();
  if (text.trim() === '') return false;
  if (row.number !== null && new RegExp(`\\b(?:step|row|check)\\s*#?${row.number}\\b`).test(text)) return true;
  const check = row.check.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return check.length >= 8 && text.replace(/[`*_]/g, '').includes(check);
}

function structureFinding(problem: RowProblem, tableLocation: SourceLocation, spec: string, deviations: string): Finding {
  const { row, step } = problem;
  const stepLabel = step ? `step ${step.number} (“${clip(step.text)}”)` : '';
  switch (problem.kind) {
    case 'missing':
      return finding('drift/missing-row', `${stepLabel} has no row in Validation Results`, tableLocation, spec, { step: step?.number }, step ? [step.location] : []);
    case 'extra':
      if (row && deviationExplains(deviations, row)) {
        return finding('drift/documented-extra-row', `row ${rowLabel(row)} (“${clip(row.check)}”) matches no validation step of the spec; Deviations from Spec explains it`, row.location, spec, {
          row: row.number ?? null,
        });
      }
      return finding('drift/extra-row', `row ${rowLabel(row)} (“${clip(row?.check ?? '')}”) matches no validation step of the spec`, row?.location, spec, {
        row: row?.number ?? null,
      });
    case 'renumbered':
      return finding('drift/renumbered-row', `row ${rowLabel(row)} describes ${stepLabel}`, row?.location, spec, { row: row?.number ?? null, step: step?.number }, step ? [step.location] : []);
    case 'row-text':
      return finding(
        'drift/row-text',
        `row ${rowLabel(row)} names ${problem.names.map((name) => `\`${name}\``).join(', ')}, which ${stepLabel} does not contain`,
        row?.location,
        spec,
        { row: row?.number ?? null, step: step?.number, names: problem.names },
        step ? [step.location] : [],
      );
  }
}

export function rowLabel(row: ResultRow | null): string {
  return row?.number === null || row?.number === undefined ? 'without number' : String(row.number);
}

export function clip(text: string, length = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

interface ClaimJudgement {
  verdict: StepVerdict;
  finding?: Finding;
}

/**
 * A claim confirmed at the record's change whose step fails on today's tree:
 * superseded by the later change, shown as info, never an error.
 */
function supersede(judged: ClaimJudgement, row: ResultRow, step: ValidationStep, evidence: StepEvidence | null): ClaimJudgement {
  const history = evidence?.history;
  if (judged.verdict !== 'confirmed' || row.result !== 'Pass' || !history?.laterChange || history.now === null || history.now === 'pass') return judged;
  const later = history.laterChange;
  const by = later.commit === null ? 'uncommitted changes in the working tree' : `${later.commit.slice(0, 7)} (${later.subject ?? ''})`;
  const spec = later.spec === null ? '' : `, the change of ${later.spec}`;
  const message = `step ${step.number} was confirmed at the record's commit ${history.at.slice(0, 7)}; it is ${STEP_STATUS_LABEL[history.now]} now, superseded by ${by}${spec}`;
  return {
    verdict: 'superseded',
    finding: finding('history/superseded', message, row.location, undefined, { step: step.number, at: history.at, by: later.commit, bySpec: later.spec }, [step.location]),
  };
}

/**
 * A step that fails at its record's point fails the gate, whatever the record
 * says: an honest "Fail" is still an unmet spec. A claimed Pass is left to
 * `drift/overclaimed`, so one problem is said once.
 */
function failingStep(step: ValidationStep, evidence: StepEvidence | null, claimed: ResultWord | null, at: SourceLocation): Finding | null {
  if (evidence?.status !== 'fail' || claimed === 'Pass') return null;
  const claim = claimed === null ? 'the record has no result for it' : `the record says ${claimed}`;
  return finding(
    'spec/failing-step',
    `step ${step.number} fails: ${failureSummary(evidence, 'fail')} (${claim}); the spec is not met`,
    at,
    undefined,
    { step: step.number, claimed },
    [step.location],
  );
}

/** The verdict for one claim against sdd's result for its step. */
function judgeClaim(row: ResultRow, step: ValidationStep, evidence: StepEvidence | null): ClaimJudgement {
  const claimed: ResultWord | null = row.result;
  const actual: StepStatus | null = evidence?.status ?? null;
  const label = `step ${step.number}`;
  const data = { step: step.number, claimed: row.rawResult, actual: actual === null ? null : STEP_STATUS_LABEL[actual] };
  const related = evidence ? [evidence.location, ...(evidence.declaredAt ? [evidence.declaredAt] : [])] : [step.location];
  const at = row.location;

  if (claimed === null) {
    const sdd = actual === null ? '' : `; sdd's result: ${STEP_STATUS_LABEL[actual]}`;
    return {
      verdict: 'unknown-claim',
      finding: finding('drift/unknown-claim', `${label} claims “${row.rawResult}”, which is not Pass, Fail, Not run or Not applicable${sdd}`, at, undefined, data, related),
    };
  }
  // Checks were not run (`--no-checks`) or produced nothing for this step: nothing to compare.
  if (actual === null) return { verdict: 'unverified' };
  // Not checked again at the record's change: the claim stands as it was when it landed.
  if (actual === 'not-re-run') return { verdict: 'not-re-run' };
  if (evidence?.source === 'partial') return judgePartialClaim(row, step, evidence);

  if (claimed === 'Pass') {
    if (actual === 'pass') return { verdict: 'confirmed' };
    if (actual === 'manual') {
      return {
        verdict: 'unverified',
        finding: finding('drift/unverified', `${label} is claimed Pass but has no executable check (manual): sdd cannot verify it`, at, undefined, data, related),
      };
    }
    if (actual === 'not-run' && evidence && blockedByAllowList(evidence)) {
      const message = `${label} is claimed Pass; sdd did not run its command: ${failureSummary(evidence, 'not-run')}. List it under commands.allow in .sdd/config.yaml for sdd to check it`;
      return { verdict: 'unverified', finding: finding('drift/unverified', message, at, undefined, data, related) };
    }
    const why = actual === 'fail' ? `its check fails: ${failureSummary(evidence, 'fail')}` : `its check could not run: ${failureSummary(evidence, 'not-run')}`;
    return { verdict: 'overclaimed', finding: finding('drift/overclaimed', `${label} is claimed Pass, but ${why}`, at, undefined, data, related) };
  }
  if (claimed === 'Fail') {
    if (actual === 'pass') {
      return {
        verdict: 'contradicted',
        finding: finding('drift/contradicted', `${label} is claimed Fail, but its check passes: ${failureSummary(evidence, 'pass')}`, at, undefined, data, related),
      };
    }
    return { verdict: actual === 'fail' ? 'confirmed' : 'unverified' };
  }
  // Not run / Not applicable.
  if (actual === 'not-run') return { verdict: 'confirmed' };
  if (actual === 'manual') return { verdict: 'unverified' };
  const underclaimed = finding(
    'drift/underclaimed',
    `${label} is claimed ${claimed}, but sdd ran it: ${STEP_STATUS_LABEL[actual]} (${failureSummary(evidence, actual)})`,
    at,
    undefined,
    data,
    related,
  );
  return { verdict: 'underclaimed', finding: actual === 'fail' ? { ...underclaimed, severity: 'warning' } : underclaimed };
}

/** The summaries of the checks that gave the step its status, for a message a reviewer can act on. */
function failureSummary(evidence: StepEvidence | null, status: CheckStatus | 'consistent'): string {
  const checks = evidence?.checks.filter((check) => check.status === status) ?? [];
  if (checks.length === 0) return 'no detail';
  return checks.map((check) => (check.reason ? `${check.summary} (${check.reason})` : check.summary)).join('; ');
}
