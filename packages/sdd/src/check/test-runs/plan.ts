/** The plan of union test runs: plain data, so the check context can carry it without importing the planner. */

export interface MemberLine {
  run: string;
  /** Repository-relative working directory, `.` for the root. */
  cwd: string;
  timeoutSeconds: number;
}

export interface UnionRun {
  /** The command line run once (without the reporter flags sdd adds). */
  commandLine: string;
  cwd: string;
  /** The distinct command lines it stands for. */
  members: string[];
  /** The members' limits added up: it does the work of all of them. */
  timeoutSeconds: number;
}

export interface TestRunPlan {
  /** The repository root the plan is for (a worktree of an older commit runs alone). */
  root: string;
  /** Keyed by `memberKey(cwd, run)`. */
  unions: ReadonlyMap<string, UnionRun>;
}
