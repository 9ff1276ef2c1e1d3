import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitBlobId } from './blob-id.js';
import type { CheckOutcome, SddConfig, ValidateResult, WorkingState } from '../model/index.js';
import type { OutputContent } from '../output-pieces.js';
import { stableJson } from './stable-json.js';
import { cacheKey, wholeCodeFingerprint } from './key.js';
import { pruneRunSlots, touchSlot } from './prune.js';
import { processEnvironment } from '../git-env.js';

/**
 * The whole-run cache: a warm `sdd validate` with nothing changed replays
 * the last run's output instead of parsing and checking again.
 *
 * A run is replayed only when everything its result depends on is the same:
 * sdd's code, the invocation, the configuration, HEAD (and the `--base`
 * commit), `git status` (so every tracked file, and which untracked files
 * exist), the document folders' listings, and every file the run read or
 * looked up: documents, check inputs (ignored files included) and artifact
 * paths; with spec-kit or OpenSpec task lists, their folders' listings, git's
 * branches, each task list and the paths its tasks name. With `--base`, what
 * git ignores: a settled spec's files are then fixed by HEAD and `git status`. A run whose result depends on something sdd cannot list (a command
 * that ran, terraform, a directory listing) is never stored.
 *
 * One slot per invocation (command, flags, formats); storing a run keeps
 * the most recently used slots only (`prune.ts`), and a replay marks its slot used.
 */

/** A file the result depends on, as it was when the result was made. */
interface Watched {
  path: string;
  state: 'file' | 'directory' | 'absent' | 'other';
  size: number;
  mtimeMs: number;
  /** git's blob id of a file's content (a listing digest for a directory), when the content matters. */
  blob: string | null;
}

interface Meta {
  format: 2;
  fingerprint: string;
  storedAt: number;
  exitCode: number;
  watched: Watched[];
  /**
   * Output files of the slot, by role (`stdout`, `stderr`, `file:<n>:<path>`). Each is written
   * once under a fresh name before the metadata that names it; its size catches a truncated or
   * replaced one (hashing a 50 MB report would cost more than the rest of a replay).
   */
  outputs: { role: string; blobFile: string; size: number }[];
}

/** What a run printed and wrote: replayed byte for byte. */
export interface RunOutputs {
  stdout: OutputContent;
  stderr: OutputContent;
  /** Report files (`--out`), absolute path and content. */
  files: { path: string; content: OutputContent }[];
  exitCode: number;
}

export interface RunCache {
  /** The outputs of the last run of this invocation (as bytes), if nothing it depends on changed. */
  lookup(): RunOutputs | undefined;
  /**
   * Starts storing this run, if everything its result depends on is known
   * (else null, and the slot's old entry is gone). Never throws.
   */
  record(result: ValidateResult): RunRecorder | null;
}

/**
 * A run being stored: its outputs are written into the slot as they are
 * written for the user (one render, no copy in memory), then `commit` names
 * them. Until then the slot's old entry stands or is already gone; an entry
 * never names an output that was not written whole.
 */
export interface RunRecorder {
  /** A fresh file of the slot for one output (`stdout`, `stderr`, `file:<n>:<path>`); write it whole, or call `abandon`. */
  outputFile(role: string): string | null;
  /** Stores a report file as written (a copy of the file, not of its text). */
  copyIn(role: string, file: string): void;
  /** Writes the entry's metadata: from now on the run is replayed. Never throws. */
  commit(exitCode: number): void;
  /** Drops what was written; the run is not stored. */
  abandon(): void;
}

interface RunCacheInput {
  root: string;
  config: SddConfig;
  cacheDir: string;
  /** Everything about the invocation that changes the output: command, flags, formats, targets. */
  invocation: unknown;
  base?: string;
  /** The working tree's state read for this run (`readWorkingState`): the run is keyed by what it sees. */
  workingState: WorkingState;
}

/**
 * Files modified this close to when an entry was stored may have changed
 * again within the same mtime tick: their content is always re-hashed.
 */
const RACY_MS = 2000;

export function openRunCache(input: RunCacheInput): RunCache {
  // A shallow clone's history grows under the same HEAD and status (`git fetch --unshallow` or `--deepen`),
  // and what a run can judge with it (spec 0050): its runs are neither stored nor replayed. A CI checkout runs once anyway.
  if (input.workingState.repository?.shallow === true) return { lookup: () => undefined, record: () => null };
  const slot = path.join(input.cacheDir, 'runs', cacheKey('run-slot', stableJson(input.invocation)).slice(0, 32));
  const fingerprint = runFingerprint(input);
  return {
    lookup: () => lookup(slot, fingerprint, input.root),
    record: (result) => record(slot, fingerprint, input, result),
  };
}

