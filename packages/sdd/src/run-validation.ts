import { closeSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory } from './cache/location.js';
import { openRunCache, type RunCache, type RunOutputs, type RunRecorder } from './cache/run.js';
import { readRunConfig, type RunConfig } from './discover/base-config.js';
import { readWorkingState } from './discover/working-state.js';
import type { WorkingState } from './model/index.js';
import { bytesOf, contentText, slicesOf, writeAllSync, writeContentSync, type OutputContent } from './output-pieces.js';
import type { ReportFormat } from './report/index.js';
import type { ValidateOptions } from './validate.js';
import { writeErrorReason, writeFileAtomic } from './write-file.js';

/**
 * `sdd validate` and `sdd report` as one library call: validate, render the
 * reports asked for, stream them to their files and to stdout, and replay the
 * last run's output from the whole-run cache when nothing it depended on
 * changed. The CLI, tests and a CI integration call this; `validate` alone
 * is the pipeline without output.
 */

/** Where a run prints. Bytes are written as they are (a replayed run: no decoding of a large report). */
export interface RunSinks {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
}

/** A report file to write; `file` is shown in messages as given, and resolved from `cwd`. */
export interface ReportOutput {
  file: string;
  format: ReportFormat;
}

export interface RunValidationOptions extends ValidateOptions {
  /** Where `file`s of `outputs` are resolved from (default: `root`). */
  cwd?: string;
  /** The format printed on stdout; null prints nothing there (`sdd report`). */
  stdout: ReportFormat | null;
  outputs?: readonly ReportOutput[];
  sinks: RunSinks;
  /** Colours on stdout (text format only). */
  color?: boolean;
  /** GitHub Actions workflow commands on stderr, one per finding. */
  annotations?: boolean;
  /**
   * What the exit code says: `findings` (validate: 0 clean, 1 errors) or
   * `written` (report: 0 when every file was written; the findings are in the report).
   */
  verdict?: 'findings' | 'written';
}

/** A report file that could not be written: the run says so and exits as for a usage error. */
const UNWRITTEN = 2;

/**
 * Runs the pipeline and writes its outputs; returns the exit code (0, 1, or
 * 2 when a report file could not be written). Throws what `validate` throws
 * for a request it cannot serve (`ConfigError`, `GitBaseError`, `ValidateUsageError`).
 */
export async function runValidation(given: RunValidationOptions): Promise<number> {
  const options = { ...given, root: path.resolve(given.root) };
  const cwd = options.cwd ?? options.root;
  const outputs = (options.outputs ?? []).map((output) => ({ ...output, target: path.resolve(cwd, output.file) }));
  const verdictOf = (exitCode: number) => (options.verdict === 'written' ? 0 : exitCode);
  // One look at the working tree (spec 0041): the run cache's key and the run itself share it.
  const stateRead = options.cache === false ? null : readWorkingState(options.root);
  const opened = stateRead ? await openWholeRunCache(options, outputs, stateRead) : null;
  const runCache = opened?.cache ?? null;
  const replay = runCache?.lookup();
  if (replay) {
    options.progress?.('nothing changed since the last run: its output is replayed from the cache (--no-cache runs again)');
    return emit(replay, outputs, options);
  }
  const pipeline = await loadPipeline();
  const result = await pipeline.validate({ ...options, workingState: (await stateRead) ?? undefined, runConfig: opened?.runConfig });
  const rules = pipeline.allRules();
  let unwritten = false;
  const verdict = verdictOf(result.exitCode);
  // Each output is rendered once, written as it is made, and stored for a replay from what was written.
  const recorder = runCache?.record(result) ?? null;
  for (const [index, output] of outputs.entries()) {
    // Links in a report file point at repository files relative to where the report lands.
    const linkBase = path.relative(path.dirname(output.target), options.root).split(path.sep).join('/') || '.';
    const content = pipeline.renderPieces(result, output.format, { color: false, linkBase: `${linkBase}/`, rules });
    if (!(await writeReport(output, content, options.sinks))) {
      unwritten = true;
      continue;
    }
    recorder?.copyIn(`file:${index}:${output.target}`, output.target);
  }
  if (options.stdout !== null) {
    const format = options.stdout;
    writeStdout(pipeline.renderPieces(result, format, { color: format === 'text' && options.color === true, rules }), options.sinks, recorder);
  }
  // Workflow commands are read from stderr as well as stdout; stderr keeps a piped JSON report clean.
  const stderr = options.annotations ? pipeline.render(result, 'annotations') : '';
  if (stderr.length > 0) options.sinks.stderr(stderr);
  if (recorder) {
    const file = recorder.outputFile('stderr');
    // A run whose report file could not be written is not stored: its replay would claim it was.
    if (!unwritten && file && tryWrite(file, stderr)) recorder.commit(verdict);
    else recorder.abandon();
  }
  return unwritten ? UNWRITTEN : verdict;
}

