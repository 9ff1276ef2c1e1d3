import path from 'node:path';
import { cacheDirectory } from '../cache/location.js';
import { openRunCache, type RunCache, type RunOutputs } from '../cache/run.js';
import { ConfigError, loadConfig } from '../discover/config.js';
import { shouldUseColor } from '../report/color.js';
import type { ReportFormat } from '../report/index.js';
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
  const color = shouldUseColor({ isTTY: io.isTTY }, io.env);
  const stdoutFormat = command === 'report' ? null : ((flags.format as ReportFormat | undefined) ?? 'text');
  const annotations = io.env.GITHUB_ACTIONS === 'true';
  let result;
  let pipeline: Pipeline | null = null;
  let runCache: RunCache | null = null;
  try {
    runCache = flags.cache === false ? null : await openWholeRunCache(root, flags, { command, color, stdoutFormat, annotations, outputs: outputs.map((o) => ({ ...o, target: path.resolve(io.cwd, o.file) })) });
    const replay = runCache?.lookup();
    if (replay) {
      progress?.('nothing changed since the last run: its output is replayed from the cache (--no-cache runs again)');
      return await emit(replay, outputs, io, command);
    }
    pipeline = await loadPipeline();
    result = await pipeline.validate({
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
    if (pipeline && (error instanceof pipeline.ValidateUsageError || error instanceof pipeline.GitBaseError)) {
      io.stderr(`sdd: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }

  const { render, allRules } = pipeline;
  const rendered: RunOutputs = { stdout: '', stderr: '', files: [], exitCode: command === 'report' ? EXIT.ok : result.exitCode };
  for (const output of outputs) {
    const target = path.resolve(io.cwd, output.file);
    // Links in a report file point at repository files relative to where the report lands.
    const linkBase = path.relative(path.dirname(target), root).split(path.sep).join('/') || '.';
    rendered.files.push({ path: target, content: render(result, output.format, { color: false, linkBase: `${linkBase}/`, rules: allRules() }) });
  }
  if (stdoutFormat !== null) rendered.stdout = render(result, stdoutFormat, { color: stdoutFormat === 'text' && color, rules: allRules() });
  // Workflow commands are read from stderr as well as stdout; stderr keeps a piped JSON report clean.
  if (annotations) rendered.stderr = render(result, 'annotations');
  runCache?.remember(result, rendered);
  return emit(rendered, outputs, io, command);
}

/**
 * The pipeline and the renderers, loaded only when a run is not replayed:
 * they are most of sdd's start-up time, and a replay needs none of them.
 */
async function loadPipeline() {
  const [validateModule, git, report, rules] = await Promise.all([
    import('../validate.js'),
    import('../discover/git.js'),
    import('../report/index.js'),
    import('../rules.js'),
  ]);
  return {
    validate: validateModule.validate,
    ValidateUsageError: validateModule.ValidateUsageError,
    GitBaseError: git.GitBaseError,
    render: report.render,
    allRules: rules.allRules,
  };
}
type Pipeline = Awaited<ReturnType<typeof loadPipeline>>;

/** Writes a run's report files, then its stdout and stderr; the exit code is the run's. */
async function emit(run: RunOutputs, outputs: { file: string; format: ReportFormat }[], io: CliIO, command: string): Promise<number> {
  for (const [index, output] of outputs.entries()) {
    const file = run.files[index];
    if (!file) continue;
    await writeFileAtomic(file.path, file.content);
    io.stderr(`sdd: wrote ${output.format} report to ${output.file}\n`);
  }
  if (command !== 'report') io.stdout(run.stdout);
  if (run.stderr.length > 0) io.stderr(typeof run.stderr === 'string' ? run.stderr : Buffer.from(run.stderr).toString('utf8'));
  return run.exitCode;
}

/**
 * The whole-run cache of this invocation, where the configuration allows a
 * cache (see `cacheDirectory`). Configuration errors surface from
 * `validate` as they always did.
 */
async function openWholeRunCache(root: string, flags: ValidateFlags, rendering: unknown): Promise<RunCache | null> {
  let loaded;
  try {
    loaded = await loadConfig(root, flags.config);
  } catch {
    return null;
  }
  const cacheDir = cacheDirectory(root, loaded.config);
  if (cacheDir === null) return null;
  const options = { config: flags.config, base: flags.base, strict: flags.strict === true, checks: flags.checks !== false, specs: flags.spec ?? null };
  return openRunCache({ root, config: loaded.config, cacheDir, base: flags.base, invocation: { rendering, options } });
}