/** Everything but the watched files: cheap to compute, and the first thing compared. */
function runFingerprint(input: RunCacheInput): string {
  const git = gitState(input.root, input.base, input.workingState);
  const listings = [input.config.specs, input.config.provenance].map((folder) => listing(path.resolve(input.root, folder)));
  const tasks = taskRootsState(input.root, input.config);
  return cacheKey('run', wholeCodeFingerprint(), stableJson({ invocation: input.invocation, config: input.config, git, listings, ...(tasks ? { tasks } : {}) }));
}

/**
 * The folders spec-kit features and OpenSpec changes are found in (listed
 * as discovery lists them) and, where there are any, git's branches: a
 * feature's change follows its branch. Null where the repository has none,
 * so that a repository without these layouts keys its runs as before.
 */
function taskRootsState(root: string, config: SddConfig): { listings: string[][]; refs: string } | null {
  const folders = [
    ...config.tasks.specKit,
    ...config.tasks.openSpec.flatMap((openSpec) => [path.posix.join(openSpec, 'changes'), path.posix.join(openSpec, 'changes', 'archive')]),
  ];
  const listings = folders.map((folder) => listing(path.resolve(root, folder)));
  if (listings.every((entries) => entries.length === 0)) return null;
  const refs = spawnSync('git', ['for-each-ref', '--format=%(HEAD)%(refname)%00%(objectname)', 'refs/heads', 'refs/remotes'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: processEnvironment() });
  return { listings, refs: `${refs.status ?? 'signal'}\0${refs.stdout ?? ''}` };
}

/**
 * HEAD, branch and every changed or untracked path, from the run's one `git status`; the `--base`
 * commit and, with it, what git ignores. A settled spec (spec 0039) read only tracked files with no
 * uncommitted change, which these fix, and paths where an ignored file may appear, which the
 * ignored listing shows: its files need not be watched one by one.
 */
function gitState(root: string, base: string | undefined, state: WorkingState): { status: string; base: string | null; ignored?: string } {
  // Without its ignored entries (`readWorkingState`): which ignored paths exist keys a run only with `--base`
  // (spec 0047); without it, the files a run read are watched one by one, ignored ones included.
  const status = state.status ?? 'failed';
  if (base === undefined) return { status, base: null };
  const resolved = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { cwd: root, encoding: 'utf8', env: processEnvironment() });
  return { status, base: `${resolved.status ?? 'signal'}\0${resolved.stdout ?? ''}`, ignored: state.ignored?.join('\0') ?? 'failed' };
}

function listing(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}

function lookup(slot: string, fingerprint: string, root: string): RunOutputs | undefined {
  const meta = readMeta(slot);
  if (!meta || meta.fingerprint !== fingerprint) return undefined;
  if (!meta.watched.every((watched) => unchanged(root, watched, meta.storedAt))) return undefined;
  const outputs = new Map<string, Buffer>();
  for (const output of meta.outputs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(slot, output.blobFile));
    } catch {
      return undefined;
    }
    if (bytes.length !== output.size) return undefined;
    outputs.set(output.role, bytes);
  }
  const files: RunOutputs['files'] = [];
  for (const [role, content] of outputs) {
    const file = /^file:\d+:(.*)$/s.exec(role);
    if (file) files.push({ path: file[1] as string, content });
  }
  touchSlot(path.join(slot, 'meta.json'));
  return { stdout: outputs.get('stdout') ?? '', stderr: outputs.get('stderr') ?? '', files, exitCode: meta.exitCode };
}

/**
 * The slot's metadata, or undefined when it is missing or not of this shape.
 * Checked by hand, not with zod: loading zod would cost a replay a tenth of its time.
 */
function readMeta(slot: string): Meta | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path.join(slot, 'meta.json'), 'utf8'));
  } catch {
    return undefined;
  }
  return isMeta(value) ? value : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const STATES = new Set(['file', 'directory', 'absent', 'other']);

function isMeta(value: unknown): value is Meta {
  if (!isObject(value) || value.format !== 2 || typeof value.fingerprint !== 'string') return false;
  if (typeof value.storedAt !== 'number' || !Number.isInteger(value.exitCode)) return false;
  if (!Array.isArray(value.watched) || !Array.isArray(value.outputs)) return false;
  const watchedOk = value.watched.every(
    (one) =>
      isObject(one) && typeof one.path === 'string' && STATES.has(one.state as string) && typeof one.size === 'number' &&
      typeof one.mtimeMs === 'number' && (one.blob === null || typeof one.blob === 'string'),
  );
  const outputsOk = value.outputs.every(
    (one) => isObject(one) && typeof one.role === 'string' && typeof one.blobFile === 'string' && /^[0-9a-f]+-\d+\.out$/.test(one.blobFile) && Number.isInteger(one.size),
  );
  return watchedOk && outputsOk;
}

