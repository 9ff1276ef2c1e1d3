import { historyOf as pathIndexOf } from '../discover/git-history.js';
import { firstLaterChange, judgementPoint, type JudgementPoint, type Later } from '../discover/judgement-point.js';
import type { CheckDefinition, CheckOutcome, Finding, ProvenanceDocument, SpecDocument, StepEvidence, StepHistory, ValidationStep, Workspace } from '../model/index.js';
import { combineStatuses, partialStatus } from '../model/index.js';
import { judgeAtCommit, type History } from './history/index.js';
import { invariantsOf, type Invariants } from './invariants.js';
import { planUnionRuns, type MemberLine, type TestRunPlan } from './test-runs/union.js';
import type { Declaration } from './declarations.js';
import { parseDeclarations } from './declarations.js';
import type { FactCheck, PlacedFact, RepositoryPaths, Statements } from './facts/index.js';
import { extractFacts, factChecks, placeFacts, repositoryPaths, unjudgedText, withoutContradictions } from './facts/index.js';
import type { InferenceHints, InferredCheck } from './infer.js';
import { inferChecks } from './infer.js';
import type { Registry } from './registry.js';
import { registry as defaultRegistry } from './registry.js';
import { resolveRepoPath, withPathCache } from '../repo-path.js';
import pLimit from 'p-limit';
import { commandPermission } from './allow.js';
import { commandTimeoutSeconds } from './process.js';
import { runCheck } from './run.js';
import type { CheckContext, RunMemo } from './types.js';
import { createRunMemo } from './types.js';

interface CheckInput {
  workspace: Workspace;
  /** Each spec with its provenance record (matched by the pipeline), in spec file order. */
  specs: { spec: SpecDocument; record: ProvenanceDocument | null }[];
  /** Report progress of long steps (synth, terraform, commands) on a terminal. */
  progress?: (message: string) => void;
  /** Steps run at the same time (default 3): checks read files and spawn processes on shared machines. */
  concurrency?: number;
  /** The check kinds (default: every registered kind); tests pass their own. */
  registry?: Registry;
  /** Shared by every call of one run (command slots, each synth once); default: this call's own. */
  memo?: RunMemo;
  /**
   * Judge each record at its own change (docs/history.md): a record committed
   * earlier is checked as its commit has the files it reads. Without it every
   * step is checked on the working tree (authoring commands, tests).
   */
  history?: History;
}

export interface CheckStageResult {
  /** One entry per validation step of every spec, in spec file then step order. */
  evidence: StepEvidence[];
  /** Bad declarations (unknown kind, bad args, step that does not exist) with file:line. */
  findings: Finding[];
}

/** How a step will be checked: as declared, as inferred from its whole wording, by the facts it states, or not at all. */
type StepPlan =
  | { how: 'declared'; declaration: Declaration }
  | { how: 'inferred'; checks: InferredCheck[] }
  | { how: 'facts'; checks: FactCheck[]; unjudged: string | undefined }
  | { how: 'manual' };

interface StepJob {
  spec: SpecDocument;
  record: ProvenanceDocument | null;
  step: ValidationStep;
  plan: StepPlan;
  /** Where the step is judged: the record's point, or the working tree for an invariant. */
  point: JudgementPoint;
  invariant: boolean;
}

/**
 * The check stage: for every validation step of every spec, run its
 * declared checks, or the checks inferred from its wording, and record what
 * was found. A step with neither is manual: unverified, never a pass.
 */
export async function runChecks(input: CheckInput): Promise<CheckStageResult> {
  const registry = input.registry ?? defaultRegistry;
  const memo = input.memo ?? createRunMemo(input.workspace.config.commands.parallel, input.workspace.config.limits.regexSeconds);
  const findings: Finding[] = [];
  const jobs: StepJob[] = [];
  const historyPaths = pathsInHistory(input.workspace);
  const repository = repositoryOf(historyPaths);
  const infraTargets = input.workspace.config.infra.map((target) => target.name);
  for (const { spec, record } of input.specs) {
    const declared = parseDeclarations(spec, registry);
    const invariants = invariantsOf(spec);
    findings.push(...declared.findings, ...invariants.findings);
    const hints = { knownPaths: knownPaths(historyPaths, record), infraTargets };
    const plans = planSteps(spec, record, declared.declarations, hints, repository);
    const recordPoint: JudgementPoint =
      input.history && record ? judgementPoint(input.workspace.git, record.file) : { kind: 'working-tree', why: 'no-git' };
    spec.validationSteps.forEach((step, index) => {
      const invariant = isInvariant(invariants, step.number);
      const point: JudgementPoint = invariant ? { kind: 'working-tree', why: 'invariant' } : recordPoint;
      jobs.push({ spec, record, step, plan: plans[index] ?? { how: 'manual' }, point, invariant });
    });
  }
  const testRuns = planUnionRuns(input.workspace.root, commandsOnWorkingTree(jobs, input.workspace, registry));
  const evidence = await withPathCache(() => pLimit(input.concurrency ?? 3).map(jobs, (job) => runStep(job, input, memo, registry, testRuns)));
  return { evidence, findings };
}

