import { formatLocation, STEP_STATUS_LABEL, type CheckOutcome, type Finding, type StepEvidence, type StepStatus } from '../model/index.js';
import { statusColour, styles, type Styles } from './color.js';
import { findingPlace } from './labels.js';
import { oneLine, withoutControls } from './sanitize.js';
import { tailLines } from '../output-pieces.js';
import { plural } from '../plural.js';

/** What `sdd check` found: each spec's steps with their evidence, on the working tree; no record compared. */
export interface SpecChecks {
  /** The spec, repository-relative. */
  spec: string;
  title: string | null;
  /** The record paired with the spec (checks such as provenance.exists read it), or null. */
  record: string | null;
  steps: StepEvidence[];
}

export interface SpecChecksReport {
  specs: SpecChecks[];
  /** Declarations that could not be read (unknown kind, bad arguments), with file:line. */
  findings: Finding[];
  /** 1 when a check failed or a declaration is an error, else 0. */
  exitCode: 0 | 1;
}

/** Document and command text on one line, with no escape sequence of its own. */
const clean = (text: string) => withoutControls(oneLine(text));

/** `sdd check`'s output: json (the report as data) or text (each step's status, then every check's summary and evidence). */
export function renderSpecChecks(report: SpecChecksReport, format: 'text' | 'json', options: { color?: boolean } = {}): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const s = styles(options.color === true);
  const blocks = report.specs.map((spec) => specBlock(s, spec));
  if (report.findings.length > 0) blocks.push(['Declarations', ...report.findings.map((finding) => `  ${findingPlace(finding)}  ${finding.severity}  ${clean(finding.message)}  ${s.dim(finding.ruleId)}`)].join('\n'));
  blocks.push(countLine(s, report));
  return `${blocks.join('\n\n')}\n`;
}

function specBlock(s: Styles, spec: SpecChecks): string {
  const head = `${s.bold(clean(spec.title ?? spec.spec))}  ${s.dim(spec.spec)}`;
  if (spec.steps.length === 0) return `${head}\n  ${s.dim('no validation steps')}`;
  return [head, ...spec.steps.map((step) => stepBlock(s, step))].join('\n');
}

function stepBlock(s: Styles, step: StepEvidence): string {
  const lines = [`  ${String(step.step).padEnd(3)} ${statusColour(s, step.status)(STEP_STATUS_LABEL[step.status].padEnd(10))} ${clean(step.stepText)}`];
  if (step.checks.length === 0) lines.push(`        ${s.dim('no executable check: verify by hand')}`);
  for (const check of step.checks) lines.push(...checkLines(s, check));
  if (step.unjudged !== undefined) lines.push(`        ${s.dim(`… for a person to judge: ${clean(step.unjudged)}`)}`);
  return lines.join('\n');
}

function checkLines(s: Styles, check: CheckOutcome): string[] {
  const reason = check.status === 'not-run' && check.reason !== undefined && check.reason !== check.summary ? ` (${check.reason})` : '';
  const lines = [`        ${check.status === 'pass' ? s.dim(check.kind) : statusColour(s, check.status)(check.kind)}: ${clean(check.summary)}${clean(reason)}`];
  // An item that only repeats the summary says nothing more.
  for (const item of check.evidence.filter((one) => one.location !== undefined || one.output !== undefined || one.message !== check.summary)) {
    const where = item.location ? `${formatLocation(item.location)}: ` : item.address ? `${item.address}: ` : '';
    lines.push(`          ${s.dim(clean(`${where}${item.message}`))}`);
    // A failing command's output is what the agent needs to read; its last lines, each on its own.
    if (item.output !== undefined && item.output.trim() !== '' && check.status !== 'pass') {
      for (const line of tailLines(item.output, 20).split('\n')) lines.push(`          ${s.dim(`│ ${clean(line)}`)}`);
    }
  }
  return lines;
}

/** `3 steps: 1 pass, 1 fail, 1 manual`, red when the run exits 1. */
function countLine(s: Styles, report: SpecChecksReport): string {
  const steps = report.specs.flatMap((spec) => spec.steps);
  const counts = new Map<StepStatus, number>();
  for (const step of steps) counts.set(step.status, (counts.get(step.status) ?? 0) + 1);
  const parts = [...counts].map(([status, count]) => `${count} ${STEP_STATUS_LABEL[status].toLowerCase()}`);
  const line = `${plural(steps.length, 'step')} in ${plural(report.specs.length, 'spec')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
  return report.exitCode === 1 ? s.red(line) : s.green(line);
}
