import type { ArtifactComparison, Finding, SpecResult, StepComparison, TaskComparison, TaskListResult, ValidateResult } from '../model/index.js';
import { statusColour, styles, type Styles } from './color.js';
import {
  ARTIFACT_VERDICT_LABEL,
  STEP_VERDICT_LABEL,
  STEP_VERDICT_PROBLEM,
  actualLabel,
  artifactActualLabel,
  artifactClaimLabel,
  claimedLabel,
  coverageLine,
  evidenceLine,
  factLines,
  failureOutput,
  findingPlace,
  historyLine,
  isArtifactDrift,
  recordStatusLine,
  settledGroupLine,
  settledLine,
  stepChangeLine,
  stepNumberLabel,
  stepTextOf,
  summaryLine,
} from './labels.js';
import type { RenderOptions } from './options.js';
import { orderResult } from './order.js';
import { oneLine, withoutControls } from './sanitize.js';
import { TASK_VERDICT_LABEL, isTaskProblem, taskChangeLine, taskClaimLabel, taskIdLabel, taskListHeading, taskListKind } from './task-labels.js';

/** The terminal report: grouped by spec, findings as `file:line  severity  message  rule`, one summary line last. */

/** Document text on one line, with no escape sequence of its own. */
const clean = (text: string) => withoutControls(oneLine(text));

function pad(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + ' '.repeat(width - length);
}

function factColour(s: Styles, line: string): string {
  if (line.startsWith('✓')) return s.green(line);
  if (line.startsWith('✗')) return s.red(line);
  if (line.startsWith('?')) return s.yellow(line);
  return s.dim(line);
}

function severityColour(s: Styles, severity: Finding['severity']): (text: string) => string {
  return severity === 'error' ? s.red : severity === 'warning' ? s.yellow : s.cyan;
}

function stepLine(s: Styles, step: StepComparison): string {
  const verdict = STEP_VERDICT_PROBLEM[step.verdict] ? s.red(pad(STEP_VERDICT_LABEL[step.verdict], 21)) : s.dim(pad(STEP_VERDICT_LABEL[step.verdict], 21));
  const claim = pad(clean(claimedLabel(step)), 14);
  const actual = statusColour(s, step.actual)(pad(actualLabel(step), 10));
  const facts = factLines(step).map((line) => `\n          ${factColour(s, clean(line))}`).join('');
  const history = historyLine(step);
  const head = `    ${pad(stepNumberLabel(step), 3)} ${claim}→ ${actual} ${verdict} ${clean(stepTextOf(step))}\n` +
    `        ${s.dim(clean(evidenceLine(step)))}${facts}` +
    (history === null ? '' : `\n        ${(step.verdict === 'superseded' ? s.cyan : s.dim)(clean(history))}`);
  const output = failureOutput(step);
  if (output === null) return head;
  // Each output line on its own, with no escape sequence of the command's own.
  return [head, ...output.split('\n').map((line) => `          ${s.dim(`│ ${clean(line)}`)}`)].join('\n');
}

function artifactLine(s: Styles, artifact: ArtifactComparison): string {
  const from = artifact.oldPath === undefined ? '' : `${clean(artifact.oldPath)} → `;
  return `    ${s.red(pad(ARTIFACT_VERDICT_LABEL[artifact.verdict], 24))} ${from}${clean(artifact.path)}  ` +
    s.dim(`record: ${clean(artifactClaimLabel(artifact))}, git: ${artifactActualLabel(artifact)}`);
}

function findingLine(s: Styles, finding: Finding): string {
  const severity = severityColour(s, finding.severity)(pad(finding.severity, 7));
  return `${clean(findingPlace(finding))}  ${severity}  ${clean(finding.message)}  ${s.dim(finding.ruleId)}`;
}

