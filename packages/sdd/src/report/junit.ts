import type { Element, Nodes, Root } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';
import { formatLocation, STEP_STATUS_LABEL, type CheckOutcome, type Finding, type SettledGroup, type SpecResult, type StepComparison, type TaskComparison, type TaskListResult, type ValidateResult } from '../model/index.js';
import { claimedLabel, coverageLine, evidenceLine, evidenceWithHistory, factLines, findingPlace, historyLine, settledGroupLine, settledLine, specHeading } from './labels.js';
import { allFindings, orderResult } from './order.js';
import { plural } from '../plural.js';
import { xmlSafe } from './sanitize.js';
import { taskFileLabel, taskIdLabel, taskListHeading } from './task-labels.js';

/**
 * JUnit XML for CI test tabs: one <testsuite> per spec, one <testcase> per
 * validation step (sdd's result, not the record's claim); one <testsuite> per
 * spec-kit or OpenSpec task list, one <testcase> per ticked task; findings at error
 * level as failed cases of a `sdd.findings` suite; with `--base`, the settled specs
 * without findings as one passing case of a `sdd.settled` suite. The tree is built with
 * xastscript and serialised by xast-util-to-xml, which escapes; characters
 * XML cannot hold at all are replaced before that.
 */

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

function checkDetail(check: CheckOutcome): string {
  const lines = [`[${check.status}] ${check.kind}: ${check.summary}`];
  if (check.fact) lines.push(`  fact: ${check.fact.claim} (from “${check.fact.quote.trim()}”)`);
  if (check.reason !== undefined) lines.push(`  reason: ${check.reason}`);
  for (const item of check.evidence) {
    const where = item.location ? ` (${formatLocation(item.location)})` : item.address ? ` (${item.address})` : '';
    lines.push(`  ${item.message}${where}`);
    if (item.output !== undefined) lines.push(...item.output.split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

function stepDetail(step: StepComparison): string {
  const lines = [`Record claims: ${claimedLabel(step)}; sdd: ${step.actual === null ? '—' : STEP_STATUS_LABEL[step.actual]} (${step.verdict})`];
  for (const check of step.evidence?.checks ?? []) lines.push(checkDetail(check));
  return lines.join('\n');
}

function stepCase(spec: SpecResult, step: StepComparison): Element {
  const location = step.evidence?.location;
  const children: Element[] = [];
  if (step.actual === 'fail') children.push(x('failure', { message: evidenceLine(step), type: 'fail' }, stepDetail(step)));
  else if (step.actual === 'not-run' || step.actual === 'manual' || step.actual === 'not-re-run') {
    children.push(x('skipped', { message: `${STEP_STATUS_LABEL[step.actual]}: ${evidenceWithHistory(step)}` }));
  }
  // Facts that hold are no pass: the case is skipped, with the facts and what a person must judge.
  else if (step.actual === 'consistent') children.push(x('skipped', { message: `${STEP_STATUS_LABEL[step.actual]}: ${evidenceLine(step)}` }, factLines(step).join('\n')));
  else {
    // A superseded step passed at its record's change: it passes, with the later change named.
    const history = historyLine(step);
    if (history !== null) children.push(x('system-out', history));
  }
  return x(
    'testcase',
    { classname: spec.spec.file, name: `${step.step ?? ''}. ${step.stepText ?? ''}`, file: location?.file, line: location?.line },
    children,
  );
}

function suite(name: string, cases: Element[], attributes: Record<string, string | undefined> = {}, properties: Element | null = null): { element: Element; counts: Counts } {
  const counts: Counts = {
    tests: cases.length,
    failures: cases.filter((c) => c.children.some((child) => child.type === 'element' && child.name === 'failure')).length,
    skipped: cases.filter((c) => c.children.some((child) => child.type === 'element' && child.name === 'skipped')).length,
  };
  const children = properties ? [properties, ...cases] : cases;
  const element = x('testsuite', { name, tests: counts.tests, failures: counts.failures, errors: 0, skipped: counts.skipped, ...attributes }, indent(children, 4), '\n  ');
  return { element, counts };
}

function specSuite(spec: SpecResult) {
  const settled = settledLine(spec);
  // A settled spec's steps are not listed: one case stands for them (its errors fail in `sdd.findings`).
  if (settled !== null) return suite(`${spec.spec.file}: ${specHeading(spec)}`, [x('testcase', { classname: spec.spec.file, name: 'settled before the pull request', file: spec.spec.file }, [x('system-out', settled)])], { file: spec.spec.file }, coverageProperties(spec));
  // A record row that matches no step is not a step: the findings report it.
  const cases = spec.steps.filter((step) => step.step !== null).map((step) => stepCase(spec, step));
  return suite(`${spec.spec.file}: ${specHeading(spec)}`, cases, { file: spec.spec.file }, coverageProperties(spec));
}

/** The settled specs without findings (spec 0052): one passing case stands for them all. */
function settledSuite(group: SettledGroup | undefined) {
  const line = settledGroupLine(group);
  if (!group || line === null) return [];
  const name = `${plural(group.specs.length, 'spec')} settled before the pull request`;
  return [suite('sdd.settled', [x('testcase', { classname: 'sdd.settled', name }, [x('system-out', line)])])];
}

/** The spec's coverage as the suite's properties, where CI test tabs show them. */
function coverageProperties(spec: SpecResult): Element {
  const c = spec.coverage;
  const entries: [string, string | number][] = [
    ['coverage', coverageLine(c)],
    ['coverage.steps', c.steps],
    ['coverage.declared', c.declared],
    ['coverage.inferred', c.inferred],
    ['coverage.partial', c.partial],
    ['coverage.manual', c.manual],
  ];
  return x('properties', indent(entries.map(([name, value]) => x('property', { name, value: String(value) })), 6), '\n    ');
}

/** A ticked task as a test case: refuted fails, unverified is skipped, confirmed passes. */
function taskCase(list: TaskListResult, task: TaskComparison): Element {
  const children: Element[] = [];
  if (task.verdict === 'refuted') {
    children.push(x('failure', { message: task.reason, type: 'tasks/phantom-completion' }, [task.reason, ...task.files.map(taskFileLabel)].join('\n')));
  } else if (task.verdict === 'unverified') {
    children.push(x('skipped', { message: `unverified: ${task.reason}` }));
  }
  return x('testcase', { classname: list.tasksFile, name: `${taskIdLabel(task)} ${task.text}`, file: task.location.file, line: task.location.line }, children);
}

function taskListSuite(list: TaskListResult) {
  // An open task claims nothing: it is not a test.
  return suite(`${list.tasksFile}: ${taskListHeading(list)}`, list.tasks.filter((task) => task.checked).map((task) => taskCase(list, task)), { file: list.tasksFile });
}

function findingCase(finding: Finding): Element {
  const related = (finding.related ?? []).map((location) => `related: ${formatLocation(location)}`);
  return x(
    'testcase',
    { classname: 'sdd.findings', name: `${finding.ruleId} at ${findingPlace(finding)}`, file: finding.location?.file ?? finding.spec, line: finding.location?.line },
    x('failure', { message: finding.message, type: finding.ruleId }, [finding.message, ...related].join('\n')),
  );
}

/** Puts each element on its own line, for diffs and readers; parsers ignore the whitespace. */
function indent(elements: Element[], spaces: number): (Element | string)[] {
  return elements.flatMap((element) => ['\n' + ' '.repeat(spaces), element]);
}

/** Replaces characters XML forbids in every text and attribute value of the tree. */
function sanitize(node: Nodes): void {
  if (node.type === 'text' || node.type === 'comment' || node.type === 'cdata') node.value = xmlSafe(node.value);
  if (node.type === 'element') {
    // Parsers turn a newline in an attribute into a space anyway; doing it here keeps the golden honest.
    for (const [key, value] of Object.entries(node.attributes)) {
      if (typeof value === 'string') node.attributes[key] = xmlSafe(value).replace(/\r\n|\r|\n/g, ' ');
    }
  }
  if ('children' in node) for (const child of node.children) sanitize(child);
}

export function renderJunit(input: ValidateResult): string {
  const result = orderResult(input);
  const suites = [...result.specs.map(specSuite), ...settledSuite(result.settled), ...(result.taskLists ?? []).map(taskListSuite)];
  const errors = allFindings(result).filter((finding) => finding.severity === 'error');
  if (errors.length > 0) suites.push(suite('sdd.findings', errors.map(findingCase)));
  const total = suites.reduce(
    (sum, { counts }) => ({ tests: sum.tests + counts.tests, failures: sum.failures + counts.failures, skipped: sum.skipped + counts.skipped }),
    { tests: 0, failures: 0, skipped: 0 },
  );
  const tree: Root = x(null, [
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    '\n',
    x('testsuites', { name: 'sdd', tests: total.tests, failures: total.failures, errors: 0, skipped: total.skipped }, indent(suites.map(({ element }) => element), 2), '\n'),
  ]);
  sanitize(tree);
  // No CDATA is written, so any `]]>` is document text, where XML forbids it unescaped.
  return toXml(tree, { closeEmptyElements: true }).replaceAll(']]>', ']]&gt;') + '\n';
}
