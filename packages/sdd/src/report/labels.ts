import { tailLines } from '../output-pieces.js';
import {
  STEP_STATUS_LABEL,
  formatLocation,
  type ArtifactComparison,
  type ArtifactVerdict,
  type CheckOutcome,
  type Finding,
  type SettledGroup,
  type SpecResult,
  type StepComparison,
  type StepVerdict,
  type Summary,
} from '../model/index.js';
import { plural } from '../plural.js';

/** The words every format uses, so that a reviewer reads the same thing in each. */

export const STEP_VERDICT_LABEL: Record<StepVerdict, string> = {
  confirmed: 'confirmed',
  overclaimed: 'overclaimed',
  contradicted: 'contradicted',
  underclaimed: 'underclaimed',
  unverified: 'unverified',
  'missing-row': 'no row in record',
  'extra-row': 'row matches no step',
  'unknown-claim': 'claim not understood',
  unclaimed: 'no record',
  consistent: 'consistent',
  superseded: 'superseded',
  'not-re-run': 'not re-run',
};

/** Verdicts that mean the record says something sdd found untrue or could not match. */
export const STEP_VERDICT_PROBLEM: Record<StepVerdict, boolean> = {
  confirmed: false,
  overclaimed: true,
  contradicted: true,
  underclaimed: false,
  unverified: false,
  'missing-row': true,
  'extra-row': true,
  'unknown-claim': true,
  unclaimed: false,
  consistent: false,
  superseded: false,
  'not-re-run': false,
};

export const ARTIFACT_VERDICT_LABEL: Record<ArtifactVerdict, string> = {
  match: 'match',
  unlisted: 'not in the record',
  phantom: 'not in the change',
  'wrong-status': 'wrong status',
  missing: 'missing now',
  'still-present': 'still present',
  'outside-repo': 'outside the repository',
  unknown: 'not compared',
};

/** `unknown` is not drift: nothing could be compared (the summary counts it the same way). */
export function isArtifactDrift(artifact: ArtifactComparison): boolean {
  return artifact.verdict !== 'match' && artifact.verdict !== 'unknown';
}

/** What the record claims for a step: its result word, the raw cell when not understood, or a dash. */
export function claimedLabel(step: StepComparison): string {
  if (step.claimed !== null) return step.claimed;
  return step.rawClaim === null || step.rawClaim === '' ? '—' : `“${step.rawClaim}”`;
}

export function actualLabel(step: StepComparison): string {
  return step.actual === null ? '—' : STEP_STATUS_LABEL[step.actual];
}

/** Step number, or `+` for a row of the record that matches no step. */
export function stepNumberLabel(step: StepComparison): string {
  return step.step === null ? '+' : String(step.step);
}

/** The step's text, else the record row's. */
export function stepTextOf(step: StepComparison): string {
  return step.stepText ?? step.rowText ?? '';
}

export function artifactClaimLabel(artifact: ArtifactComparison): string {
  if (artifact.claimed !== null) return artifact.claimed;
  return artifact.rawClaim === null ? 'not listed' : `“${artifact.rawClaim}”`;
}

export function artifactActualLabel(artifact: ArtifactComparison): string {
  return artifact.actual ?? 'unknown';
}

const CHECK_RANK: Record<CheckOutcome['status'], number> = { fail: 0, 'not-run': 1, 'not-re-run': 2, pass: 3 };

/** The check a reviewer should read first: the first failing one, else the first that could not run. */
function leadingCheck(checks: readonly CheckOutcome[]): CheckOutcome | undefined {
  return [...checks].sort((a, b) => CHECK_RANK[a.status] - CHECK_RANK[b.status])[0];
}

function checkLine(check: CheckOutcome): string {
  if (check.status === 'not-run' && check.reason !== undefined && check.reason !== check.summary) {
    return `${check.summary} (${check.reason})`;
  }
  return check.summary;
}

/**
 * The last lines a failed or unrun check printed (a command, a synth), so that
 * a terminal or CI log says why without opening the HTML report. Null when
 * the step passed or its lead check printed nothing.
 */
export function failureOutput(step: StepComparison, lines = 20): string | null {
  const lead = step.evidence === null ? undefined : leadingCheck(step.evidence.checks);
  if (lead === undefined || (lead.status !== 'fail' && lead.status !== 'not-run')) return null;
  const output = lead.evidence.find((item) => item.output !== undefined && item.output.trim() !== '')?.output;
  if (output === undefined) return null;
  return tailLines(output, lines);
}

/** One line of evidence for a step, as sdd saw it. */
export function evidenceLine(step: StepComparison): string {
  const evidence = step.evidence;
  if (evidence === null) {
    if (step.verdict === 'extra-row') return 'the record has this row; the spec has no such step';
    return 'no evidence';
  }
  if (evidence.status === 'manual') return 'no executable check: verify by hand';
  if (evidence.source === 'partial') return partialLine(evidence);
  const lead = leadingCheck(evidence.checks);
  if (lead === undefined) return 'no evidence';
  const more = evidence.checks.length > 1 ? ` (+${evidence.checks.length - 1} more check${evidence.checks.length > 2 ? 's' : ''})` : '';
  return checkLine(lead) + more;
}

