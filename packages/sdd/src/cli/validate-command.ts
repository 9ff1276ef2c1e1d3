import { closeSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory } from '../cache/location.js';
import { openRunCache, type RunCache, type RunOutputs, type RunRecorder } from '../cache/run.js';
import { loadRuleConfig } from '../discover/base-config.js';
import { ConfigError } from '../discover/config.js';
import { shouldUseColor } from '../report/color.js';
import type { ReportFormat } from '../report/index.js';
import { EXIT } from './exit.js';
import { writeErrorReason, writeFileAtomic, type CliIO } from './io.js';
import { bytesOf, contentText, slicesOf, writeAllSync, writeContentSync, type OutputContent } from '../output-pieces.js';

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

  // On stderr, terminal or not: a CI log shows each spec and command as it starts and ends; stdout stays the report's.
  const progress = flags.quiet ? undefined : (message: string) => io.stderr(`… ${message}\n`);
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
      history: flags.history,
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

  const { render, renderPieces, allRules } = pipeline;
  let unwritten = false;
  const verdict = command === 'report' ? EXIT.ok : result.exitCode;
  // Each output is rendered once, written as it is made, and stored for a replay from what was written.
  const recorder = runCache?.record(result) ?? null;
  for (const [index, output] of outputs.entries()) {
    const target = path.resolve(io.cwd, output.file);
    // Links in a report file point at repository files relative to where the report lands.
    const linkBase = path.relative(path.dirname(target), root).split(path.sep).join('/') || '.';
    if (!(await writeOutput(target, output.file, renderPieces(result, output.format, { color: false, linkBase: `${linkBase}/`, rules: allRules() }), io))) {
      unwritten = true;
      continue;
    }
    recorder?.copyIn(`file:${index}:${target}`, target);
    io.stderr(`sdd: wrote ${output.format} report to ${output.file}\n`);
  }
  if (stdoutFormat !== null) {
    writeStdout(renderPieces(result, stdoutFormat, { color: stdoutFormat === 'text' && color, rules: allRules() }), io, recorder);
  }
  // Workflow commands are read from stderr as well as stdout; stderr keeps a piped JSON report clean.
  const stderr = annotations ? render(result, 'annotations') : '';
  if (stderr.length > 0) io.stderr(stderr);
  if (recorder) {
    const file = recorder.outputFile('stderr');
    // A run whose report file could not be written is not stored: its replay would claim it was.
    if (!unwritten && file && tryWrite(file, stderr)) recorder.commit(verdict);
    else recorder.abandon();
  }
  return unwritten ? EXIT.usage : verdict;
}

/** Writes one report file; on failure says so in one line and returns false (the other outputs are still written). */
async function writeOutput(target: string, shown: string, content: OutputContent, io: CliIO): Promise<boolean> {
  try {
    await writeFileAtomic(target, content);
    return true;
  } catch (error) {
    io.stderr(`sdd: cannot write ${shown}: ${writeErrorReason(error)}\n`);
    return false;
  }
}

/**
 * Stdout as it is rendered, a slice at a time; when the run is being stored,
 * each slice goes to the store as well, so the report is made once.
 */
function writeStdout(pieces: Iterable<string>, io: CliIO, recorder: RunRecorder | null): void {
  const stored = recorder?.outputFile('stdout') ?? null;
  let fd: number | null = null;
  try {
    if (stored !== null) fd = openSync(stored, 'wx');
  } catch {
    recorder?.abandon();
  }
  for (const slice of slicesOf(pieces)) {
    const bytes = bytesOf(slice);
    if (fd !== null) {
      try {
        writeAllSync(fd, bytes);
      } catch {
        // A store that cannot be written costs the next run its replay, never this run's output.
        closeQuietly(fd);
        fd = null;
        recorder?.abandon();
      }
    }
    io.stdout(bytes);
  }
  if (fd !== null && !closeQuietly(fd)) recorder?.abandon();
}

function closeQuietly(fd: number): boolean {
  try {
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

/** Writes a cache file; false (and nothing left behind) when it cannot: a cache costs speed, never a result. */
function tryWrite(file: string, content: OutputContent): boolean {
  try {
    writeContentSync(file, content, 'wx');
    return true;
  } catch {
    try {
      rmSync(file, { force: true });
    } catch {
      // Left for the next stored run of the slot, which removes what it does not name.
    }
    return false;
  }
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
    import('../model/rules.js'),
  ]);
  return {
    validate: validateModule.validate,
    ValidateUsageError: validateModule.ValidateUsageError,
    GitBaseError: git.GitBaseError,
    render: report.render,
    renderPieces: report.renderPieces,
    allRules: rules.allRules,
  };
}
type Pipeline = Awaited<ReturnType<typeof loadPipeline>>;

/** Writes a replayed run's report files, then its stdout and stderr; the exit code is the run's. */
async function emit(run: RunOutputs, outputs: { file: string; format: ReportFormat }[], io: CliIO, command: string): Promise<number> {
  let unwritten = false;
  for (const [index, output] of outputs.entries()) {
    const file = run.files[index];
    if (!file) continue;
    if (!(await writeOutput(file.path, output.file, file.content, io))) {
      unwritten = true;
      continue;
    }
    io.stderr(`sdd: wrote ${output.format} report to ${output.file}\n`);
  }
  if (command !== 'report') for (const slice of slicesOf(run.stdout)) io.stdout(slice);
  const stderr = contentText(run.stderr);
  if (stderr.length > 0) io.stderr(stderr);
  return unwritten ? EXIT.usage : run.exitCode;
}

/**
 * The whole-run cache of this invocation, where the configuration allows a
 * cache (see `cacheDirectory`). Configuration errors surface from
 * `validate` as they always did.
 */
async function openWholeRunCache(root: string, flags: ValidateFlags, rendering: unknown): Promise<RunCache | null> {
  let loaded;
  try {
    // With --base, the base's cache location: the same configuration the run obeys.
    loaded = await loadRuleConfig(root, { configPath: flags.config, base: flags.base });
  } catch {
    return null;
  }
  const cacheDir = cacheDirectory(root, loaded.config);
  if (cacheDir === null) return null;
  const options = { config: flags.config, base: flags.base, strict: flags.strict === true, checks: flags.checks !== false, specs: flags.spec ?? null, history: flags.history ?? null };
  return openRunCache({ root, config: loaded.config, cacheDir, base: flags.base, invocation: { rendering, options } });
}

/** The flags of `sdd validate`, `sdd check` and `sdd report`, as commander parses them. */
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