async function runStep(job: StepJob, input: CheckInput, memo: RunMemo, registry: Registry, testRuns: TestRunPlan): Promise<StepEvidence> {
  const { spec, record, step, plan } = job;
  const base = { spec: spec.file, step: step.number, stepText: step.text, location: step.location, ...(job.invariant ? { invariant: true } : {}) };
  const context: CheckContext = {
    root: input.workspace.root,
    config: input.workspace.config,
    spec,
    record,
    git: input.workspace.git,
    memo,
    progress: input.progress,
    testRuns,
  };
  const judge = checkJudge(job.point, context, registry, input.history);
  if (plan.how === 'declared') {
    const declaration = plan.declaration;
    const judged = [];
    for (const definition of declaration.checks) judged.push(await judge(definition));
    const outcomes: CheckOutcome[] = judged.map((one) => one.outcome);
    for (const rejected of declaration.rejected) {
      outcomes.push({ ...rejected.definition, status: 'not-run' as const, summary: rejected.reason, reason: rejected.reason, evidence: [{ message: rejected.reason, location: rejected.location }] });
    }
    return { ...base, source: 'declared', status: combineStatuses(outcomes.map((o) => o.status)), checks: outcomes, declaredAt: declaration.location, ...historyOf(job.point, judged) };
  }
  if (plan.how === 'manual') return { ...base, source: 'manual', status: 'manual', checks: [] };
  if (plan.how === 'facts') {
    const judged = [];
    for (const { definition, fact } of plan.checks) {
      const one = await judge(definition);
      judged.push({ ...one, outcome: { ...one.outcome, fact } });
    }
    const outcomes = judged.map((one) => one.outcome);
    const unjudged = plan.unjudged === undefined ? {} : { unjudged: plan.unjudged };
    return { ...base, source: 'partial', status: partialStatus(outcomes.map((o) => o.status)), checks: outcomes, declaredAt: step.location, ...unjudged, ...historyOf(job.point, judged) };
  }
  const judged = [];
  for (const { definition, rule } of plan.checks) {
    const one = await judge(definition);
    // Say how the check came about: a reviewer should see it was read from the wording, not declared.
    judged.push({ ...one, outcome: { ...one.outcome, evidence: [{ message: `inferred from the step's wording (rule ${rule})`, location: step.location }, ...one.outcome.evidence] } });
  }
  const outcomes = judged.map((one) => one.outcome);
  return { ...base, source: 'inferred', status: combineStatuses(outcomes.map((o) => o.status)), checks: outcomes, declaredAt: step.location, ...historyOf(job.point, judged) };
}
interface Judged {
  outcome: CheckOutcome;
  later: Later | null;
}

/** Runs a check where its step is judged: on the working tree, or at the record's commit. */
function checkJudge(point: JudgementPoint, context: CheckContext, registry: Registry, history: History | undefined): (definition: CheckDefinition) => Promise<Judged> {
  const git = context.git;
  if (point.kind === 'working-tree' || !history || !git) {
    return async (definition) => ({ outcome: await runCheck(definition, context, registry), later: null });
  }
  return (definition) => judgeAtCommit(definition, { ...context, git }, registry, point, history);
}

/**
 * A step judged at its record's commit: where, its status on the working tree
 * when every check was run there too, and the first later change to what it reads.
 */