/** A partial step in one line: the fact that failed, or how many hold and that the rest is a person's to judge. */
function partialLine(evidence: NonNullable<StepComparison['evidence']>): string {
  const failed = evidence.checks.filter((check) => check.status === 'fail');
  if (failed.length > 0) {
    const [first] = failed;
    const more = failed.length > 1 ? ` (+${failed.length - 1} more false)` : '';
    return `fact false: ${first?.fact?.claim ?? first?.summary ?? ''}: ${first?.summary ?? ''}${more}`;
  }
  const held = evidence.checks.filter((check) => check.status === 'pass').length;
  const unchecked = evidence.checks.length - held;
  const notChecked = unchecked > 0 ? `, ${unchecked} not checked` : '';
  if (held === 0) return `${plural(unchecked, 'fact')} not checked: ${leadingCheck(evidence.checks)?.reason ?? 'could not run'}`;
  return `${plural(held, 'stated fact')} ${held === 1 ? 'holds' : 'hold'}${notChecked}; the rest is for a person to judge`;
}

const FACT_MARK: Record<CheckOutcome['status'], string> = { pass: '✓', fail: '✗', 'not-run': '?', 'not-re-run': '?' };

/**
 * One line per fact of a partial step: its mark (✓ holds, ✗ false, ? not
 * checked), the fact, the words it was read from, and where its file was
 * found when the step names it by a bare name. Empty for other steps.
 */
export function factLines(step: StepComparison): string[] {
  const evidence = step.evidence;
  if (evidence?.source !== 'partial') return [];
  const lines = evidence.checks.map((check) => {
    const fact = check.fact;
    const claim = fact?.claim ?? check.summary;
    const quote = fact && fact.quote.trim() !== '' ? ` (“${fact.quote.trim()}”)` : '';
    const placed = fact?.placed ? ` [${fact.placed.written} → ${fact.placed.path}, from ${PLACED_BY[fact.placed.by]}]` : '';
    const outcome = check.status === 'pass' ? '' : check.status === 'fail' ? `: ${check.summary}` : `: not checked, ${check.reason ?? check.summary}`;
    return `${FACT_MARK[check.status]} ${claim}${quote}${placed}${outcome}`;
  });
  if (evidence.unjudged !== undefined) lines.push(`… for a person to judge: ${evidence.unjudged}`);
  return lines;
}

const PLACED_BY: Record<NonNullable<NonNullable<CheckOutcome['fact']>['placed']>['by'], string> = {
  'as-written': 'the step',
  artifacts: "the record's Artifacts Produced",
  spec: "the spec's paths",
  repository: 'the repository',
};

/** `16 steps: 2 declared, 10 inferred, 3 partial, 1 manual`. */
export function coverageLine(coverage: Summary['coverage']): string {
  return `${plural(coverage.steps, 'step')}: ${coverage.declared} declared, ${coverage.inferred} inferred, ${coverage.partial} partial, ${coverage.manual} manual`;
}

/**
 * For a step judged at its record's commit, what a reviewer must know:
 * superseded by a later change, not re-run since, or judged there because
 * what it reads changed. Null for a step judged on the working tree, or whose
 * inputs did not change since the record.
 */
export function historyLine(step: StepComparison): string | null {
  const history = step.evidence?.history;
  if (!history?.laterChange) return null;
  const at = history.at.slice(0, 7);
  const later = laterChangeLabel(history.laterChange);
  if (step.verdict === 'superseded') {
    const now = history.now === null ? '' : `; now: ${STEP_STATUS_LABEL[history.now]}`;
    return `confirmed at ${at}, superseded by ${later}${now}`;
  }
  // A step not re-run says so in its evidence line already.
  if (step.actual === 'not-re-run') return null;
  return `judged at ${at}: ${later} changed what it reads since`;
}

/** The evidence line, followed by the history line when there is one (one-cell formats). */
export function evidenceWithHistory(step: StepComparison): string {
  const history = historyLine(step);
  return history === null ? evidenceLine(step) : `${evidenceLine(step)}; ${history}`;
}

/** `5d6e7f8 (subject), spec-0003's change`, or the working tree. */
function laterChangeLabel(later: NonNullable<NonNullable<StepComparison['evidence']>['history']>['laterChange']): string {
  if (later === null) return '';
  if (later.commit === null) return 'uncommitted changes';
  const by = later.spec === null ? '' : ` of ${later.spec}`;
  return `${later.commit.slice(0, 7)} (${later.subject ?? ''})${by}`;
}

export function findingPlace(finding: Finding): string {
  if (finding.location) return formatLocation(finding.location);
  return finding.spec ?? '(repository)';
}

/** `Spec 0001: Title`, falling back on the file name. */
export function specHeading(spec: SpecResult): string {
  return spec.spec.title ?? spec.spec.file;
}

