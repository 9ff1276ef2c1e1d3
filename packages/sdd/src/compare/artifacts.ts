import path from 'node:path';
import picomatch from 'picomatch';
import { recordChange, type NetChange } from '../discover/record-change.js';
import { SHALLOW_FIX } from '../discover/shallow.js';
import type {
  ArtifactComparison,
  ArtifactRow,
  ArtifactStatus,
  Change,
  Finding,
  GitActual,
  GitFacts,
  ListItem,
  ProvenanceDocument,
  SourceLocation,
} from '../model/index.js';
import { driftSeverity } from './drift-rules.js';

/**
 * Artifacts Produced against git. Pure: git facts come in as data, the
 * working tree through a probe (`exists`, `escapes`).
 */

// ---------------------------------------------------------------- which change a record describes

export { netChanges, type NetChange } from '../discover/record-change.js';

export interface RecordChange {
  change: Change;
  /** Net changes of the change; null when the change cannot be told (no history, history cut). */
  files: NetChange[] | null;
  /** The last commit that touched the record (its version); null when it is uncommitted or unknown. */
  recordCommit: string | null;
  findings: Finding[];
  /**
   * Set when the record's history starts at a shallow clone's boundary (this
   * commit, fetched without its parents): its change cannot be told. Compare
   * reports all such records in one `drift/shallow-history` finding.
   */
  cutAt?: string;
}

/** The change a record describes (`recordChange`), with the reason it cannot be told as a finding. */
export function changeOfRecord(facts: GitFacts, recordFile: string, spec?: string): RecordChange {
  const { problem, cutAt, ...rest } = recordChange(facts, recordFile);
  // A record a shallow clone cut is reported once for the whole run (`shallowHistoryFinding`), not here.
  if (cutAt !== undefined) return { ...rest, findings: [], cutAt };
  const findings = problem ? [finding(problem.ruleId, problem.message, { file: recordFile, line: 1 }, spec, problem.data)] : [];
  return { ...rest, findings };
}

/** The one finding for every record a shallow clone cut: which records, where history is cut, and the fix. */
export function shallowHistoryFinding(cut: readonly { record: string; commit: string }[]): Finding | null {
  if (cut.length === 0) return null;
  const at = [...new Set(cut.map((entry) => short(entry.commit)))].join(', ');
  const shown = cut.slice(0, 5).map((entry) => entry.record).join(', ');
  const more = cut.length > 5 ? `, and ${cut.length - 5} more` : '';
  const what =
    cut.length === 1
      ? `before the change ${shown} describes: it was not judged`
      : `before the changes ${cut.length} records describe: they were not judged (${shown}${more})`;
  return finding(
    'drift/shallow-history',
    `shallow clone: history is cut at ${at}, ${what}. ${SHALLOW_FIX}`,
    undefined,
    undefined,
    { records: cut.map((entry) => entry.record) },
    cut.map((entry) => ({ file: entry.record, line: 1 })),
  );
}

// ---------------------------------------------------------------- rows against the change

export interface FileLookup {
  exists(file: string): boolean;
  /** Optional: the path resolves outside the repository through a symbolic link. */
  escapes?(file: string): boolean;
}

export interface ArtifactsInput {
  record: ProvenanceDocument;
  /** Net changes of the record's change; null when unknown (no git): only existence is compared. */
  files: readonly NetChange[] | null;
  probe: FileLookup;
  /** The spec the record belongs to, for the findings' `spec` field. */
  spec?: string;
}

export interface ArtifactsOutput {
  artifacts: ArtifactComparison[];
  findings: Finding[];
}

type RowShape = 'file' | 'directory' | 'glob';

interface ParsedRow {
  row: ArtifactRow;
  shape: RowShape;
  /** Normalised repository-relative path (no trailing slash); for a Renamed `old → new` row, the new path. */
  path: string;
  /** For a Renamed row written `old → new`. */
  renamedFrom?: string;
  outside: boolean;
  matcher?: (file: string) => boolean;
}

