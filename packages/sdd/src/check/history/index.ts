import { cacheKey, wholeCodeFingerprint } from '../../cache/key.js';
import { stableJson } from '../../cache/stable-json.js';
import { createCacheStore, type CacheStore } from '../../cache/store.js';
import { firstLaterChange, laterCommitsTouching, type Later } from '../../discover/judgement-point.js';
import { CheckOutcomeSchema, type CheckDefinition, type CheckOutcome, type GitFacts } from '../../model/index.js';
import { runCommandLine, tailLines } from '../process.js';
import type { Registry } from '../registry.js';
import { runCheck } from '../run.js';
import { commandPermission } from '../allow.js';
import type { CheckContext } from '../types.js';
import { createSnapshots, type Snapshots } from './snapshots.js';
import { createWorktrees, type Worktrees } from './worktrees.js';

/**
 * Judging a record's checks at the record's own commit (docs/history.md).
 * A check whose inputs did not change since that commit is run on the
 * working tree, as always; one whose files changed is run on those files as
 * the commit has them (and on the working tree, to tell whether it is
 * superseded); one that needs a working tree is re-run in a temporary
 * worktree with `--history full`, and is otherwise Not re-run.
 */
export type HistoryMode = 'objects' | 'full';

export interface History {
  mode: HistoryMode;
  snapshots: Snapshots;
  worktrees: Worktrees;
  /** Outcomes at a commit never change: kept across runs where a cache may be used. */
  store: CacheStore | null;
  /** An allowed command run in each new worktree before its checks (`history.setup`). */
  setup: string | null;
  /** Removes every temporary folder and worktree; safe to call twice. */
  dispose(): void;
}

export function createHistory(root: string, options: { mode?: HistoryMode; cacheDir?: string | null; setup?: string | null } = {}): History {
  const snapshots = createSnapshots(root);
  const worktrees = createWorktrees(root);
  return {
    mode: options.mode ?? 'objects',
    snapshots,
    worktrees,
    store: options.cacheDir ? createCacheStore(options.cacheDir) : null,
    setup: options.setup ?? null,
    dispose() {
      snapshots.dispose();
      worktrees.dispose();
    },
  };
}

interface AtCommit {
  commit: string;
  index: number;
}

interface JudgedCheck {
  outcome: CheckOutcome;
  /** The first change after the commit to what the check reads; null when none. */
  later: Later | null;
}

/** One check of a record judged at its commit. */
export async function judgeAtCommit(
  definition: CheckDefinition,
  context: CheckContext & { git: GitFacts },
  registry: Registry,
  point: AtCommit,
  history: History,
): Promise<JudgedCheck> {
  const kind = registry.get(definition.kind);
  const parsed = kind?.args.safeParse(definition.args);
  // An unknown kind or bad arguments: the runner says so, wherever it runs.
  if (!kind || !parsed?.success) return { outcome: await runCheck(definition, context, registry), later: null };
  const reads = kind.reads(parsed.data);
  const later = firstLaterChange(context.git, point.index, reads);
  if (later === null) return { outcome: await runCheck(definition, context, registry), later };

  if (reads === 'everything') {
    if (history.mode !== 'full') return { outcome: notReRun(definition, point, later), later };
    const outcome = await runInWorktree(definition, context, registry, point, history);
    return { outcome: { ...outcome, at: point.commit }, later };
  }
  const [then, now] = await Promise.all([
    atCommitCached(definition, context, registry, point, history, () => history.snapshots.at(point.commit, reads === 'nothing' ? [] : reads.paths)),
    runCheck(definition, context, registry),
  ]);
  const nowRun = { status: plainStatus(now.status), summary: now.summary, ...(now.inputs ? { inputs: now.inputs } : {}) };
  const paths = reads === 'nothing' ? [] : reads.paths;
  // Superseded: name the change that made it fail, not merely the first one that touched its files.
  const cause = then.status === 'pass' && now.status === 'fail' ? await breakingChange(definition, context, registry, point, history, paths, later) : later;
  return { outcome: { ...then, at: point.commit, now: nowRun }, later: cause };
}

/**
 * The first later commit at which a check confirmed at its record's commit
 * fails, found by bisection over the commits that touched what it reads
 * (assuming, as a bisect does, that once broken it stays broken); the
 * working tree when every one of those commits still passes.
 */
