import type { Heading, Nodes, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, Text } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { toMarkdown, type Options } from 'mdast-util-to-markdown';
import type { SpecResult, TaskListResult, ValidateResult } from '../model/index.js';
import {
  ARTIFACT_VERDICT_LABEL,
  STEP_VERDICT_LABEL,
  STEP_VERDICT_PROBLEM,
  actualLabel,
  artifactActualLabel,
  artifactClaimLabel,
  claimedLabel,
  coverageLine,
  coveragePercent,
  evidenceWithHistory,
  factLines,
  findingPlace,
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
import { withoutControls } from './sanitize.js';
import { TASK_VERDICT_LABEL, isTaskProblem, taskChangeLine, taskClaimLabel, taskIdLabel, taskListHeading, taskListKind } from './task-labels.js';
import { plural } from '../plural.js';

/**
 * A summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`. Built as an
 * mdast tree and serialised by mdast-util-to-markdown with the GFM table
 * extension, which escapes what documents contain (`|`, `*`, `<`…); newlines
 * in a cell become `<br>`. Long tables are cut (problems kept first) until
 * the text fits GitHub's comment limit.
 */

export const GITHUB_COMMENT_LIMIT = 65_536;
const DEFAULT_MAX_LENGTH = 65_000;
const ROW_CAPS = [Number.POSITIVE_INFINITY, 200, 100, 50, 20, 10, 5, 1];

type Cell = PhrasingContent[];
interface Row {
  cells: Cell[];
  /** Rows that show a problem are the last to be cut. */
  problem: boolean;
}

const text = (value: string): PhrasingContent => ({ type: 'text', value: withoutControls(value) });
const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value: withoutControls(value.replace(/\r\n|\r|\n/g, ' ')) });
const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
const heading = (depth: Heading['depth'], ...children: PhrasingContent[]): Heading => ({ type: 'heading', depth, children });

/** A cell's text: a table row is one line, so newlines become `<br>`. */
function cell(value: string): Cell {
  return value.split(/\r\n|\r|\n/).flatMap((line, index): PhrasingContent[] => (index === 0 ? [text(line)] : [{ type: 'html', value: '<br>' }, text(line)]));
}

/** The rows a cap allows: problem rows first, then the others, each kept in order. */
function pick(rows: readonly Row[], cap: number): Row[] {
  if (rows.length <= cap) return [...rows];
  const keep = new Set([...rows.filter((row) => row.problem), ...rows.filter((row) => !row.problem)].slice(0, cap));
  return rows.filter((row) => keep.has(row));
}

function table(header: string[], rows: readonly Row[], cap: number): RootContent[] {
  const shown = pick(rows, cap);
  const toRow = (cells: Cell[]) => ({ type: 'tableRow' as const, children: cells.map((children): TableCell => ({ type: 'tableCell', children })) });
  const nodes: RootContent[] = [];
  if (shown.length > 0) {
    const node: Table = { type: 'table', align: header.map(() => null), children: [toRow(header.map((h) => [text(h)])), ...shown.map((row) => toRow(row.cells))] };
    nodes.push(node);
  }
  const hidden = rows.length - shown.length;
  if (hidden > 0) {
    nodes.push(paragraph({ type: 'emphasis', children: [text(`… ${plural(hidden, 'more row')} not shown, to stay under GitHub's comment limit; the HTML and JSON reports have them all.`)] }));
  }
  return nodes;
}

function summaryTable(result: ValidateResult): RootContent[] {
  const s = result.summary;
  const coverage = coveragePercent(s.coverage);
  const header = ['Specs', 'Records', 'Pass', 'Fail', 'Not run', 'Consistent', 'Manual', 'Claims verified', 'Unverifiable', 'Contradicted', 'Artifact drift', 'Coverage'];
  const values = [
    s.specs, s.records, s.steps.pass, s.steps.fail, s.steps.notRun, s.steps.consistent, s.steps.manual,
    `${s.claims.verified} / ${s.claims.total}`, s.claims.unverifiable, s.claims.contradicted,
    `${s.artifacts.drift} / ${s.artifacts.total}`, coverage === null ? '—' : `${coverage}%`,
  ];
  const t = s.tasks;
  // A repository of spec-kit or OpenSpec task lists alone has no spec counts to show.
  const specs = t !== undefined && s.specs === 0 ? [] : table(header, [{ cells: values.map((value) => cell(String(value))), problem: false }], 1);
  if (t === undefined) return specs;
  const taskValues = [t.lists, t.total, t.checked, t.confirmed, t.refuted, t.unverified, t.open];
  return [...specs, ...table(['Task lists', 'Tasks', 'Ticked', 'Confirmed', 'Refuted', 'Unverified', 'Open'], [{ cells: taskValues.map((value) => cell(String(value))), problem: false }], 1)];
}