/**
 * Compares every Artifacts Produced row with the change. Rows may name a
 * file, a directory (`infra/modules/keyvault/`, or a path under which the
 * change touched files) covering every file under it, or a glob (`*`, `**`,
 * `?`; matched with picomatch) covering the files it matches. A file covered
 * by a file row is judged by that row only; otherwise by the deepest
 * directory row, otherwise by the first glob that matches it.
 */
export function compareArtifacts(input: ArtifactsInput): ArtifactsOutput {
  const rows = (input.record.artifacts?.rows ?? []).map((row) => parseRow(row, input.probe));
  const findings: Finding[] = [];
  const files = input.files;
  const owners = files ? assignOwners(rows, files) : new Map<ParsedRow, NetChange[]>();
  // A row without a trailing slash that turns out to hold changed files is a directory row.
  for (const [row, owned] of owners) {
    if (row.shape === 'file' && owned.some((file) => file.path.startsWith(`${row.path}/`))) row.shape = 'directory';
  }
  const tableLocation = input.record.artifacts?.table.location ?? { file: input.record.file, line: 1 };
  const listedDeletions = new Set(rows.filter((row) => row.row.status === 'Deleted').map((row) => row.path));

  const artifacts: ArtifactComparison[] = rows.map((parsed) => {
    const judged = judgeRow(parsed, files === null ? null : (owners.get(parsed) ?? []), input.probe, listedDeletions);
    for (const note of judged.notes) findings.push(finding(note.ruleId, note.message, parsed.row.location, input.spec, note.data));
    return judged.comparison;
  });

  if (files) {
    for (const file of files) {
      // A rename listed only under its old path (as Deleted) still leaves its new path unlisted.
      if (rows.some((row) => !row.outside && (row.path === file.path || covers(row, file.path)))) continue;
      const existsNow = file.actual !== 'deleted' && input.probe.exists(file.path);
      artifacts.push({
        path: file.path,
        ...(file.oldPath === undefined ? {} : { oldPath: file.oldPath }),
        claimed: null,
        rawClaim: null,
        actual: file.actual,
        existsNow,
        verdict: 'unlisted',
      });
      const what = file.actual === 'renamed' ? `renamed \`${file.oldPath}\` → \`${file.path}\`` : `${file.actual} \`${file.path}\``;
      findings.push(
        finding('drift/unlisted', `the change ${what}, which Artifacts Produced does not list`, tableLocation, input.spec, {
          path: file.path,
          actual: file.actual,
        }),
      );
    }
  }
  return { artifacts, findings };
}

function parseRow(row: ArtifactRow, probe: FileLookup): ParsedRow {
  let raw = row.path.trim();
  let renamedFrom: string | undefined;
  const arrow = raw.split(/\s*(?:→|->|=>)\s*/);
  if (arrow.length === 2 && arrow[0] && arrow[1]) {
    renamedFrom = normalise(arrow[0]).path;
    raw = arrow[1];
  }
  const { path: file, directory } = normalise(raw);
  const lexicallyOutside = leavesRepository(raw) || (renamedFrom !== undefined && leavesRepository(arrow[0] ?? ''));
  const outside = lexicallyOutside || probe.escapes?.(file) === true;
  const shape: RowShape = /[*?]/.test(file) ? 'glob' : directory ? 'directory' : 'file';
  const parsed: ParsedRow = { row, shape, path: file, outside };
  if (renamedFrom !== undefined) parsed.renamedFrom = renamedFrom;
  if (shape === 'glob') parsed.matcher = picomatch(file, { dot: true });
  return parsed;
}

function normalise(raw: string): { path: string; directory: boolean } {
  const slashed = raw.trim().replace(/\\/g, '/');
  const directory = slashed.endsWith('/');
  const normal = path.posix.normalize(slashed).replace(/^\.\/+/, '').replace(/\/+$/, '');
  return { path: normal === '.' ? '' : normal, directory };
}

