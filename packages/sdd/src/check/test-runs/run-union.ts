import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommandLine } from '../process.js';
import type { CheckContext, KindResult } from '../types.js';
import { judgeMember, memberKey, readVitestReport, reportAttributes } from './union.js';

/**
 * A member step's result from its union run (run once per validate, in a
 * command slot), or null when the step must run alone: it is in no union,
 * or the union run could not judge it (no report, a timeout, a failure
 * outside every test file).
 */
export async function resultFromUnion(context: CheckContext, cwd: string, run: string, label: string): Promise<KindResult | null> {
  const plan = context.testRuns;
  if (!plan || plan.root !== context.root) return null;
  const union = plan.unions.get(memberKey(cwd, run));
  if (!union) return null;
  const cwdAbs = path.resolve(context.root, union.cwd);
  const ran = await context.memo.once(`vitest-union:${context.root}:${union.cwd}:${union.commandLine}`, () =>
    context.memo.inCommandSlot(async () => {
      context.progress?.(`running \`${union.commandLine}\` once for ${union.members.length} step commands`);
      const folder = await mkdtemp(path.join(tmpdir(), 'sdd-vitest-'));
      try {
        const reportFile = path.join(folder, 'report.json');
        const outcome = await runCommandLine(`${union.commandLine} --reporter=json --outputFile=${shellQuote(reportFile)}`, cwdAbs, union.timeoutSeconds * 1000);
        const text = await readFile(reportFile, 'utf8').catch(() => null);
        return { outcome, report: text === null ? null : readVitestReport(text) };
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    }),
  );
  if (!ran.report || ran.outcome.timedOut || !reportAttributes(ran.report, ran.outcome.exitCode)) return null;
  return judgeMember(ran.report, run, cwdAbs, union, label);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