function stepRows(spec: SpecResult): Row[] {
  return spec.steps.map((step) => ({
    problem: STEP_VERDICT_PROBLEM[step.verdict] || step.actual === 'fail',
    cells: [cell(stepNumberLabel(step)), cell(stepTextOf(step)), cell(claimedLabel(step)), cell(actualLabel(step)), cell(STEP_VERDICT_LABEL[step.verdict]), cell([evidenceWithHistory(step), ...factLines(step)].join('\n'))],
  }));
}

function artifactRows(spec: SpecResult): Row[] {
  return spec.artifacts.map((artifact) => ({
    problem: isArtifactDrift(artifact),
    cells: [
      artifact.oldPath === undefined ? [code(artifact.path)] : [code(artifact.oldPath), text(' → '), code(artifact.path)],
      cell(artifactClaimLabel(artifact)),
      cell(artifactActualLabel(artifact)),
      cell(ARTIFACT_VERDICT_LABEL[artifact.verdict]),
    ],
  }));
}

function findingRows(findings: SpecResult['findings']): Row[] {
  return findings.map((finding) => ({
    problem: finding.severity === 'error',
    cells: [finding.location || finding.spec ? [code(findingPlace(finding))] : cell('—'), cell(finding.severity), cell(finding.message), [code(finding.ruleId)]],
  }));
}

function specSection(spec: SpecResult, cap: number): RootContent[] {
  const title = spec.spec.title === null ? [] : [text(spec.spec.title), text(' ')];
  const nodes: RootContent[] = [heading(3, ...title, code(spec.spec.file), ...(spec.spec.draft ? [text(' (draft)')] : []))];
  const record = spec.provenance;
  const meta: PhrasingContent[] = record
    ? [strong('Record:'), text(' '), code(record.file), ...(record.agent ? [text(` · agent ${record.agent}`)] : []), ...(record.executed ? [text(` · executed ${record.executed}`)] : [])]
    : [strong('Record:'), text(' none')];
  const status = recordStatusLine(spec);
  if (status) meta.push(text(` · ${status}`));
  nodes.push(paragraph(...meta));
  if (spec.coverage.steps > 0) nodes.push(paragraph(strong('Coverage:'), text(` ${coverageLine(spec.coverage)}`)));
  const settled = settledLine(spec);
  if (settled !== null) nodes.push(paragraph(strong('Settled:'), text(` ${settled}`)));
  const changes = spec.record?.stepChanges ?? [];
  if (changes.length > 0) {
    nodes.push({ type: 'list', ordered: false, spread: false, children: changes.map((change) => ({ type: 'listItem', spread: false, children: [paragraph(text(stepChangeLine(change)))] })) });
  }
  if (spec.steps.length > 0) nodes.push(...table(['#', 'Step', 'Claimed', 'sdd', 'Verdict', 'Evidence'], stepRows(spec), cap));
  if (spec.artifacts.length > 0) {
    const drift = spec.artifacts.filter(isArtifactDrift).length;
    nodes.push(paragraph(strong('Artifacts:'), text(` ${drift} of ${spec.artifacts.length} drift from git`)));
    nodes.push(...table(['File', 'Record', 'Git', 'Verdict'], artifactRows(spec), cap));
  }
  if (spec.findings.length > 0) {
    nodes.push(paragraph(strong('Findings')));
    nodes.push(...table(['Location', 'Severity', 'Message', 'Rule'], findingRows(spec.findings), cap));
  }
  return nodes;
}