function historyOf(point: JudgementPoint, judged: readonly Judged[]): { history?: StepHistory } {
  if (point.kind !== 'commit') return {};
  const nowStatuses = judged.map(({ outcome }) => (outcome.now ? outcome.now.status : outcome.at === undefined ? outcome.status : null));
  const now = nowStatuses.includes(null) ? null : combineStatuses(nowStatuses as NonNullable<(typeof nowStatuses)[number]>[]);
  // When some checks broke after the commit, the step's later change is what broke them.
  const broken = judged.filter(({ outcome }) => outcome.status === 'pass' && outcome.now?.status === 'fail');
  const later = (broken.length > 0 ? broken : judged).reduce<Later | null>(
    (first, one) => (one.later !== null && (first === null || one.later.index < first.index) ? one.later : first),
    null,
  );
  return { history: { at: point.commit, now, laterChange: later === null ? null : { commit: later.commit, subject: later.subject, spec: null } } };
}

/**
 * The allowed command lines that this run will execute on the working tree:
 * those of steps judged there, and of records whose change nothing followed
 * (a record with later commits is judged at its commit: Not re-run, or in a worktree).
 */
function commandsOnWorkingTree(jobs: readonly StepJob[], workspace: Workspace, registry: Registry): MemberLine[] {
  const lines: MemberLine[] = [];
  const commands = workspace.config.commands;
  for (const job of jobs) {
    if (job.point.kind === 'commit' && workspace.git && firstLaterChange(workspace.git, job.point.index, 'everything') !== null) continue;
    const definitions = job.plan.how === 'declared' ? job.plan.declaration.checks : job.plan.how === 'manual' ? [] : job.plan.checks.map((one) => one.definition);
    for (const definition of definitions) {
      if (definition.kind !== 'command') continue;
      const parsed = registry.get('command')?.args.safeParse(definition.args);
      if (!parsed?.success) continue;
      const args = parsed.data as { run: string; cwd?: string; timeoutSeconds?: number; expectExit?: number };
      if ((args.expectExit ?? 0) !== 0) continue;
      const cwd = resolveRepoPath(workspace.root, args.cwd ?? '.');
      if (!cwd.ok || !commandPermission(commands, args.run, cwd.rel).ok) continue;
      lines.push({ run: args.run, cwd: cwd.rel, timeoutSeconds: commandTimeoutSeconds(args.timeoutSeconds, commands.timeoutSeconds) });
    }
  }
  return lines;
}

function isInvariant(invariants: Invariants, step: number): boolean {
  return invariants.steps === 'all' || invariants.steps.has(step);
}


/**
 * Each step's plan. A step neither declared nor inferred is read for the
 * facts it states; a fact is dropped when another step, or the record's
 * table, says otherwise about its file (the step then means another
 * version of that file).
 */