function unchanged(root: string, watched: Watched, storedAt: number): boolean {
  const now = observe(root, watched.path, false);
  if (now.state !== watched.state) return false;
  if (watched.blob === null) return true;
  if (now.state === 'directory') return listingDigest(path.join(root, watched.path)) === watched.blob;
  if (now.state !== 'file') return true;
  if (now.size !== watched.size) return false;
  const settled = now.mtimeMs === watched.mtimeMs && watched.mtimeMs < storedAt - RACY_MS;
  return settled || observe(root, watched.path, true).blob === watched.blob;
}

function observe(root: string, file: string, withBlob: boolean): Watched {
  const abs = path.join(root, file);
  let info;
  try {
    info = lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    info = undefined;
  }
  if (!info) return { path: file, state: 'absent', size: 0, mtimeMs: 0, blob: null };
  const state = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  let blob: string | null = null;
  if (withBlob && state === 'file') {
    try {
      blob = gitBlobId(readFileSync(abs));
    } catch {
      blob = 'unreadable';
    }
  } else if (withBlob && state === 'directory') {
    blob = listingDigest(abs);
  }
  return { path: file, state, size: info.size, mtimeMs: info.mtimeMs, blob };
}

/** A directory's entries (names, and which are folders): what `dir.files` reads. */
function listingDigest(abs: string): string {
  try {
    const names = readdirSync(abs, { withFileTypes: true }).map((entry) => `${entry.name}${entry.isDirectory() ? '/' : ''}`);
    return `dir:${createHash('sha1').update(names.sort().join('\0')).digest('hex')}`;
  } catch {
    return 'unreadable';
  }
}

/** Kinds whose outcome is a function of the files named in `inputs` (and of the spec's own text). */
const FILE_KINDS: ReadonlySet<string> = new Set(['file.exists', 'file.absent', 'file.contains', 'file.not-contains', 'file.mentions', 'file.identical', 'data.path']);
/** Kinds whose outcome is a function of the documents and of git, both in the fingerprint. */
const DOCUMENT_AND_GIT_KINDS: ReadonlySet<string> = new Set(['provenance.exists', 'provenance.sections', 'git.committed-together', 'git.unchanged']);
const NOT_ALLOWED = 'not allowed by .sdd/config.yaml commands.allow';

/** Whether sdd knows everything this outcome depends on. */
function replayable(outcome: Pick<CheckOutcome, 'kind' | 'args' | 'status' | 'reason' | 'inputs'>): boolean {
  if (DOCUMENT_AND_GIT_KINDS.has(outcome.kind)) return true;
  // Not re-run at a record's commit: decided from git's history alone, which the fingerprint holds.
  if (outcome.status === 'not-re-run') return true;
  // One level of a directory is watched (its listing); a recursive walk is not.
  if (outcome.kind === 'dir.files') return (outcome.args as { recursive?: boolean }).recursive !== true && (outcome.inputs?.length ?? 0) > 0;
  // A command that was not allowed never ran: its outcome depends on the configuration only.
  if (outcome.kind === 'command') return outcome.status === 'not-run' && outcome.reason === NOT_ALLOWED;
  return FILE_KINDS.has(outcome.kind) && (outcome.inputs?.length ?? 0) > 0;
}

