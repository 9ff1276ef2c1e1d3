import { createHash } from 'node:crypto';
import type { Element, Nodes, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h, type Child } from 'hastscript';
import {
  STEP_STATUS_LABEL,
  formatLocation,
  type ArtifactComparison,
  type CheckOutcome,
  type EvidenceItem,
  type Finding,
  type SourceLocation,
  type SpecResult,
  type StepComparison,
  type TaskComparison,
  type TaskListResult,
  type ValidateResult,
} from '../model/index.js';
import { SCRIPT, STYLE } from './html-assets.js';
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
  evidenceLine,
  findingPlace,
  historyLine,
  isArtifactDrift,
  recordStatusLine,
  settledGroupLine,
  settledLine,
  specHeading,
  stepChangeLine,
  stepNumberLabel,
  stepTextOf,
  summaryLine,
} from './labels.js';
import type { RenderOptions } from './options.js';
import { orderResult } from './order.js';
import { pathToUri, withoutControls } from './sanitize.js';
import { TASK_VERDICT_LABEL, isTaskProblem, taskChangeLine, taskClaimLabel, taskFileLabel, taskIdLabel, taskListHeading, taskListKind } from './task-labels.js';
import { plural } from '../plural.js';

/**
 * One self-contained HTML file for reviewers. The page is a hast tree built
 * with hastscript: every string from a document goes in as a text node or an
 * attribute value and hast-util-to-html escapes it, so a spec's `<script>`
 * stays text. A Content Security Policy allows only the page's own style and
 * script (by hash) and no network at all. Filters only hide rows; without
 * the script every row shows.
 */

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

function badge(kind: string, label: string): Element {
  return h('span', { className: ['badge', `s-${kind}`] }, label);
}

/** A link to a file and line under the link base; `label` replaces the `file:line` text where the file is obvious. */
function link(location: SourceLocation, base: string, label?: string): Element {
  return h('a', { href: `${base}${pathToUri(location.file)}#L${location.line}` }, label ?? h('code', formatLocation(location)));
}

function card(label: string, key: string, value: number | string, tone: string, sub?: Child): Element {
  return h('div', { className: ['card', tone] }, [
    h('dt', label),
    h('dd', { className: ['big'], dataSummary: key }, String(value)),
    sub ? h('dd', { className: ['sub'] }, sub) : null,
  ]);
}

function summarySection(result: ValidateResult): Element {
  const s = result.summary;
  const coverage = coveragePercent(s.coverage);
  const tone = (bad: boolean, good = true) => (bad ? 'fail' : good ? 'pass' : 'neutral');
  return h('section', { ariaLabelledBy: 'summary-title' }, [
    h('h2', { id: 'summary-title' }, 'Summary'),
    h('dl', { className: ['cards'] }, lines([
      card('Specs', 'specs', s.specs, 'neutral', `${plural(s.records, 'record')}`),
      card('Checks passed', 'steps.pass', s.steps.pass, tone(false, s.steps.pass > 0)),
      card('Checks failed', 'steps.fail', s.steps.fail, tone(s.steps.fail > 0)),
      card('Not run', 'steps.notRun', s.steps.notRun, s.steps.notRun > 0 ? 'warn' : 'neutral', 'could not run: see why'),
      card('Consistent', 'steps.consistent', s.steps.consistent, 'neutral', 'stated facts hold; a person judges the rest'),
      card('Manual', 'steps.manual', s.steps.manual, 'neutral', 'no executable check'),
      card('Claims verified', 'claims.verified', s.claims.verified, 'neutral', `of ${s.claims.total} claims`),
      card('Unverifiable', 'claims.unverifiable', s.claims.unverifiable, s.claims.unverifiable > 0 ? 'warn' : 'neutral'),
      card('Contradicted', 'claims.contradicted', s.claims.contradicted, tone(s.claims.contradicted > 0)),
      card('Artifact drift', 'artifacts.drift', s.artifacts.drift, tone(s.artifacts.drift > 0), `of ${s.artifacts.total} files`),
      card('Errors', 'findings.error', s.findings.error, tone(s.findings.error > 0)),
      card('Warnings', 'findings.warning', s.findings.warning, s.findings.warning > 0 ? 'warn' : 'neutral', `${s.findings.info} info`),
      card('Coverage', 'coverage', coverage === null ? '—' : `${coverage}%`, 'neutral', `${s.coverage.declared} declared, ${s.coverage.inferred} inferred, ${s.coverage.partial} partial, ${s.coverage.manual} manual`),
      ...taskCards(result),
    ])),
  ]);
}