/** `..` that climbs above the root, an absolute path, a drive letter, or a home directory. */
export function leavesRepository(raw: string): boolean {
  const slashed = raw.trim().replace(/\\/g, '/');
  if (slashed.startsWith('/') || slashed.startsWith('~') || /^[a-zA-Z]:/.test(slashed)) return true;
  const normal = path.posix.normalize(slashed);
  return normal === '..' || normal.startsWith('../');
}

function covers(row: ParsedRow, file: string): boolean {
  if (row.outside) return false;
  if (row.shape === 'glob') return row.matcher?.(file) === true;
  return row.path === '' || file.startsWith(`${row.path}/`);
}

/** Which row judges which changed file (see `compareArtifacts`). */
function assignOwners(rows: readonly ParsedRow[], files: readonly NetChange[]): Map<ParsedRow, NetChange[]> {
  const owners = new Map<ParsedRow, NetChange[]>();
  const own = (row: ParsedRow, file: NetChange) => owners.set(row, [...(owners.get(row) ?? []), file]);
  const fileRows = rows.filter((row) => !row.outside && row.shape === 'file');
  for (const file of files) {
    const exact = fileRows.filter(
      (row) => row.path === file.path || (file.oldPath !== undefined && row.path === file.oldPath) || (row.renamedFrom !== undefined && row.renamedFrom === file.oldPath && row.path === file.path),
    );
    if (exact.length > 0) {
      for (const row of exact) own(row, file);
      continue;
    }
    const directories = rows
      .filter((row) => row.shape !== 'glob' && covers(row, file.path))
      .sort((a, b) => b.path.length - a.path.length);
    const owner = directories[0] ?? rows.find((row) => row.shape === 'glob' && covers(row, file.path));
    if (owner) own(owner, file);
  }
  return owners;
}

interface Note {
  ruleId: string;
  message: string;
  data?: Record<string, unknown>;
}

interface Judgement {
  comparison: ArtifactComparison;
  notes: Note[];
}

