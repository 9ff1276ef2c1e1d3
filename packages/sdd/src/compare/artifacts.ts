import picomatch from 'picomatch';
import type { NetChange } from '../discover/record-change.js';
import type { ArtifactComparison, ArtifactRow, ArtifactStatus, Finding, GitActual, ProvenanceDocument } from '../model/index.js';
import type { RuleId } from '../model/rules.js';
import { leavesRepository, normaliseDocumentPath } from '../parse/document-paths.js';
import { finding } from './finding.js';

/**
 * Artifacts Produced against git: each row against the files the record's
 * change touched. Pure: git facts come in as data, the working tree through a
 * probe (`exists`, `escapes`).
 */

export interface FileLookup {
  exists(file: string): boolean;
  /** Optional: the path resolves outside the repository through a symbolic link. */
  escapes?(file: string): boolean;
}

interface ArtifactsInput {
  record: ProvenanceDocument;
  /** Net changes of the record's change; null when unknown (no git): only existence is compared. */
  files: readonly NetChange[] | null;
  probe: FileLookup;
  /** The spec the record belongs to, for the findings' `spec` field. */
  spec?: string;
}

interface ArtifactsOutput {
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
    renamedFrom = normaliseDocumentPath(arrow[0]).path;
    raw = arrow[1];
  }
  const { path: file, directory } = normaliseDocumentPath(raw);
  const lexicallyOutside = leavesRepository(raw) || (renamedFrom !== undefined && leavesRepository(arrow[0] ?? ''));
  const outside = lexicallyOutside || probe.escapes?.(file) === true;
  const shape: RowShape = /[*?]/.test(file) ? 'glob' : directory ? 'directory' : 'file';
  const parsed: ParsedRow = { row, shape, path: file, outside };
  if (renamedFrom !== undefined) parsed.renamedFrom = renamedFrom;
  if (shape === 'glob') parsed.matcher = picomatch(file, { dot: true });
  return parsed;
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
  ruleId: RuleId;
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