/** spec-kit and OpenSpec task lists, when the run found any. */
function taskCards(result: ValidateResult): Element[] {
  const t = result.summary.tasks;
  if (t === undefined) return [];
  return [
    card('Tasks ticked', 'tasks.checked', t.checked, 'neutral', `of ${plural(t.total, 'task')} in ${plural(t.lists, 'list')}`),
    card('Tasks confirmed', 'tasks.confirmed', t.confirmed, t.confirmed > 0 ? 'pass' : 'neutral'),
    card('Tasks refuted', 'tasks.refuted', t.refuted, t.refuted > 0 ? 'fail' : 'pass', 'phantom completions'),
    card('Tasks unverified', 'tasks.unverified', t.unverified, t.unverified > 0 ? 'warn' : 'neutral', `${t.open} open`),
  ];
}

interface FilterOption {
  value: string;
  label: string;
  count: number;
}

function filterGroup(name: string, legend: string, options: FilterOption[]): Element | null {
  const present = options.filter((option) => option.count > 0);
  if (present.length === 0) return null;
  return h('fieldset', [
    h('legend', legend),
    ...present.map((option) =>
      h('label', [h('input', { type: 'checkbox', name, value: option.value, checked: true }), h('span', `${option.label} (${option.count})`)]),
    ),
  ]);
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length;
}

function filters(result: ValidateResult): Element {
  const steps = result.specs.flatMap((spec) => spec.steps);
  const artifacts = result.specs.flatMap((spec) => spec.artifacts);
  const findings = [...result.findings, ...result.specs.flatMap((spec) => spec.findings), ...(result.taskLists ?? []).flatMap((list) => list.findings)];
  const tasks = (result.taskLists ?? []).flatMap((list) => list.tasks);
  return h('form', { className: ['filters'], hidden: true, ariaLabel: 'Filter rows' }, [
    filterGroup('step', 'Steps', [
      ...(['pass', 'fail', 'not-run', 'consistent', 'manual'] as const).map((status) => ({ value: status, label: STEP_STATUS_LABEL[status], count: count(steps, (step) => step.actual === status) })),
      // Only runs that judged old records at their change have steps not re-run.
      ...(steps.some((step) => step.actual === 'not-re-run') ? [{ value: 'not-re-run', label: STEP_STATUS_LABEL['not-re-run'], count: count(steps, (step) => step.actual === 'not-re-run') }] : []),
      { value: 'none', label: 'Extra rows', count: count(steps, (step) => step.actual === null) },
    ]),
    filterGroup('artifact', 'Artifacts', [
      { value: 'match', label: 'Match', count: count(artifacts, (a) => a.verdict === 'match') },
      { value: 'drift', label: 'Drift', count: count(artifacts, isArtifactDrift) },
      { value: 'unknown', label: 'Not compared', count: count(artifacts, (a) => a.verdict === 'unknown') },
    ]),
    filterGroup('task', 'Tasks', (['confirmed', 'refuted', 'unverified', 'open'] as const).map((verdict) => ({ value: verdict, label: TASK_VERDICT_LABEL[verdict], count: count(tasks, (task) => task.verdict === verdict) }))),
    filterGroup('finding', 'Findings', (['error', 'warning', 'info'] as const).map((severity) => ({ value: severity, label: severity, count: count(findings, (f) => f.severity === severity) }))),
    h('p', { id: 'filter-status', role: 'status', ariaLive: 'polite' }),
  ]);
}

function evidenceItem(item: EvidenceItem, base: string): Element {
  return h('li', [
    item.message,
    item.location ? [' ', link(item.location, base)] : null,
    item.address ? [' ', h('code', item.address)] : null,
    item.output !== undefined ? h('pre', item.output) : null,
  ]);
}

function checkItem(check: CheckOutcome, base: string): Element {
  return h('li', [
    badge(check.status, STEP_STATUS_LABEL[check.status]),
    ' ',
    h('code', check.kind),
    ' ',
    check.summary,
    check.reason !== undefined ? h('div', { className: ['muted'] }, `Why: ${check.reason}`) : null,
    check.fact ? factNote(check.fact) : null,
    check.evidence.length > 0 ? h('ul', check.evidence.map((item) => evidenceItem(item, base))) : null,
  ]);
}

/** The fact a check verifies: what it claims, the step's words it was read from, and where its file was found. */
function factNote(fact: NonNullable<CheckOutcome['fact']>): Element {
  return h('div', { className: ['muted'] }, [
    'Fact: ',
    fact.claim,
    fact.quote.trim() !== '' ? [' — from the step’s words “', fact.quote.trim(), '”'] : null,
    fact.placed ? [' — ', h('code', fact.placed.written), ' is ', h('code', fact.placed.path), ` (from ${PLACED_BY[fact.placed.by]})`] : null,
  ]);
}