function planSteps(
  spec: SpecDocument,
  record: ProvenanceDocument | null,
  declarations: readonly Declaration[],
  hints: InferenceHints,
  repository: RepositoryPaths,
): StepPlan[] {
  const artifactRows = (record?.artifacts?.rows ?? []).map((row) => ({ path: row.path.replace(/^\.\//, ''), status: row.status }));
  const specPaths = [...new Set(spec.validationSteps.flatMap((step) => step.paths).map((p) => p.replace(/^\.\//, '')).filter((p) => !/[*?<>{}\s]/.test(p)))];
  const sources = { artifacts: artifactRows.map((row) => row.path).filter((p) => !/[*?<>{}\s]/.test(p)), specPaths, repository };
  const early = spec.validationSteps.map((step): { plan: StepPlan } | { facts: PlacedFact[] } => {
    const declaration = declarations.find((d) => d.step === step.number);
    if (declaration) return { plan: { how: 'declared', declaration } };
    const inferred = inferChecks(step, hints);
    if (inferred) return { plan: { how: 'inferred', checks: inferred } };
    return { facts: placeFacts(extractFacts(step.markdown), sources) };
  });
  // What each step says about each path, to weigh the others' facts against.
  const saying = early.map((entry) => ('plan' in entry ? pathsOfPlan(entry.plan) : pathsOfFacts(entry.facts)));
  const artifactStatus = new Map(artifactRows.map((row) => [row.path, row.status]));
  const statementsBesides = (index: number) => {
    const others = saying.filter((_, at) => at !== index);
    return { present: new Set(others.flatMap((s) => s.present)), gone: new Set(others.flatMap((s) => s.gone)), artifactStatus };
  };
  return early.map((entry, index) => {
    const step = spec.validationSteps[index] as ValidationStep;
    if ('plan' in entry) {
      // An inferred absence another step or the record contradicts ("`Dockerfile` no longer exists" beside "`web/Dockerfile` exists"): read as facts instead.
      if (entry.plan.how !== 'inferred' || !absenceContradicted(entry.plan.checks, statementsBesides(index))) return entry.plan;
      entry = { facts: placeFacts(extractFacts(step.markdown), sources) };
    }
    const facts = withoutContradictions(entry.facts, statementsBesides(index), repository);
    const checks = factChecks(facts, { markdown: step.markdown, infraTargets: hints.infraTargets ?? [], specPaths });
    return checks.length === 0 ? { how: 'manual' } : { how: 'facts', checks, unjudged: unjudgedText(step.markdown, facts) };
  });
}

function absenceContradicted(checks: readonly InferredCheck[], statements: Statements): boolean {
  return checks.some(({ definition }) => {
    if (definition.kind !== 'file.absent' || typeof definition.args.path !== 'string') return false;
    const path = definition.args.path;
    const status = statements.artifactStatus.get(path);
    return statements.present.has(path) || (status !== undefined && status !== 'Deleted');
  });
}

interface PathStatements {
  present: string[];
  gone: string[];
}

const PRESENT_KINDS = new Set(['file.exists', 'file.contains', 'file.not-contains', 'file.mentions', 'file.identical', 'data.path', 'dir.files']);

function pathsOfDefinitions(definitions: readonly CheckDefinition[]): PathStatements {
  const present: string[] = [];
  const gone: string[] = [];
  for (const { kind, args } of definitions) {
    const path = typeof args.path === 'string' ? args.path.replace(/^\.\//, '') : null;
    if (path === null) continue;
    if (kind === 'file.absent') gone.push(path);
    else if (PRESENT_KINDS.has(kind)) present.push(path);
  }
  return { present, gone };
}

function pathsOfPlan(plan: StepPlan): PathStatements {
  if (plan.how === 'declared') return pathsOfDefinitions(plan.declaration.checks);
  if (plan.how === 'inferred') return pathsOfDefinitions(plan.checks.map((c) => c.definition));
  return { present: [], gone: [] };
}

function pathsOfFacts(facts: readonly PlacedFact[]): PathStatements {
  const present: string[] = [];
  const gone: string[] = [];
  for (const fact of facts) {
    const path = fact.placed?.path;
    if (path === undefined || fact.kind === 'command') continue;
    if (fact.kind === 'absent') gone.push(path);
    else if (fact.kind === 'exists' || fact.kind === 'mentions' || fact.kind === 'lacks') present.push(path);
  }
  return { present, gone };
}

/** Paths git has seen: asked one at a time, or listed. */
interface SeenPaths extends Iterable<string> {
  has(path: string): boolean;
}

/** The repository's paths for placing bare names: git's, once per run. */
const repositoryOfHistory = new WeakMap<SeenPaths, RepositoryPaths>();
function repositoryOf(history: SeenPaths): RepositoryPaths {
  let paths = repositoryOfHistory.get(history);
  if (!paths) {
    paths = repositoryPaths(history);
    repositoryOfHistory.set(history, paths);
  }
  return paths;
}

const historyPathsOf = new WeakMap<object, SeenPaths>();

/**
 * Paths git has seen in this repository (history and working tree), once per run however many
 * calls check its specs: answered from the run's per-path index of history (discover's
 * `historyOf`), so a long history's paths are not copied into a set of their own, and are listed
 * only when a fact is placed.
 */
function pathsInHistory(workspace: Workspace): SeenPaths {
  const git = workspace.git;
  const remembered = git ? historyPathsOf.get(git) : undefined;
  if (remembered) return remembered;
  const history = git ? pathIndexOf(git) : null;
  const working = new Set((git?.workingTree ?? []).map((entry) => entry.path));
  const seen: SeenPaths = {
    has: (path) => working.has(path) || (history !== null && history.eventsOf(path).length > 0),
    *[Symbol.iterator]() {
      if (history) yield* history.paths();
      yield* working;
    },
  };
  if (git) historyPathsOf.set(git, seen);
  return seen;
}

/** Paths the repository is known to have had, so that inference can place a bare file name. */
function knownPaths(history: SeenPaths, record: ProvenanceDocument | null): Pick<ReadonlySet<string>, 'has'> {
  const rows = new Set((record?.artifacts?.rows ?? []).map((row) => row.path.replace(/^\.\//, '')));
  return rows.size === 0 ? history : { has: (path) => rows.has(path) || history.has(path) };
}

export {   parseDeclarations } from './declarations.js';
;
;
;
export { checkKinds, createRegistry,  } from './registry.js';
;
export { createRunMemo } from './types.js';
;
