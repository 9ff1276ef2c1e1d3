import { compareFindings, compareText } from '../model/finding-order.js';
import type { Finding, SpecResult, StepComparison, TaskListResult, ValidateResult } from '../model/index.js';

/**
 * Every format shows the same order, whatever order the stages produced:
 * specs by file, steps by number (extra rows last), artifacts by path,
 * findings in the one order of `model/finding-order.ts`. Strings compare by
 * code unit, not by locale, so the output is the same on every machine.
 */

function compareSteps(a: StepComparison, b: StepComparison): number {
  const byNumber = (a.step ?? Number.MAX_SAFE_INTEGER) - (b.step ?? Number.MAX_SAFE_INTEGER);
  return byNumber || (a.rowLocation?.line ?? 0) - (b.rowLocation?.line ?? 0);
}

function orderSpec(spec: SpecResult): SpecResult {
  return {
    ...spec,
    steps: [...spec.steps].sort(compareSteps),
    artifacts: [...spec.artifacts].sort((a, b) => compareText(a.path, b.path)),
    findings: [...spec.findings].sort(compareFindings),
  };
}

function orderTaskList(list: TaskListResult): TaskListResult {
  return {
    ...list,
    tasks: [...list.tasks].sort((a, b) => a.location.line - b.location.line),
    unmentioned: [...list.unmentioned].sort((a, b) => compareText(a.path, b.path)),
    findings: [...list.findings].sort(compareFindings),
  };
}

/** A copy of the result with every list in report order; the model's key order is kept. */
export function orderResult(result: ValidateResult): ValidateResult {
  return {
    ...result,
    findings: [...result.findings].sort(compareFindings),
    specs: result.specs.map(orderSpec).sort((a, b) => compareText(a.spec.file, b.spec.file)),
    ...(result.taskLists === undefined ? {} : { taskLists: result.taskLists.map(orderTaskList).sort((a, b) => compareText(a.dir, b.dir)) }),
  };
}

/** Every finding of the run, global, per spec and per task list, in report order. */
export function allFindings(result: ValidateResult): Finding[] {
  return [...result.findings, ...result.specs.flatMap((spec) => spec.findings), ...(result.taskLists ?? []).flatMap((list) => list.findings)].sort(compareFindings);
}