const PLACED_BY: Record<NonNullable<NonNullable<CheckOutcome['fact']>['placed']>['by'], string> = {
  'as-written': 'the step',
  artifacts: 'the record’s Artifacts Produced',
  spec: 'the spec’s paths',
  repository: 'the repository',
};

function evidenceCell(step: StepComparison, base: string): Element {
  const line = evidenceLine(step);
  const checks = step.evidence?.checks ?? [];
  const where: Element[] = [];
  const history = historyLine(step);
  if (history !== null) where.push(h('div', { className: ['history'] }, history));
  if (step.evidence) where.push(h('div', { className: ['muted'] }, ['Step: ', link(step.evidence.location, base), ` · checks ${step.evidence.source}`]));
  if (step.rowLocation) where.push(h('div', { className: ['muted'] }, ['Row: ', link(step.rowLocation, base)]));
  if (step.claimedDetail) where.push(h('div', { className: ['muted'] }, `Record says: ${step.claimedDetail}`));
  if (step.evidence?.source === 'partial') {
    where.push(h('div', { className: ['muted'] }, step.evidence.unjudged === undefined ? 'The facts are necessary, not sufficient: a person judges the step.' : `For a person to judge: ${step.evidence.unjudged}`));
  }
  if (checks.length === 0 && where.length === 0) return h('td', line);
  return h('td', h('details', [h('summary', line), checks.length > 0 ? h('ul', checks.map((check) => checkItem(check, base))) : null, ...where]));
}

function stepRow(step: StepComparison, base: string): Element {
  const problem = STEP_VERDICT_PROBLEM[step.verdict];
  return h('tr', { dataGroup: 'step', dataStatus: step.actual ?? 'none', className: problem ? ['problem'] : undefined }, [
    h('th', { scope: 'row' }, stepNumberLabel(step)),
    h('td', stepTextOf(step)),
    h('td', claimedLabel(step)),
    h('td', badge(step.actual ?? 'none', actualLabel(step))),
    h('td', { className: problem ? ['v-problem'] : undefined }, STEP_VERDICT_LABEL[step.verdict]),
    evidenceCell(step, base),
  ]);
}

