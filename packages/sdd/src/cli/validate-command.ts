import path from 'node:path';
import { ConfigError } from '../discover/config.js';
import { toPosix } from '../discover/index.js';
import { GitBaseError } from '../discover/git.js';
import { render, shouldUseColor, type ReportFormat } from '../report/index.js';
import { validate, ValidateUsageError } from '../validate.js';
import { allRules } from '../rules.js';
import { writeFileAtomic, type CliIO } from './io.js';
import { EXIT, type ValidateFlags } from './program.js';

const EXTENSION_FORMATS: Record<string, ReportFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
  '.xml': 'junit',
  '.sarif': 'sarif',
  '.txt': 'text',
};

/** `validate`, `check` and `report` share one pipeline; they differ in output and exit code. */
export async function validateCommand(flags: ValidateFlags, io: CliIO, command: 'validate' | 'check' | 'report'): Promise<number> {
  const outputs: { file: string; format: ReportFormat }[] = [];
  for (const file of flags.out ?? []) {
    // `validate --format` is for stdout; its files take their format from the extension.
    // `report --format` (no default) sets the format of every file.
    const chosen = command === 'report' ? (flags.format as ReportFormat | undefined) : undefined;
    const format = chosen ?? EXTENSION_FORMATS[path.extname(file).toLowerCase()];
    if (!format) {
      io.stderr(`sdd: cannot tell the format of ${file} from its extension; use --format\n`);
      return EXIT.usage;
    }
    outputs.push({ file, format });
  }

  const progress = io.isTTY ? (message: string) => io.stderr(`… ${message}\n`) : undefined;
  const root = path.resolve(io.cwd, flags.root);
  let result;
  try {
    result = await validate({
      root,
      configPath: flags.config,
      base: flags.base,
      // Without --strict, the configuration's `strict` decides.
      strict: flags.strict === true ? true : undefined,
      runChecks: flags.checks !== false,
      specs: flags.spec,
      cache: flags.cache !== false,
      progress,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
      io.stderr(`sdd: ${where}: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ValidateUsageError || error instanceof GitBaseError) {
      io.stderr(`sdd: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }

  const color = shouldUseColor({ isTTY: io.isTTY }, io.env);
  for (const output of outputs) {
    const target = path.resolve(io.cwd, output.file);
    // Links in a report file point at repository files relative to where the report lands.
    const linkBase = toPosix(path.relative(path.dirname(target), root)) || '.';
    await writeFileAtomic(target, render(result, output.format, { color: false, linkBase: `${linkBase}/`, rules: allRules() }));
    io.stderr(`sdd: wrote ${output.format} report to ${output.file}\n`);
  }
  if (command !== 'report') {
    const format = (flags.format as ReportFormat | undefined) ?? 'text';
    io.stdout(render(result, format, { color: format === 'text' && color, rules: allRules() }));
  }
  if (io.env.GITHUB_ACTIONS === 'true') {
    // Workflow commands are read from stderr as well as stdout; stderr keeps a piped JSON report clean.
    io.stderr(render(result, 'annotations'));
  }
  return command === 'report' ? EXIT.ok : result.exitCode;
}
