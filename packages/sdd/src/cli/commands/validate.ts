import path from 'node:path';
import { shouldUseColor } from '../../report/color.js';
import { formatOfFile, type ReportFormat } from '../../report/options.js';
import { runValidation, type RunValidationOptions } from '../../run-validation.js';
import { UsageError } from '../errors.js';
import { progressLines, type CliIO } from '../io.js';

/** The flags of `sdd validate` and `sdd report`, as commander parses them. */
export interface ValidateFlags {
  root: string;
  config?: string;
  format?: string;
  out?: string[];
  base?: string;
  strict?: boolean;
  checks?: boolean;
  spec?: string[];
  cache?: boolean;
  quiet?: boolean;
  history?: 'objects' | 'full';
}

/** `sdd validate`: the report on stdout in `--format`; each `--out` file in the format of its extension. */
export function validateCommand(flags: ValidateFlags, io: CliIO): Promise<number> {
  return runValidation({
    ...runOptions(flags, io),
    stdout: (flags.format ?? 'text') as ReportFormat,
    outputs: (flags.out ?? []).map((file) => ({ file, format: formatFromExtension(file) })),
  });
}

/** What `validate` and `report` pass alike: the run's options, sinks, colours and annotations. */
export function runOptions(flags: ValidateFlags, io: CliIO): Omit<RunValidationOptions, 'stdout'> {
  return {
    root: path.resolve(io.cwd, flags.root),
    cwd: io.cwd,
    configPath: flags.config,
    base: flags.base,
    // Without --strict, the configuration's `strict` decides.
    strict: flags.strict === true ? true : undefined,
    runChecks: flags.checks !== false,
    specs: flags.spec,
    cache: flags.cache !== false,
    history: flags.history,
    progress: progressLines(io, flags.quiet),
    sinks: io,
    color: shouldUseColor({ isTTY: io.isTTY }, io.env),
    annotations: io.env.GITHUB_ACTIONS === 'true',
  };
}

export function formatFromExtension(file: string): ReportFormat {
  const format = formatOfFile(file);
  if (format === undefined) throw new UsageError(`cannot tell the format of ${file} from its extension; use --format`);
  return format;
}