function stepsTable(spec: SpecResult, base: string): Element {
  return h('table', { className: ['steps'] }, [
    h('caption', 'Validation steps: the record’s claim and sdd’s result'),
    h('thead', h('tr', ['#', 'Step', 'Record claims', 'sdd', 'Verdict', 'Evidence'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', lines(spec.steps.map((step) => stepRow(step, base)))),
  ]);
}

function artifactRow(artifact: ArtifactComparison, base: string): Element {
  const drift = isArtifactDrift(artifact);
  const status = drift ? 'drift' : artifact.verdict === 'match' ? 'match' : 'unknown';
  return h('tr', { dataGroup: 'artifact', dataStatus: status, className: drift ? ['problem'] : undefined }, [
    h('th', { scope: 'row' }, [artifact.oldPath !== undefined ? [h('code', artifact.oldPath), ' → '] : null, h('code', artifact.path)]),
    h('td', [artifactClaimLabel(artifact), artifact.location ? [' ', h('span', { className: ['muted'] }, ['(', link(artifact.location, base, `row at line ${artifact.location.line}`), ')'])] : null]),
    h('td', artifactActualLabel(artifact)),
    h('td', artifact.existsNow ? 'yes' : 'no'),
    h('td', badge(status, ARTIFACT_VERDICT_LABEL[artifact.verdict])),
  ]);
}

function artifactsTable(spec: SpecResult, base: string): Element {
  return h('table', { className: ['artifacts'] }, [
    h('caption', `Artifacts: the record’s table beside git (${spec.artifacts.filter(isArtifactDrift).length} of ${spec.artifacts.length} drift)`),
    h('thead', h('tr', ['File', 'Record says', 'Git says', 'Exists now', 'Verdict'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', lines(spec.artifacts.map((artifact) => artifactRow(artifact, base)))),
  ]);
}

function findingRow(finding: Finding, base: string): Element {
  return h('tr', { dataGroup: 'finding', dataStatus: finding.severity, className: finding.severity === 'error' ? ['problem'] : undefined }, [
    h('th', { scope: 'row' }, finding.location ? link(finding.location, base) : h('code', findingPlace(finding))),
    h('td', badge(finding.severity, finding.severity)),
    h('td', [finding.message, ...(finding.related ?? []).map((location) => h('div', { className: ['muted'] }, ['see ', link(location, base)]))]),
    h('td', h('code', { className: ['rule'] }, finding.ruleId)),
  ]);
}

function findingsTable(findings: readonly Finding[], caption: string, base: string): Element {
  return h('table', { className: ['findings'] }, [
    h('caption', caption),
    h('thead', h('tr', ['Location', 'Severity', 'Message', 'Rule'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', lines(findings.map((finding) => findingRow(finding, base)))),
  ]);
}

function metaList(spec: SpecResult): Element {
  const entries: [string, Child][] = [['Spec', h('code', spec.spec.file)]];
  if (spec.provenance) {
    entries.push(['Record', h('code', spec.provenance.file)]);
    if (spec.provenance.agent) entries.push(['Agent', spec.provenance.agent]);
    if (spec.provenance.executed) entries.push(['Executed', spec.provenance.executed]);
  } else {
    entries.push(['Record', 'none']);
  }
  if (spec.change) {
    const commits = spec.change.commits.length === 0 ? '' : `: ${spec.change.commits.join(', ')}`;
    entries.push(['Change', `${spec.change.source}${spec.change.base ? ` from ${spec.change.base}` : ''}${commits}${spec.change.includesWorkingTree ? ' + working tree' : ''}`]);
  }
  entries.push(['Coverage', coverageLine(spec.coverage)]);
  return h('dl', { className: ['meta'] }, entries.flatMap(([term, value]) => [h('dt', term), h('dd', value)]));
}

function specSection(spec: SpecResult, index: number, base: string): Element {
  const id = `spec-${index + 1}`;
  const status = recordStatusLine(spec);
  const changes = spec.record?.stepChanges ?? [];
  const settled = settledLine(spec);
  return h('section', { className: ['spec'], id, ariaLabelledBy: `${id}-title` }, lines([
    h('h2', { id: `${id}-title` }, [specHeading(spec), spec.spec.draft ? [' ', badge('manual', 'draft')] : null]),
    metaList(spec),
    status && spec.record?.status !== 'current'
      ? h('div', { className: ['suspect'] }, [h('strong', 'Record: '), status, changes.length > 0 ? h('ul', changes.map((change) => h('li', stepChangeLine(change)))) : null])
      : null,
    settled !== null
      ? h('p', { className: ['muted'] }, settled)
      : spec.steps.length > 0
        ? stepsTable(spec, base)
        : h('p', { className: ['muted'] }, 'No validation steps.'),
    spec.artifacts.length > 0 ? artifactsTable(spec, base) : null,
    spec.findings.length > 0 ? findingsTable(spec.findings, `Findings (${spec.findings.length})`, base) : null,
  ]));
}

function toc(result: ValidateResult): Element {
  const entry = (href: string, title: string, findings: readonly Finding[]) => {
    const errors = findings.filter((f) => f.severity === 'error').length;
    return h('li', [h('a', { href }, title), ' ', errors > 0 ? badge('error', plural(errors, 'error')) : badge('pass', 'ok')]);
  };
  return h('nav', { className: ['toc'], ariaLabel: 'Specs' }, h('ul', [
    ...result.specs.map((spec, index) => entry(`#spec-${index + 1}`, specHeading(spec), spec.findings)),
    ...(result.taskLists ?? []).map((list, index) => entry(`#tasks-${index + 1}`, taskListHeading(list), list.findings)),
  ]));
}

const TASK_BADGE: Record<TaskComparison['verdict'], string> = { confirmed: 'pass', refuted: 'fail', unverified: 'not-run', open: 'none' };

function taskRow(task: TaskComparison, base: string): Element {
  const problem = isTaskProblem(task);
  const files = task.files.map((file) => h('li', h('code', taskFileLabel(file))));
  return h('tr', { dataGroup: 'task', dataStatus: task.verdict, className: problem ? ['problem'] : undefined }, [
    h('th', { scope: 'row' }, link(task.location, base, taskIdLabel(task))),
    h('td', [task.text, task.markers.length > 0 ? h('div', { className: ['muted'] }, task.markers.map((marker) => `[${marker}]`).join(' ')) : null]),
    h('td', h('code', taskClaimLabel(task))),
    h('td', { className: problem ? ['v-problem'] : undefined }, badge(TASK_BADGE[task.verdict], TASK_VERDICT_LABEL[task.verdict])),
    h('td', task.checked ? (files.length > 0 ? h('details', [h('summary', task.reason), h('ul', files)]) : task.reason) : '—'),
  ]);
}

/** One spec-kit feature or OpenSpec change: the change, each task's claim, sdd's verdict and the evidence, unmentioned files, findings. */
function taskListSection(list: TaskListResult, index: number, base: string): Element {
  const id = `tasks-${index + 1}`;
  const meta: [string, Child][] = [
    ['Task list', h('code', list.tasksFile)],
    ['Kind', taskListKind(list)],
    ['Change', taskChangeLine(list).replace(/^change: /, '')],
    ['Tasks', `${list.counts.total}: ${list.counts.checked} ticked (${list.counts.confirmed} confirmed, ${list.counts.refuted} refuted, ${list.counts.unverified} unverified), ${list.counts.open} open`],
  ];
  return h('section', { className: ['spec'], id, ariaLabelledBy: `${id}-title` }, lines([
    h('h2', { id: `${id}-title` }, taskListHeading(list)),
    h('dl', { className: ['meta'] }, meta.flatMap(([term, value]) => [h('dt', term), h('dd', value)])),
    list.tasks.length > 0
      ? h('table', { className: ['steps'] }, [
          h('caption', 'Tasks: the list’s claim and sdd’s verdict'),
          h('thead', h('tr', ['Task', 'Text', 'Claim', 'Verdict', 'Evidence'].map((title) => h('th', { scope: 'col' }, title)))),
          h('tbody', lines(list.tasks.map((task) => taskRow(task, base)))),
        ])
      : h('p', { className: ['muted'] }, 'No tasks.'),
    list.unmentioned.length > 0
      ? h('table', { className: ['artifacts'] }, [
          h('caption', `Files the change touched that no task names (${list.unmentioned.length})`),
          h('thead', h('tr', ['File', 'Git says'].map((title) => h('th', { scope: 'col' }, title)))),
          h('tbody', lines(list.unmentioned.map((file) => h('tr', [h('th', { scope: 'row' }, h('code', file.path)), h('td', file.actual)])))),
        ])
      : null,
    list.findings.length > 0 ? findingsTable(list.findings, `Findings (${list.findings.length})`, base) : null,
  ]));
}

/** Block children on their own lines, so the file reads and diffs well; the whitespace does not render. */
function lines(children: (Element | null | undefined | '')[]): (Element | string)[] {
  return [...children.flatMap((child) => (child ? ['\n', child] : [])), '\n'];
}

/** Control characters are parse errors in HTML and show as boxes: replace them in every text and attribute. */
function sanitize(node: Nodes): void {
  if (node.type === 'text') node.value = withoutControls(node.value);
  if (node.type === 'element') {
    for (const [key, value] of Object.entries(node.properties)) if (typeof value === 'string') node.properties[key] = withoutControls(value);
  }
  if ('children' in node) for (const child of node.children) sanitize(child);
}

export function renderHtml(input: ValidateResult, options: RenderOptions = {}): string {
  const result = orderResult(input);
  const base = options.linkBase ?? '';
  const settledGroup = settledGroupLine(result.settled);
  const { error, warning } = result.summary.findings;
  const verdict = error > 0 ? `${plural(error, 'error')}, ${plural(warning, 'warning')}` : `No errors, ${plural(warning, 'warning')}`;
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      { type: 'text', value: '\n' },
      h('html', { lang: 'en' }, [
        h('head', lines([
          h('meta', { charSet: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { httpEquiv: 'Content-Security-Policy', content: csp }),
          h('meta', { name: 'generator', content: `sdd ${result.tool.version}` }),
          h('title', `sdd report: ${verdict}`),
          h('style', STYLE),
        ])),
        h('body', lines([
          h('a', { className: ['skip'], href: '#main' }, 'Skip to the report'),
          h('header', { className: ['top'] }, [
            h('h1', 'sdd report'),
            h('p', { className: ['verdict', error > 0 ? 'fail' : 'pass'] }, verdict),
            h('p', summaryLine(result.summary)),
          ]),
          h('main', { id: 'main' }, lines([
            summarySection(result),
            result.specs.length > 0 || (result.taskLists ?? []).length > 0 ? toc(result) : null,
            filters(result),
            ...result.specs.map((spec, index) => specSection(spec, index, base)),
            settledGroup === null ? null : h('p', { className: ['muted', 'settled'] }, settledGroup),
            ...(result.taskLists ?? []).map((list, index) => taskListSection(list, index, base)),
            result.findings.length > 0
              ? h('section', { ariaLabelledBy: 'other-title' }, [h('h2', { id: 'other-title' }, 'Other findings'), findingsTable(result.findings, 'Findings not tied to one spec', base)])
              : null,
          ])),
          h('footer', `sdd ${result.tool.version} · result schema v${result.schemaVersion}`),
          h('script', SCRIPT),
        ])),
      ]),
    ],
  };
  sanitize(tree);
  return toHtml(tree) + '\n';
}