function specBlock(s: Styles, spec: SpecResult): string[] {
  const title = spec.spec.title === null ? '' : `${s.bold(clean(spec.spec.title))}  `;
  const lines = [`${title}${s.dim(clean(spec.spec.file))}${spec.spec.draft ? s.yellow('  (draft)') : ''}`];
  if (spec.provenance) {
    lines.push(`  record  ${clean(spec.provenance.file)}`);
    const status = recordStatusLine(spec);
    if (status) lines.push(`          ${spec.record?.status === 'suspect' ? s.yellow(status) : s.dim(status)}`);
    for (const change of spec.record?.stepChanges ?? []) lines.push(`          ${s.dim(clean(stepChangeLine(change)))}`);
  } else {
    lines.push(`  record  ${s.yellow('none')}`);
  }
  if (spec.coverage.steps > 0) lines.push(`  coverage ${s.dim(coverageLine(spec.coverage))}`);
  const settled = settledLine(spec);
  if (settled !== null) lines.push(`  ${s.dim(settled)}`);
  if (spec.steps.length > 0) {
    lines.push(`  steps   ${s.dim('#   claimed       → sdd        verdict')}`);
    for (const step of spec.steps) lines.push(stepLine(s, step));
  }
  const drift = spec.artifacts.filter(isArtifactDrift);
  if (drift.length > 0) {
    lines.push(`  artifacts drift (${drift.length} of ${spec.artifacts.length})`);
    for (const artifact of drift) lines.push(artifactLine(s, artifact));
  } else if (spec.artifacts.length > 0) {
    // A row sdd could not compare (no history, history cut, a status it cannot read) is not a match.
    const unknown = spec.artifacts.filter((artifact) => artifact.verdict === 'unknown').length;
    const matching = spec.artifacts.length - unknown;
    if (unknown === 0) lines.push(`  artifacts ${s.green(`all ${matching} match git`)}`);
    else if (matching === 0) lines.push(`  artifacts ${s.yellow(`${unknown} not compared with git`)}`);
    else lines.push(`  artifacts ${s.green(`${matching} match git`)}, ${s.yellow(`${unknown} not compared`)}`);
  }
  if (spec.findings.length > 0) {
    lines.push('  findings');
    for (const finding of spec.findings) lines.push(`    ${findingLine(s, finding)}`);
  }
  return lines;
}

function taskColour(s: Styles, task: TaskComparison): (text: string) => string {
  if (task.verdict === 'confirmed') return s.green;
  if (task.verdict === 'refuted') return s.red;
  if (task.verdict === 'unverified') return s.yellow;
  return s.dim;
}

function taskLine(s: Styles, task: TaskComparison): string {
  const verdict = taskColour(s, task)(pad(TASK_VERDICT_LABEL[task.verdict], 11));
  const head = `    ${pad(clean(taskIdLabel(task)), 8)} ${taskClaimLabel(task)} → ${verdict} ${clean(task.text)}`;
  // An open task claims nothing: its line is enough.
  return task.checked ? `${head}\n        ${isTaskProblem(task) ? s.red(clean(task.reason)) : s.dim(clean(task.reason))}` : head;
}

/** One spec-kit feature or OpenSpec change: its change, each task's claim and verdict with the evidence, unmentioned files, findings. */
function taskListBlock(s: Styles, list: TaskListResult): string[] {
  const kind = list.title === null ? '' : `  ${s.dim(`(${clean(taskListKind(list))})`)}`;
  const lines = [`${s.bold(clean(taskListHeading(list)))}  ${s.dim(clean(list.tasksFile))}${kind}`];
  lines.push(`  ${s.dim(clean(taskChangeLine(list)))}`);
  if (list.tasks.length > 0) {
    lines.push(`  tasks   ${s.dim('id       claim → verdict')}`);
    for (const task of list.tasks) lines.push(taskLine(s, task));
  }
  if (list.unmentioned.length > 0) {
    lines.push(`  unmentioned (${list.unmentioned.length}): files the change touched that no task names`);
    for (const file of list.unmentioned) lines.push(`    ${s.yellow(pad(file.actual, 9))} ${clean(file.path)}`);
  }
  if (list.findings.length > 0) {
    lines.push('  findings');
    for (const finding of list.findings) lines.push(`    ${findingLine(s, finding)}`);
  }
  return lines;
}

export function renderText(input: ValidateResult, options: RenderOptions = {}): string {
  const s = styles(options.color === true);
  const result = orderResult(input);
  const blocks = result.specs.map((spec) => specBlock(s, spec).join('\n'));
  const settled = settledGroupLine(result.settled);
  if (settled !== null) blocks.push(s.dim(settled));
  for (const list of result.taskLists ?? []) blocks.push(taskListBlock(s, list).join('\n'));
  if (result.findings.length > 0) {
    blocks.push(['Other findings', ...result.findings.map((finding) => `  ${findingLine(s, finding)}`)].join('\n'));
  }
  const { error } = result.summary.findings;
  const summary = summaryLine(result.summary);
  blocks.push(error > 0 ? s.red(summary) : s.green(summary));
  return blocks.join('\n\n') + '\n';
}