function judgeRow(parsed: ParsedRow, owned: NetChange[] | null, probe: FileLookup, listedDeletions: ReadonlySet<string>): Judgement {
  const { row } = parsed;
  const base: ArtifactComparison = {
    path: parsed.path || row.path,
    ...(parsed.renamedFrom === undefined ? {} : { oldPath: parsed.renamedFrom }),
    claimed: row.status,
    rawClaim: row.rawStatus,
    actual: null,
    existsNow: false,
    verdict: 'unknown',
    location: row.location,
  };
  if (parsed.outside) {
    return {
      comparison: { ...base, verdict: 'outside-repo' },
      notes: [{ ruleId: 'drift/outside-repo', message: `\`${row.path}\` leaves the repository: rejected, not read`, data: { path: row.path } }],
    };
  }
  const existsNow = parsed.shape === 'glob' ? (owned ?? []).some((file) => file.actual !== 'deleted' && probe.exists(file.path)) : probe.exists(parsed.path);
  const comparison: ArtifactComparison = { ...base, existsNow };
  const status = row.status;
  if (status === null) return { comparison, notes: [] };

  const touched = owned ?? [];
  const actual = owned === null ? null : aggregate(parsed, touched);
  comparison.actual = actual;
  const rename = touched.find((file) => file.actual === 'renamed' && file.path === parsed.path);
  if (rename?.oldPath !== undefined && comparison.oldPath === undefined) comparison.oldPath = rename.oldPath;

  const verdict = (value: ArtifactComparison['verdict'], ...notes: Note[]): Judgement => ({ comparison: { ...comparison, verdict: value }, notes });
  const label = `\`${row.path}\``;
  const listed = `listed as ${status === 'Unchanged' ? `pre-existing ("${row.rawStatus}")` : status}`;

  // Without git, existence is all that can be compared.
  if (actual === null) {
    if ((status === 'Created' || status === 'Modified' || status === 'Unchanged') && parsed.shape !== 'glob' && !existsNow) {
      return verdict('missing', { ruleId: 'drift/missing', message: `${label} is ${listed} but does not exist` });
    }
    if (status === 'Deleted' && parsed.shape !== 'glob' && existsNow) {
      return verdict('still-present', { ruleId: 'drift/still-present', message: `${label} is listed as Deleted but still exists` });
    }
    return verdict('unknown');
  }

  if (status === 'Unchanged') {
    if (actual !== 'untouched') {
      return verdict('wrong-status', wrongStatus(label, listed, describe(parsed, touched), status, actual));
    }
    return existsNow ? verdict('match') : verdict('missing', { ruleId: 'drift/missing', message: `${label} is ${listed} but does not exist` });
  }
  if (actual === 'untouched') {
    const absent = status === 'Deleted' && existsNow ? ' (and it still exists)' : '';
    return verdict('phantom', {
      ruleId: 'drift/phantom',
      message: `${label} is ${listed}, but the change did not touch it${absent}`,
      data: { path: parsed.path, claimed: status },
    });
  }

  const expected = EXPECTED[status];
  const fits = parsed.shape === 'file' ? fileFits(status, touched, parsed) : touched.every((file) => expected.includes(file.actual) || status === 'Modified');
  if (!fits) return verdict('wrong-status', wrongStatus(label, listed, describe(parsed, touched), status, actual));

  if (status === 'Deleted') {
    return existsNow && parsed.shape !== 'glob'
      ? verdict('still-present', { ruleId: 'drift/still-present', message: `${label} is listed as Deleted but still exists` })
      : verdict('match');
  }
  if (!existsNow) return verdict('missing', { ruleId: 'drift/missing', message: `${label} is ${listed} but does not exist now` });
  if (status === 'Created' && rename?.oldPath !== undefined && !listedDeletions.has(rename.oldPath) && parsed.renamedFrom === undefined) {
    return verdict('match', {
      ruleId: 'drift/rename-listed-as-created',
      message: `${label} is listed as Created; git shows it renamed from \`${rename.oldPath}\` (accepted)`,
      data: { path: parsed.path, oldPath: rename.oldPath },
    });
  }
  return verdict('match');
}

/** Which git outcomes each claimed status accepts, for every file a row covers. */
const EXPECTED: Record<Exclude<ArtifactStatus, 'Unchanged'>, readonly GitActual[]> = {
  // A renamed file listed under its new name as Created is accepted (with a note); see judgeRow.
  Created: ['added', 'renamed'],
  Modified: ['modified', 'renamed'],
  Deleted: ['deleted'],
  Renamed: ['renamed'],
};

function fileFits(status: Exclude<ArtifactStatus, 'Unchanged'>, touched: readonly NetChange[], parsed: ParsedRow): boolean {
  return touched.some((file) => {
    // The old path of a rename, listed as Deleted, is what happened to that path.
    if (file.actual === 'renamed' && file.oldPath === parsed.path && file.path !== parsed.path) return status === 'Deleted' || status === 'Renamed';
    return EXPECTED[status].includes(file.actual);
  });
}

function aggregate(parsed: ParsedRow, touched: readonly NetChange[]): GitActual {
  if (touched.length === 0) return 'untouched';
  if (parsed.shape === 'file') {
    const own = touched.find((file) => file.path === parsed.path) ?? touched[0];
    if (own && own.actual === 'renamed' && own.oldPath === parsed.path && own.path !== parsed.path) return 'renamed';
    return own?.actual ?? 'untouched';
  }
  const kinds = new Set(touched.map((file) => file.actual));
  if (kinds.size === 1) return touched[0]?.actual ?? 'modified';
  return 'modified';
}

