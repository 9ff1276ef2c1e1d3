import pLimit from 'p-limit';
import type { z } from 'zod';
import { RegexBudget } from './regex.js';
import type { Reads } from '../discover/judgement-point.js';
import type { TestRunPlan } from './test-runs/plan.js';
import type {
  CheckOutcome,
  GitFacts,
  ProvenanceDocument,
  SddConfig,
  SpecDocument,
} from '../model/index.js';

/**
 * What every check kind sees. Side effects (reading files, running
 * terraform or commands) go through here, so that a kind stays a small
 * function of its arguments and this context.
 */
export interface CheckContext {
  /** Absolute repository root. Every path a check reads must resolve inside it. */
  root: string;
  config: SddConfig;
  spec: SpecDocument;
  /** The spec's provenance record, when it has one. */
  record: ProvenanceDocument | null;
  git: GitFacts | null;
  /** Shared per run: lets expensive work (synth, terraform init, hcl2json) happen once. */
  memo: RunMemo;
  progress?: (message: string) => void;
  /** Steps' vitest command lines merged into one run each (check/test-runs); absent: every command runs as written. */
  testRuns?: TestRunPlan;
}

/** Per-run shared state: memoized work, and the slots that the spec's own commands take turns in. */
export interface RunMemo {
  /** A per-run cache of promises keyed by string: the first caller computes, the others await. */
  once<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` when a command slot is free (`commands.parallel`, default 1).
   * A spec's commands (test suites, synth) each load the whole machine; run
   * side by side on a small CI machine they slow each other into timeouts.
   */
  inCommandSlot<T>(work: () => Promise<T>): Promise<T>;
  /** The time this run's spec regexes may still take, together (`limits.regexSeconds`). */
  regexBudget: RegexBudget;
}

export function createRunMemo(commandSlots = 1, regexSeconds = 10): RunMemo {
  const values = new Map<string, Promise<unknown>>();
  const inCommandSlot = createSlots(commandSlots);
  return {
    once<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let value = values.get(key) as Promise<T> | undefined;
      if (!value) {
        value = compute();
        values.set(key, value);
      }
      return value;
    },
    inCommandSlot,
    regexBudget: new RegexBudget(regexSeconds),
  };
}

/** At most `size` calls of `work` in flight; the others wait in arrival order. */
export function createSlots(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  const limit = pLimit(size);
  return (work) => limit(work);
}

/** What a kind returns; the runner adds kind, args and duration. */
export type KindResult = Omit<CheckOutcome, 'kind' | 'args' | 'durationMs'>;

export interface CheckKind<Args = unknown> {
  /** `file.exists`, `terraform.resource`, … */
  kind: string;
  description: string;
  /** Validates the declaration's arguments (everything but `kind`). Strict: unknown keys are errors. */
  args: z.ZodType<Args>;
  /**
   * What the check reads, told from its arguments before it runs: paths (a
   * file, or a folder and everything under it), `everything` (it runs a
   * command or a synth on the working tree), or `nothing` but git's facts and
   * the record. A record judged at an older commit is re-checked from this:
   * paths are read as that commit has them; `everything` needs a worktree.
   */
  reads(args: Args): Reads;
  run(args: Args, context: CheckContext): Promise<KindResult>;
}

/** Registry entries are stored type-erased; `args` has already validated the input. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheckKind = CheckKind<any>;
