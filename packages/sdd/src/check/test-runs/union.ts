import path from 'node:path';
import type { KindResult } from '../types.js';
import { fail, pass } from '../kinds/common.js';
import type { MemberLine, TestRunPlan, UnionRun } from './plan.js';
import { fileMatchesFilter, parseVitestLine } from './vitest-line.js';
import { plural } from '../../plural.js';

export type { MemberLine, TestRunPlan,  } from './plan.js';

/**
 * One test run for many steps (docs/history.md, "one test run per validate"):
 * steps whose allowed command lines are vitest runs with the same prefix in
 * the same folder are served by one vitest run over the union of their
 * filters, each step judged from its own files' results.
 */
export function memberKey(cwd: string, run: string): string {
  return `${cwd}\u0000${run}`;
}

export function planUnionRuns(root: string, lines: readonly MemberLine[]): TestRunPlan {
  const groups = new Map<string, Map<string, MemberLine>>();
  for (const line of lines) {
    const parsed = parseVitestLine(line.run);
    if (!parsed) continue;
    const group = `${line.cwd}\u0000${parsed.prefix}\u0000${parsed.runner}`;
    const members = groups.get(group) ?? new Map<string, MemberLine>();
    if (!members.has(line.run)) members.set(line.run, line);
    groups.set(group, members);
  }
  const unions = new Map<string, UnionRun>();
  for (const members of groups.values()) {
    // A single distinct line gains nothing: it is run as written (and shared by the memo).
    if (members.size < 2) continue;
    const lines = [...members.values()];
    const parsed = lines.map((line) => parseVitestLine(line.run)!);
    const filters = [...new Set(parsed.flatMap((one) => one.filters))].sort();
    const { prefix, runner } = parsed[0]!;
    const union: UnionRun = {
      commandLine: [prefix, runner, 'run', ...filters].filter((word) => word !== '').join(' '),
      cwd: lines[0]!.cwd,
      members: lines.map((line) => line.run).sort(),
      timeoutSeconds: lines.reduce((sum, line) => sum + line.timeoutSeconds, 0),
    };
    for (const line of lines) unions.set(memberKey(line.cwd, line.run), union);
  }
  return { root, unions };
}

/** The part of vitest's JSON report sdd reads. */
export interface VitestReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

export function readVitestReport(text: string): VitestReport | null {
  try {
    const value = JSON.parse(text) as Partial<VitestReport>;
    if (!Array.isArray(value.testResults)) return null;
    return { testResults: value.testResults.filter((file) => typeof file?.name === 'string' && Array.isArray(file.assertionResults)) };
  } catch {
    return null;
  }
}

/**
 * Whether one report can judge its members: a run that exited non-zero with
 * no failed file failed for a reason no step can be given (an error outside
 * the tests), so each member must run alone to be judged honestly.
 */
export function reportAttributes(report: VitestReport, exitCode: number | null): boolean {
  if (exitCode === 0) return true;
  return exitCode !== null && report.testResults.some((file) => file.status === 'failed');
}

/** One member step's result, from its own files in the union run. */
export function judgeMember(report: VitestReport, run: string, cwdAbs: string, union: UnionRun, label: string): KindResult {
  const filters = parseVitestLine(run)?.filters ?? [];
  const files = report.testResults.filter((file) => filters.some((filter) => fileMatchesFilter(path.relative(cwdAbs, file.name), filter)));
  const shared = `one vitest run for ${plural(union.members.length, 'step command')} (\`${union.commandLine}\`)`;
  if (files.length === 0) {
    return fail(`${label}: no test file matches ${filters.map((f) => `\`${f}\``).join(', ')}`, [{ message: `${shared} found no test file for this step` }]);
  }
  const tests = files.flatMap((file) => file.assertionResults);
  const failedFiles = files.filter((file) => file.status !== 'passed');
  const evidence = [{ message: `${shared}: ${plural(files.length, 'test file')} of this step, ${plural(tests.length, 'test')}` }];
  if (failedFiles.length === 0) return pass(`${label} passed: ${plural(files.length, 'test file')}, ${plural(tests.length, 'test')}`, evidence);
  const failures = failedFiles.flatMap((file) => {
    const relative = path.relative(cwdAbs, file.name);
    const failedTests = file.assertionResults.filter((test) => test.status === 'failed');
    if (failedTests.length === 0) return [{ message: `${relative} failed`, output: (file.message ?? '').slice(0, 4000) }];
    return failedTests.map((test) => ({ message: `${relative} › ${test.fullName} failed`, output: (test.failureMessages ?? []).join('\n').slice(0, 4000) }));
  });
  return fail(`${label} failed: ${plural(failedFiles.length, 'test file')} of ${files.length}`, [...evidence, ...failures]);
}