/** Every step counted once: `superseded` is a verdict on steps already counted by their result. */
function stepTotal(steps: Summary['steps']): number {
  return steps.pass + steps.fail + steps.notRun + steps.notReRun + steps.manual + steps.consistent;
}

/**
 * `2 specs · 22 steps: 19 pass, 1 fail, 2 not run, 0 manual · 3 errors, 1 warning` (and `N consistent`
 * when there are); with task lists, `· 2 task lists · 40 ticked: …` before the findings.
 */
export function summaryLine(summary: Summary): string {
  const { steps, findings } = summary;
  const total = stepTotal(steps);
  const findingParts = [plural(findings.error, 'error'), plural(findings.warning, 'warning')];
  if (findings.info > 0) findingParts.push(`${findings.info} info`);
  const consistent = steps.consistent > 0 ? `, ${steps.consistent} consistent` : '';
  // Judged at older commits: said only when it happened, so a run without history reads as before.
  const history = [
    ...(steps.notReRun > 0 ? [`${steps.notReRun} not re-run`] : []),
    ...(steps.superseded > 0 ? [`${steps.superseded} superseded`] : []),
  ].map((part) => `, ${part}`).join('');
  const tasks = summary.tasks;
  // A repository of spec-kit or OpenSpec task lists alone has no specs to count.
  const specParts =
    tasks !== undefined && summary.specs === 0
      ? []
      : [`${plural(summary.specs, 'spec')}${summary.settled === undefined ? '' : ` (${summary.settled} settled)`}`, `${plural(total, 'step')}: ${steps.pass} pass, ${steps.fail} fail, ${steps.notRun} not run${consistent}, ${steps.manual} manual${history}`];
  const taskParts =
    tasks === undefined
      ? []
      : [plural(tasks.lists, 'task list'), `${plural(tasks.total, 'task')}: ${tasks.checked} ticked (${tasks.confirmed} confirmed, ${tasks.refuted} refuted, ${tasks.unverified} unverified), ${tasks.open} open`];
  return [...specParts, ...taskParts, findingParts.join(', ')].join(' · ');
}

/** Steps sdd checks at least in part (declared, inferred or partial), as a whole percentage; null without steps. */
export function coveragePercent(coverage: Summary['coverage']): number | null {
  if (coverage.steps === 0) return null;
  return Math.round(((coverage.declared + coverage.inferred + coverage.partial) / coverage.steps) * 100);
}

/** How the record relates to its spec, in one line; null when there is nothing to say. */
export function recordStatusLine(spec: SpecResult): string | null {
  const record = spec.record;
  if (record === null) return null;
  if (record.status === 'current') return 'current: the spec has not changed since the record';
  if (record.status === 'unknown') return 'unknown: no git history for the record';
  const commits = record.specCommitsSince.length;
  return `suspect: the spec changed after the record (${plural(commits, 'commit')}, ${plural(record.stepChanges.length, 'step change')})`;
}

export function stepChangeLine(change: NonNullable<SpecResult['record']>['stepChanges'][number]): string {
  if (change.change === 'added') return `step ${change.step} added: ${change.after ?? ''}`;
  if (change.change === 'removed') return `step ${change.step} removed: ${change.before ?? ''}`;
  return `step ${change.step} reworded: ${change.before ?? ''} → ${change.after ?? ''}`;
}

/**
 * A settled spec's line (spec 0039): `settled at base 1a2b3c4: 15 steps (14 pass, 1 not re-run), 12 artifacts (all match)`;
 * null for a spec listed in full.
 */
export function settledLine(spec: SpecResult): string | null {
  if (!spec.settled) return null;
  const { steps, artifacts } = spec.settled.counts;
  const parts: [number, string][] = [
    [steps.pass, 'pass'],
    [steps.fail, 'fail'],
    [steps.notRun, 'not run'],
    [steps.consistent, 'consistent'],
    [steps.manual, 'manual'],
    [steps.notReRun, 'not re-run'],
    [steps.superseded, 'superseded'],
  ];
  const total = stepTotal(steps);
  const stepPart = `${plural(total, 'step')}${total === 0 ? '' : ` (${parts.filter(([count]) => count > 0).map(([count, label]) => `${count} ${label}`).join(', ')})`}`;
  const artifactPart = artifacts.total === 0 ? '' : `, ${plural(artifacts.total, 'artifact')} (${artifacts.drift === 0 ? `${artifacts.matching} match` : `${artifacts.drift} drift`})`;
  return `settled at base ${spec.settled.base.slice(0, 7)}: ${stepPart}${artifactPart}`;
}

/**
 * The line that stands for the settled specs with no finding (the result's `settled` group):
 * `998 specs settled at base 1a2b3c4 (nothing they read changed after it): not listed; run without --base to list them`.
 */
export function settledGroupLine(group: SettledGroup | undefined): string | null {
  if (!group || group.specs.length === 0) return null;
  const count = group.specs.length;
  return `${plural(count, 'spec')} settled at base ${group.base.slice(0, 7)} (nothing ${count === 1 ? 'it' : 'they'} read changed after it): not listed; run without --base to list ${count === 1 ? 'it' : 'them'}`;
}
