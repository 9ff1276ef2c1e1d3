import path from 'node:path';
import { checkSpecs } from '../../author/check-specs.js';
import { shouldUseColor } from '../../report/color.js';
import { renderSpecChecks } from '../../report/spec-checks.js';
import { progressLines, type CliIO } from '../io.js';

export interface CheckFlags {
  root: string;
  config?: string;
  format: 'text' | 'json';
  quiet?: boolean;
}

/** `sdd check`: the specs' checks on the working tree and their evidence; exit 1 when a check fails. */
export async function checkCommand(specs: string[], flags: CheckFlags, io: CliIO): Promise<number> {
  const report = await checkSpecs({
    root: path.resolve(io.cwd, flags.root),
    cwd: io.cwd,
    configPath: flags.config,
    specs,
    progress: progressLines(io, flags.quiet),
  });
  const color = flags.format === 'text' && shouldUseColor({ isTTY: io.isTTY }, io.env);
  io.stdout(renderSpecChecks(report, flags.format, { color }));
  return report.exitCode;
}