/** Text whose `backticked` parts are code: the evidence sentences name files that way. */
function withCode(value: string): Cell {
  return value.split(/(`[^`\n]+`)/).filter((part) => part !== '').map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 2 ? code(part.slice(1, -1)) : text(part)));
}

function taskRows(list: TaskListResult): Row[] {
  return list.tasks.map((task) => ({
    problem: isTaskProblem(task),
    cells: [cell(taskIdLabel(task)), cell(task.text), [code(taskClaimLabel(task))], cell(TASK_VERDICT_LABEL[task.verdict]), task.checked ? withCode(task.reason) : cell('—')],
  }));
}

/** One spec-kit feature or OpenSpec change: its change, each task's claim, verdict and evidence, unmentioned files, findings. */
function taskListSection(list: TaskListResult, cap: number): RootContent[] {
  const nodes: RootContent[] = [heading(3, text(`${taskListHeading(list)} `), code(list.tasksFile))];
  nodes.push(paragraph(...(list.title === null ? [] : [strong(`${taskListKind(list)}:`), text(' ')]), text(taskChangeLine(list))));
  if (list.tasks.length > 0) nodes.push(...table(['Task', 'Text', 'Claim', 'Verdict', 'Evidence'], taskRows(list), cap));
  if (list.unmentioned.length > 0) {
    nodes.push(paragraph(strong('Unmentioned:'), text(` ${plural(list.unmentioned.length, 'file')} the change touched that no task names`)));
    nodes.push(...table(['File', 'Git'], list.unmentioned.map((file) => ({ problem: false, cells: [[code(file.path)], cell(file.actual)] })), cap));
  }
  if (list.findings.length > 0) {
    nodes.push(paragraph(strong('Findings')));
    nodes.push(...table(['Location', 'Severity', 'Message', 'Rule'], findingRows(list.findings), cap));
  }
  return nodes;
}

function headerBlock(result: ValidateResult): Root {
  const { error } = result.summary.findings;
  const verdict = error > 0 ? `❌ ${plural(error, 'error')}` : '✅ no errors';
  return { type: 'root', children: [heading(2, text(`sdd: ${verdict}`)), paragraph(text(summaryLine(result.summary))), ...summaryTable(result)] };
}

function otherFindingsBlock(result: ValidateResult, cap: number): Root {
  if (result.findings.length === 0) return { type: 'root', children: [] };
  return { type: 'root', children: [heading(3, text('Other findings')), ...table(['Location', 'Severity', 'Message', 'Rule'], findingRows(result.findings), cap)] };
}

function footerBlock(result: ValidateResult): Root {
  return { type: 'root', children: [paragraph({ type: 'emphasis', children: [text(`sdd ${result.tool.version} · result schema v${result.schemaVersion}`)] })] };
}

/**
 * Text from documents never starts a line here (it follows a heading marker,
 * a label or a cell's pipe), so escaping inline syntax is enough: a backslash
 * before each character that could open code, emphasis, a link, HTML, an
 * entity, a strikethrough, a cell, or close a heading (`#`). This handler replaces
 * the serialiser's general `safe()`, which costs ~0.1 ms per text node.
 */
function escapeInline(value: string): string {
  return value.replace(/[\\`*_[\]<>&|~#]/g, '\\$&');
}

const MARKDOWN_OPTIONS: Options = {
  extensions: [gfmTableToMarkdown({ tablePipeAlign: false })],
  handlers: { text: (node: Text) => escapeInline(node.value) },
  bullet: '-',
  emphasis: '_',
  rule: '-',
};

function serialize(node: Nodes): string {
  return toMarkdown(node, MARKDOWN_OPTIONS);
}

function longestTable(spec: SpecResult): number {
  return Math.max(spec.steps.length, spec.artifacts.length, spec.findings.length);
}

/**
 * Renders with a row cap per table. Blocks are serialised one by one and
 * memoised by the cap that actually applies to them, so trying smaller caps
 * re-renders only the specs with long tables.
 */
function renderer(result: ValidateResult): (cap: number) => string {
  const memo = new Map<string, string>();
  const once = (key: string, make: () => string) => {
    let value = memo.get(key);
    if (value === undefined) memo.set(key, (value = make()));
    return value;
  };
  const header = serialize(headerBlock(result));
  const listed = result.specs;
  const group = settledGroupLine(result.settled);
  const settled = group === null ? null : serialize(paragraph({ type: 'emphasis', children: [text(group)] }));
  const footer = serialize(footerBlock(result));
  return (cap) => {
    const specs = listed.map((spec, index) => {
      const effective = Math.min(cap, longestTable(spec));
      return once(`${index}:${effective}`, () => serialize({ type: 'root', children: specSection(spec, effective) }));
    });
    if (settled !== null) specs.push(settled);
    const lists = (result.taskLists ?? []).map((list, index) => {
      const effective = Math.min(cap, Math.max(list.tasks.length, list.unmentioned.length, list.findings.length));
      return once(`tasks:${index}:${effective}`, () => serialize({ type: 'root', children: taskListSection(list, effective) }));
    });
    const other = once(`other:${Math.min(cap, result.findings.length)}`, () => serialize(otherFindingsBlock(result, cap)));
    return [header, ...specs, ...lists, other, footer].filter((block) => block !== '' && block !== '\n').join('\n');
  };
}

/** Last resort when even the smallest tables do not fit (thousands of specs): cut at a line and say so. */
function cut(markdown: string, maxLength: number): string {
  const note = '\n\n_… report cut here to stay under GitHub\'s comment limit; the HTML and JSON reports have it all._\n';
  const end = markdown.lastIndexOf('\n', maxLength - note.length);
  return markdown.slice(0, Math.max(end, 0)) + note;
}

export function renderMarkdown(input: ValidateResult, options: RenderOptions = {}): string {
  const result = orderResult(input);
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const withCap = renderer(result);
  const full = withCap(ROW_CAPS[0]!);
  if (full.length <= maxLength) return full;
  // Binary search for the largest cap that fits; smaller caps give shorter text.
  let low = 1;
  let high = ROW_CAPS.length - 1;
  let best: string | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const markdown = withCap(ROW_CAPS[middle]!);
    if (markdown.length <= maxLength) {
      best = markdown;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  return best ?? cut(withCap(ROW_CAPS.at(-1)!), maxLength);
}