/** Writes one report file; on failure says so in one line and returns false (the other outputs are still written). */
async function writeReport(output: ReportOutput & { target: string }, content: OutputContent, sinks: RunSinks): Promise<boolean> {
  try {
    await writeFileAtomic(output.target, content);
  } catch (error) {
    sinks.stderr(`sdd: cannot write ${output.file}: ${writeErrorReason(error)}\n`);
    return false;
  }
  sinks.stderr(`sdd: wrote ${output.format} report to ${output.file}\n`);
  return true;
}

/**
 * Stdout as it is rendered, a slice at a time; when the run is being stored,
 * each slice goes to the store as well, so the report is made once.
 */
function writeStdout(pieces: Iterable<string>, sinks: RunSinks, recorder: RunRecorder | null): void {
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
    sinks.stdout(bytes);
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
  const [{ validate }, { render, renderPieces }, { allRules }] = await Promise.all([import('./validate.js'), import('./report/index.js'), import('./model/rules.js')]);
  return { validate, render, renderPieces, allRules };
}

/** Writes a replayed run's report files, then its stdout and stderr; the exit code is the run's. */
async function emit(run: RunOutputs, outputs: readonly (ReportOutput & { target: string })[], options: RunValidationOptions): Promise<number> {
  let unwritten = false;
  for (const [index, output] of outputs.entries()) {
    const file = run.files[index];
    if (!file) continue;
    if (!(await writeReport({ ...output, target: file.path }, file.content, options.sinks))) unwritten = true;
  }
  if (options.stdout !== null) for (const slice of slicesOf(run.stdout)) options.sinks.stdout(slice);
  const stderr = contentText(run.stderr);
  if (stderr.length > 0) options.sinks.stderr(stderr);
  return unwritten ? UNWRITTEN : run.exitCode;
}

/**
 * The whole-run cache of this invocation, where the configuration allows a
 * cache (see `cacheDirectory`). Configuration errors surface from
 * `validate` as they always did.
 */
async function openWholeRunCache(
  options: RunValidationOptions,
  outputs: readonly (ReportOutput & { target: string })[],
  stateRead: Promise<WorkingState>,
): Promise<{ cache: RunCache | null; runConfig: RunConfig } | null> {
  let runConfig;
  try {
    // With --base, the base's cache location: the same configuration the run obeys (and then hands to discovery).
    runConfig = await readRunConfig(options.root, { configPath: options.configPath, base: options.base });
  } catch {
    return null;
  }
  const { config } = runConfig.loaded;
  const cacheDir = cacheDirectory(options.root, config, runConfig.tracked);
  if (cacheDir === null) return { cache: null, runConfig };
  // Everything about the invocation that changes its output: one slot per invocation.
  const invocation = {
    rendering: { stdout: options.stdout, verdict: options.verdict ?? 'findings', color: options.color === true, annotations: options.annotations === true, outputs },
    options: {
      config: options.configPath,
      base: options.base,
      strict: options.strict === true,
      checks: options.runChecks !== false,
      specs: options.specs ?? null,
      history: options.history ?? null,
    },
  };
  return { cache: openRunCache({ root: options.root, config, cacheDir, base: options.base, invocation, workingState: await stateRead }), runConfig };
}