function describe(parsed: ParsedRow, touched: readonly NetChange[]): string {
  const one = (file: NetChange) =>
    file.actual === 'renamed' ? `renamed \`${file.oldPath}\` → \`${file.path}\`` : `${file.actual} \`${file.path}\``;
  if (parsed.shape === 'file') {
    const own = touched[0];
    if (!own) return 'did not touch it';
    if (own.actual === 'renamed') return own.path === parsed.path ? `renamed it from \`${own.oldPath}\`` : `renamed it to \`${own.path}\``;
    return own.actual === 'added' ? 'added it' : own.actual === 'deleted' ? 'deleted it' : 'modified it (it existed before)';
  }
  const shown = touched.slice(0, 5).map(one).join(', ');
  return `${shown}${touched.length > 5 ? `, and ${touched.length - 5} more` : ''}`;
}

function wrongStatus(label: string, listed: string, what: string, claimed: ArtifactStatus, actual: GitActual): Note {
  return { ruleId: 'drift/wrong-status', message: `${label} is ${listed}, but the change ${what}`, data: { claimed, actual } };
}

// ---------------------------------------------------------------- Actions Taken against the table

export type ActionKind = 'created' | 'modified' | 'deleted';

export interface FileAction {
  kind: ActionKind;
  path: string;
  location: SourceLocation;
}

/** Verbs that say a file changed. Deliberately few: "Read", "Confirmed", "Ran", "Committed" change nothing. */
const ACTION_VERBS: Record<string, ActionKind> = {
  created: 'created',
  wrote: 'created',
  modified: 'modified',
  updated: 'modified',
  overwrote: 'modified',
  rewrote: 'modified',
  replaced: 'modified',
  edited: 'modified',
  deleted: 'deleted',
  removed: 'deleted',
};

const FILE_EXTENSIONS =
  /\.(md|mdx|txt|ts|tsx|js|jsx|mjs|cjs|json|jsonc|ya?ml|toml|tf|tfvars|hcl|css|scss|html?|sh|bash|ps1|py|go|rs|java|kt|rb|php|cs|conf|ini|cfg|env|lock|xml|svg|png|jpe?g|sql|proto|graphql|gitignore|dockerignore)$/i;
const BARE_FILE_NAMES = /^(Dockerfile|Makefile|Procfile|LICENSE|CODEOWNERS|Caddyfile|Jenkinsfile)$/;

/** A code span that names a file or directory: has a slash, or a known extension or file name. */
export function looksLikePath(span: string): boolean {
  if (/\s/.test(span) || span.startsWith('-') || span.includes('://')) return false;
  // Dotfiles (`.npmrc`, `.editorconfig`) are files too.
  return span.includes('/') || FILE_EXTENSIONS.test(span) || BARE_FILE_NAMES.test(span) || /^\.[A-Za-z0-9][\w.-]*$/.test(span);
}

/**
 * The file changes Actions Taken claim. Conservative: an item counts only
 * when it starts with a change verb followed directly by a path code span
 * ("Created `a`", "Modified `a` and `b` — …"), or after a short lead-in
 * phrase and a colon ("Modified, for the merge: `a`, `b`"). A nested item that starts
 * with a file name under an action on a directory (`versions.tf` under
 * "Created `infra/modules/keyvault/` directory with 4 files:") is a file in
 * that directory, with its parent's verb.
 */
export function fileActions(items: readonly ListItem[], parent: { kind: ActionKind; directory: string } | null = null): FileAction[] {
  const actions: FileAction[] = [];
  for (const item of items) {
    const own = actionOf(item);
    let context: { kind: ActionKind; directory: string } | null = null;
    if (own) {
      for (const file of own.paths) actions.push({ kind: own.kind, path: normalise(file).path, location: item.location });
      const directory = own.paths.find((file) => file.endsWith('/'));
      if (directory) context = { kind: own.kind, directory: normalise(directory).path };
    } else if (parent) {
      const first = item.codeSpans[0];
      if (first !== undefined && item.text.trimStart().startsWith(first) && looksLikePath(first) && !leavesRepository(first)) {
        actions.push({ kind: parent.kind, path: normalise(`${parent.directory}/${first}`).path, location: item.location });
      }
    }
    actions.push(...fileActions(item.children, context));
  }
  return actions;
}

