import { z } from 'zod';
import { commandPermission, isListed, NOT_ALLOWED } from '../allow.js';
import { changedScript } from '../script-guard.js';
import { pathKind } from '../files.js';
import { resolveRepoPath } from '../../repo-path.js';
import type { ProcessOutcome } from '../process.js';
import { commandTimeoutSeconds, runCommandLine, tailLines } from '../process.js';
import { secondsSince } from '../progress.js';
import { resultFromUnion } from '../test-runs/run-union.js';
import type { CheckKind } from '../types.js';
import { fail, notRun, pass } from './common.js';

const Args = z
  .object({
    run: z.string().min(1).describe('the command line; must be listed in commands.allow of .sdd/config.yaml'),
    timeoutSeconds: z.number().positive().optional(),
    expectExit: z.number().int().min(0).max(255).optional().describe('expected exit code (default 0)'),
    cwd: z.string().min(1).optional().describe('working directory, repository-relative (default: the root)'),
  })
  .strict();
type Args = z.infer<typeof Args>;

export { NOT_ALLOWED };

export const command: CheckKind<Args> = {
  kind: 'command',
  description: 'the command exits as expected (only commands listed in commands.allow run)',
  args: Args,
  // A command may read anything in the tree.
  reads: () => 'everything',
  async run(args, context) {
    // A pull request that edits a spec must not make CI run an arbitrary command.
    if (!isListed(context.config.commands, args.run)) return notRun(NOT_ALLOWED, [{ message: `\`${args.run}\` is ${NOT_ALLOWED}` }]);
    const resolved = resolveRepoPath(context.root, args.cwd ?? '.');
    if (!resolved.ok) return fail(resolved.reason, [{ message: resolved.reason }]);
    // The allow-list names the folder too: an allowed `pnpm lint` does not run in a folder the pull request chose.
    const permission = commandPermission(context.config.commands, args.run, resolved.rel);
    if (!permission.ok) return notRun(permission.reason, [{ message: `\`${args.run}\` is ${permission.reason}` }]);
    if ((await pathKind(resolved.abs)) !== 'directory') return fail(`working directory \`${resolved.rel}\` does not exist`);
    const base = context.git?.base ?? null;
    const scriptChanged = base === null ? null : await context.memo.once(`script-guard:${context.root}:${resolved.rel}:${args.run}`, () => changedScript(context.root, resolved.rel, args.run, base));
    if (scriptChanged !== null) return notRun(scriptChanged, [{ message: scriptChanged }]);
    // The configured limit is a ceiling: a spec may ask for less time, never more.
    const timeoutSeconds = commandTimeoutSeconds(args.timeoutSeconds, context.config.commands.timeoutSeconds);
    const where = resolved.rel === '.' ? '' : ` in \`${resolved.rel}\``;
    const label = `\`${args.run}\`${where}`;
    // Steps naming test files of the same runner share one run over their union.
    if ((args.expectExit ?? 0) === 0) {
      const fromUnion = await resultFromUnion(context, resolved.rel, args.run, label);
      if (fromUnion) return fromUnion;
    }
    // Two specs asking for `pnpm lint` in the same run need it run once.
    // The time limit starts when the command does, not while it waits for a slot.
    const outcome = await context.memo.once(`command:${context.root}:${resolved.rel}:${timeoutSeconds}:${args.run}`, () =>
      context.memo.inCommandSlot(async () => {
        context.progress?.(`running ${label}`);
        const started = performance.now();
        const ran = await runCommandLine(args.run, resolved.abs, timeoutSeconds * 1000);
        context.progress?.(`${label} ${endedHow(ran)} after ${secondsSince(started)}`);
        return ran;
      }),
    );
    return judge(outcome, label, args.expectExit ?? 0, timeoutSeconds);
  },
};

function judge(outcome: ProcessOutcome, label: string, expectExit: number, timeoutSeconds: number): ReturnType<typeof pass> {
  const output = tailLines(outcome.output) || '(no output)';
  if (outcome.spawnError !== undefined) return notRun(`${label} could not start: ${outcome.spawnError}`);
  if (outcome.timedOut) {
    return fail(`${label} did not finish within ${timeoutSeconds} s and was stopped`, [{ message: `stopped after ${timeoutSeconds} s`, output }], {
      reason: `timed out after ${timeoutSeconds} s`,
    });
  }
  if (outcome.exitCode === 127) {
    return notRun(`${label}: command not found (exit 127)`, [{ message: 'exit 127', output }]);
  }
  if (outcome.exitCode === null) return fail(`${label} was killed by ${outcome.signal ?? 'a signal'}`, [{ message: `signal ${outcome.signal ?? '?'}`, output }]);
  const evidence = [{ message: `exit ${outcome.exitCode}`, output }];
  if (outcome.exitCode === expectExit) return pass(`${label} exited ${outcome.exitCode}`, evidence);
  return fail(`${label} exited ${outcome.exitCode}, expected ${expectExit}`, evidence);
}

/** How a command ended, in a few words for the progress line. */
function endedHow(outcome: ProcessOutcome): string {
  if (outcome.spawnError !== undefined) return 'could not start';
  if (outcome.timedOut) return 'was stopped (time limit)';
  if (outcome.exitCode === null) return `was killed by ${outcome.signal ?? 'a signal'}`;
  return `exited ${outcome.exitCode}`;
}
