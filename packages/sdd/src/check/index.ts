import type { Finding, ProvenanceDocument, SpecDocument, StepEvidence, ValidationStep, Workspace } from '../model/index.js';
import { combineStatuses } from '../model/index.js';
import type { Declaration } from './declarations.js';
import { parseDeclarations } from './declarations.js';
import type { InferenceHints } from './infer.js';
import { inferChecks } from './infer.js';
import type { Registry } from './registry.js';
import { registry as defaultRegistry } from './registry.js';
import { withPathCache } from './paths.js';
import { mapBounded, runCheck } from './run.js';
import type { CheckContext, RunMemo } from './types.js';
import { createRunMemo } from './types.js';

export interface CheckInput {
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
}

export interface CheckStageResult {
  /** One entry per validation step of every spec, in spec file then step order. */
  evidence: StepEvidence[];
  /** Bad declarations (unknown kind, bad args, step that does not exist) with file:line. */
  findings: Finding[];
}

interface StepJob {
  spec: SpecDocument;
  record: ProvenanceDocument | null;
  step: ValidationStep;
  declaration: Declaration | undefined;
  hints: InferenceHints;
}

/**
 * The check stage: for every validation step of every spec, run its
 * declared checks, or the checks inferred from its wording, and record what
 * was found. A step with neither is manual: unverified, never a pass.
 */
export async function runChecks(input: CheckInput): Promise<CheckStageResult> {
  const registry = input.registry ?? defaultRegistry;
  const memo = input.memo ?? createRunMemo(input.workspace.config.commands.parallel);
  const findings: Finding[] = [];
  const jobs: StepJob[] = [];
  const historyPaths = pathsInHistory(input.workspace);
  for (const { spec, record } of input.specs) {
    const declared = parseDeclarations(spec, registry);
    findings.push(...declared.findings);
    const hints = { knownPaths: knownPaths(historyPaths, record) };
    for (const step of spec.validationSteps) {
      jobs.push({ spec, record, step, declaration: declared.declarations.find((d) => d.step === step.number), hints });
    }
  }
  const evidence = await withPathCache(() => mapBounded(jobs, input.concurrency ?? 3, (job) => runStep(job, input, memo, registry)));
  return { evidence, findings };
}

async function runStep(job: StepJob, input: CheckInput, memo: RunMemo, registry: Registry): Promise<StepEvidence> {
  const { spec, record, step, declaration } = job;
  const base = { spec: spec.file, step: step.number, stepText: step.text, location: step.location };
  const context: CheckContext = {
    root: input.workspace.root,
    config: input.workspace.config,
    spec,
    record,
    git: input.workspace.git,
    memo,
    progress: input.progress,
  };
  if (declaration) {
    const outcomes = [];
    for (const definition of declaration.checks) outcomes.push(await runCheck(definition, context, registry));
    for (const rejected of declaration.rejected) {
      outcomes.push({ ...rejected.definition, status: 'not-run' as const, summary: rejected.reason, reason: rejected.reason, evidence: [{ message: rejected.reason, location: rejected.location }] });
    }
    return { ...base, source: 'declared', status: combineStatuses(outcomes.map((o) => o.status)), checks: outcomes, declaredAt: declaration.location };
  }
  const inferred = inferChecks(step, job.hints);
  if (!inferred) return { ...base, source: 'manual', status: 'manual', checks: [] };
  const outcomes = [];
  for (const { definition, rule } of inferred) {
    const outcome = await runCheck(definition, context, registry);
    // Say how the check came about: a reviewer should see it was read from the wording, not declared.
    outcomes.push({ ...outcome, evidence: [{ message: `inferred from the step's wording (rule ${rule})`, location: step.location }, ...outcome.evidence] });
  }
  return { ...base, source: 'inferred', status: combineStatuses(outcomes.map((o) => o.status)), checks: outcomes, declaredAt: step.location };
}

const historyPathsOf = new WeakMap<object, Set<string>>();

/** Paths git has seen in this repository: computed once per run (a long history has many), however many calls check its specs. */
function pathsInHistory(workspace: Workspace): Set<string> {
  const remembered = workspace.git ? historyPathsOf.get(workspace.git) : undefined;
  if (remembered) return remembered;
  const known = new Set<string>();
  for (const commit of workspace.git?.commits ?? []) {
    for (const change of commit.changes) {
      known.add(change.path);
      if (change.oldPath) known.add(change.oldPath);
    }
  }
  for (const entry of workspace.git?.workingTree ?? []) known.add(entry.path);
  if (workspace.git) historyPathsOf.set(workspace.git, known);
  return known;
}

/** Paths the repository is known to have had, so that inference can place a bare file name. */
function knownPaths(history: ReadonlySet<string>, record: ProvenanceDocument | null): ReadonlySet<string> {
  const rows = (record?.artifacts?.rows ?? []).map((row) => row.path.replace(/^\.\//, ''));
  if (rows.every((row) => history.has(row))) return history;
  return new Set([...history, ...rows]);
}

export { checksJsonSchema, CHECK_RULES, parseDeclarations } from './declarations.js';
export type { Declaration } from './declarations.js';
export { inferChecks } from './infer.js';
export type { InferredCheck } from './infer.js';
export { checkKinds, createRegistry, registry } from './registry.js';
export { resolveRepoPath } from './paths.js';
export { createRunMemo } from './types.js';
export type { AnyCheckKind, CheckContext, CheckKind, KindResult, RunMemo } from './types.js';