/** The files a result depends on: documents, check inputs (with the blob the check saw), artifact paths. */
function watchedFiles(root: string, config: SddConfig, result: ValidateResult): Watched[] | null {
  const wanted = new Map<string, string | null | undefined>(); // path → blob the run saw (undefined: existence only)
  // A settled spec's documents are tracked and unchanged: HEAD and `git status` fix them (see gitState).
  const settled = new Set(result.specs.filter((spec) => spec.settled).flatMap((spec) => [spec.spec.file, ...(spec.provenance ? [spec.provenance.file] : [])]));
  for (const { file, record } of result.settled?.specs ?? []) settled.add(file).add(record);
  for (const folder of [config.specs, config.provenance]) {
    // The folder's prefix once: a join per document cost a thousand of them 10 ms.
    const normal = path.posix.normalize(folder.replace(/\\/g, '/')).replace(/\/+$/, '');
    const prefix = normal === '.' || normal === '' ? '' : `${normal}/`;
    for (const name of listing(path.resolve(root, folder))) {
      const file = `${prefix}${name}`;
      if (!settled.has(file)) wanted.set(file, null);
    }
  }
  for (const spec of result.specs) {
    for (const step of spec.steps) {
      for (const check of step.evidence?.checks ?? []) {
        if (!replayable(check)) return null;
        // A check judged at an older commit read that commit's objects (fixed by HEAD in the
        // fingerprint); what the working tree holds is what its `now` run read.
        for (const input of (check.at === undefined ? check.inputs : check.now?.inputs) ?? []) {
          if (!wanted.has(input.path) || wanted.get(input.path) === undefined) wanted.set(input.path, input.blob);
        }
      }
    }
    for (const artifact of spec.artifacts) {
      // A path that leaves the repository is judged by its text alone, and never looked up.
      for (const file of [artifact.path, artifact.oldPath]) if (file !== undefined && insideRoot(file) && !wanted.has(file)) wanted.set(file, undefined);
    }
  }
  for (const list of result.taskLists ?? []) {
    // The list's text and its folder's listing (spec.md's Status is read too), then every path a task names, as written and as read.
    for (const file of [list.tasksFile, `${list.dir}/spec.md`, list.dir]) if (!wanted.has(file) || wanted.get(file) === undefined) wanted.set(file, null);
    for (const task of list.tasks) {
      for (const file of task.files) {
        const written = file.named.replace(/\/+$/, '');
        for (const candidate of [written, `${list.dir}/${written}`, file.path]) {
          if (candidate !== null && candidate !== '' && insideRoot(candidate) && !/[*?]/.test(candidate) && !wanted.has(candidate)) wanted.set(candidate, undefined);
        }
      }
    }
  }
  const watched: Watched[] = [];
  for (const [file, seen] of wanted) {
    const now = observe(root, file, seen !== undefined);
    // A check input that changed while the run went on: this result is already stale.
    if (seen !== undefined && seen !== null && now.blob !== seen) return null;
    watched.push(seen === undefined ? { ...now, blob: null } : now);
  }
  return watched;
}

function insideRoot(file: string): boolean {
  const normal = path.posix.normalize(file.replace(/\\/g, '/'));
  return !path.posix.isAbsolute(normal) && normal !== '..' && !normal.startsWith('../') && !/^[A-Za-z]:/.test(normal);
}

/**
 * What the result depends on, with the slot ready for a new entry; null when
 * the run cannot be stored. The old entry describes another state of the
 * files: it goes whether or not this one is stored.
 */
function startEntry(slot: string, input: RunCacheInput, result: ValidateResult): Watched[] | null {
  try {
    const watched = watchedFiles(input.root, input.config, result);
    rmSync(path.join(slot, 'meta.json'), { force: true });
    if (watched !== null) mkdirSync(slot, { recursive: true });
    return watched;
  } catch {
    // A cache that cannot be written costs speed, never a result.
    return null;
  }
}

function record(slot: string, fingerprint: string, input: RunCacheInput, result: ValidateResult): RunRecorder | null {
  const storedAt = Date.now();
  const watched = startEntry(slot, input, result);
  if (watched === null) return null;
  const nonce = randomBytes(6).toString('hex');
  const outputs: { role: string; blobFile: string }[] = [];
  let broken = false;
  const fileFor = (role: string): string => {
    const blobFile = `${nonce}-${outputs.length}.out`;
    outputs.push({ role, blobFile });
    return path.join(slot, blobFile);
  };
  const removeOwn = () => {
    for (const output of outputs) rmSync(path.join(slot, output.blobFile), { force: true });
  };
  return {
    outputFile: (role) => (broken ? null : fileFor(role)),
    copyIn(role, file) {
      if (broken) return;
      try {
        copyFileSync(file, fileFor(role));
      } catch {
        broken = true;
      }
    },
    abandon() {
      broken = true;
      try {
        removeOwn();
      } catch {
        // Left-over outputs are removed by the next stored run of this slot.
      }
    },
    commit(exitCode) {
      if (broken) return;
      try {
        // Each size catches a truncated or replaced output at replay.
        const written = outputs.map((output) => ({ ...output, size: statSync(path.join(slot, output.blobFile)).size }));
        const meta: Meta = { format: 2, fingerprint, storedAt, exitCode, watched, outputs: written };
        const temp = path.join(slot, `meta.${nonce}.tmp`);
        writeFileSync(temp, JSON.stringify(meta));
        renameSync(temp, path.join(slot, 'meta.json'));
        // Outputs of earlier runs of this slot are no longer referenced.
        for (const name of readdirSync(slot)) if (name.endsWith('.out') && !name.startsWith(`${nonce}-`)) rmSync(path.join(slot, name), { force: true });
      } catch {
        try {
          removeOwn();
        } catch {
          // As above.
        }
        return;
      }
      // Slots of other invocations (another `--base`, other flags) beyond the most recently used go; never throws.
      pruneRunSlots(path.dirname(slot), path.basename(slot));
    },
  };
}