async function breakingChange(
  definition: CheckDefinition,
  context: CheckContext & { git: GitFacts },
  registry: Registry,
  point: AtCommit,
  history: History,
  paths: string[],
  first: Later,
): Promise<Later> {
  const candidates = laterCommitsTouching(context.git, point.index, paths);
  let low = 0;
  let high = candidates.length - 1;
  let found: Later | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = candidates[middle] as Later & { commit: string };
    const at = { commit: candidate.commit, index: candidate.index };
    const outcome = await atCommitCached(definition, context, registry, at, history, () => history.snapshots.at(candidate.commit, paths));
    if (outcome.status === 'fail') {
      found = candidate;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  if (found) return found;
  const inWorkingTree = context.git.workingTree.length > 0;
  return inWorkingTree ? { commit: null, subject: null, index: context.git.commits.length } : first;
}

/** What a later change is called in messages: its short id and subject, or the working tree. */
function describeLater(later: Pick<Later, 'commit' | 'subject'>): string {
  return later.commit === null ? 'uncommitted changes in the working tree' : `${later.commit.slice(0, 7)} (${later.subject ?? ''})`;
}

function notReRun(definition: CheckDefinition, point: AtCommit, later: Later): CheckOutcome {
  const reason = `${describeLater(later)} changed the tree after the record's commit ${point.commit.slice(0, 7)}; --history full re-runs it there`;
  return { kind: definition.kind, args: definition.args, status: 'not-re-run', summary: `not re-run: ${reason}`, reason, evidence: [], at: point.commit };
}

async function atCommitCached(
  definition: CheckDefinition,
  context: CheckContext,
  registry: Registry,
  point: AtCommit,
  history: History,
  snapshot: () => Promise<string>,
): Promise<CheckOutcome> {
  // The config is part of the key: kinds read settings (terraform binary, limits) as well as files.
  const key = cacheKey('check-at-commit', wholeCodeFingerprint(), point.commit, definition.kind, stableJson(definition.args), stableJson(context.config));
  const cached = history.store ? await history.store.get(key, CheckOutcomeSchema) : undefined;
  if (cached) return cached;
  let root: string;
  try {
    root = await snapshot();
  } catch (error) {
    const reason = `the files it reads could not be read at ${point.commit.slice(0, 7)}: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: definition.kind, args: definition.args, status: 'not-run', summary: reason, reason, evidence: [] };
  }
  const outcome = await runCheck(definition, { ...context, root }, registry);
  // Not run may have a cause that passes (a missing tool): never kept.
  if (history.store && outcome.status !== 'not-run') await history.store.set(key, withoutDuration(outcome));
  return outcome;
}

async function runInWorktree(definition: CheckDefinition, context: CheckContext, registry: Registry, point: AtCommit, history: History): Promise<CheckOutcome> {
  let root: string;
  try {
    root = await history.worktrees.at(point.commit, (worktree) => setUp(worktree, context, history));
  } catch (error) {
    const reason = `no worktree at ${point.commit.slice(0, 7)}: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: definition.kind, args: definition.args, status: 'not-run', summary: reason, reason, evidence: [] };
  }
  context.progress?.(`re-running ${definition.kind} at ${point.commit.slice(0, 7)} in a temporary worktree`);
  return runCheck(definition, { ...context, root }, registry);
}

/** `history.setup` (e.g. installing dependencies) in a new worktree; it must be allowed like any command. */
async function setUp(worktree: string, context: CheckContext, history: History): Promise<void> {
  const setup = history.setup;
  if (setup === null) return;
  if (!commandPermission(context.config.commands, setup, '.').ok) throw new Error(`history.setup \`${setup}\` is not allowed by .sdd/config.yaml commands.allow`);
  context.progress?.(`setting up the worktree: ${setup}`);
  const outcome = await context.memo.inCommandSlot(() => runCommandLine(setup, worktree, context.config.commands.timeoutSeconds * 1000));
  if (outcome.exitCode !== 0) {
    throw new Error(`history.setup \`${setup}\` failed (${outcome.timedOut ? 'timed out' : `exit ${outcome.exitCode ?? outcome.signal ?? '?'}`}): ${tailLines(outcome.output, 5)}`);
  }
}

function plainStatus(status: CheckOutcome['status']): 'pass' | 'fail' | 'not-run' {
  return status === 'not-re-run' ? 'not-run' : status;
}

function withoutDuration(outcome: CheckOutcome): CheckOutcome {
  const { durationMs: _duration, ...rest } = outcome;
  return rest;
}