function actionOf(item: ListItem): { kind: ActionKind; paths: string[] } | null {
  const text = item.text.trimStart();
  const verb = /^([A-Za-z]+)(?:\s+|,\s*)/.exec(text);
  const kind = verb ? ACTION_VERBS[verb[1]?.toLowerCase() ?? ''] : undefined;
  if (!verb || !kind) return null;
  let rest = text.slice(verb[0].length).replace(/^(?:the\s+)?(?:new\s+)?(?:file|directory|folder)?\s*/i, '');
  // "Modified, for the review: `a`, `b`": a short phrase without code, then a colon, then the list.
  const lead = /^[^:\n]{1,120}?:\s*/.exec(rest);
  const first = item.codeSpans[0];
  if (lead && first !== undefined && !lead[0].includes(first) && rest.slice(lead[0].length).startsWith(first)) rest = rest.slice(lead[0].length);
  const paths: string[] = [];
  for (const span of item.codeSpans) {
    if (!rest.startsWith(span)) break;
    if (!looksLikePath(span) || leavesRepository(span)) break;
    paths.push(span);
    rest = rest.slice(span.length);
    const joiner = /^(?:,\s*(?:and\s+)?|\s+and\s+)/.exec(rest);
    if (!joiner) break;
    rest = rest.slice(joiner[0].length);
  }
  return paths.length > 0 ? { kind, paths } : null;
}

/**
 * Actions Taken against Artifacts Produced: a file the actions say was
 * created, modified or deleted that no row covers; and a Created / Modified /
 * Deleted row whose file no action mentions (checked only when the actions
 * name at least one changed file, so prose-only actions are not flagged).
 */
export function compareActions(record: ProvenanceDocument, spec?: string): Finding[] {
  const rows = (record.artifacts?.rows ?? []).map((row) => ({ row, ...normalise(row.path) }));
  if (!record.artifacts) return [];
  const actions = fileActions(record.actions);
  const findings: Finding[] = [];
  const rowCovers = (row: (typeof rows)[number], file: string) =>
    row.path === file || file.startsWith(`${row.path}/`) || (/[*?]/.test(row.path) && picomatch.isMatch(file, row.path, { dot: true }));
  for (const action of actions) {
    const covered = rows.some((row) => rowCovers(row, action.path) || row.path.startsWith(`${action.path}/`));
    if (!covered) {
      findings.push(
        finding(
          'drift/actions-vs-artifacts',
          `Actions Taken say ${action.kind} \`${action.path}\`; Artifacts Produced does not list it`,
          action.location,
          spec,
          { path: action.path, action: action.kind },
        ),
      );
    }
  }
  if (actions.length === 0) return findings;
  for (const { row, path: file } of rows) {
    if (row.status !== 'Created' && row.status !== 'Modified' && row.status !== 'Deleted') continue;
    if (file === record.file) continue;
    const named = actions.some((action) => action.path === file || file.startsWith(`${action.path}/`) || action.path.startsWith(`${file}/`));
    if (!named) {
      findings.push(
        finding(
          'drift/actions-vs-artifacts',
          `Artifacts Produced lists \`${row.path}\` as ${row.status}; Actions Taken do not mention it`,
          row.location,
          spec,
          { path: file, status: row.status },
        ),
      );
    }
  }
  return findings;
}

// ---------------------------------------------------------------- shared

export function finding(
  ruleId: string,
  message: string,
  location: SourceLocation | undefined,
  spec: string | undefined,
  data?: Record<string, unknown>,
  related?: SourceLocation[],
): Finding {
  return {
    ruleId,
    severity: driftSeverity(ruleId),
    message,
    ...(location ? { location } : {}),
    ...(related && related.length > 0 ? { related } : {}),
    ...(spec === undefined ? {} : { spec }),
    ...(data ? { data } : {}),
  };
}

export function short(hash: string): string {
  return hash.slice(0, 7);
}
