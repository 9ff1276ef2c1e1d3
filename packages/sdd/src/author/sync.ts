import type { ArtifactComparison, ArtifactRow, ProvenanceDocument, ResultRow, Span, Table } from '../model/index.js';
import { statusOf } from './changes.js';
import { renderRow, setCell, splitRow } from './cells.js';
import { artifactCells } from './draft.js';
import { artifactColumnsOf, resultColumnsOf } from '../parse/columns.js';
import { resultCell, resultWord, type StepFact } from './results.js';

/**
 * Brings a record's two evidence tables in line with the evidence, and
 * touches nothing else: every byte outside the tables' spans stays as it
 * was, and so does every row that already says what the evidence says
 * (its detail text included). Rows change only where the evidence
 * disagrees; a step sdd cannot check keeps the author's claim.
 */

export interface SyncFacts {
  /** Validate's judgement of each row and of each file no row lists; null without git facts (the table is left as it is). */
  artifacts: readonly ArtifactComparison[] | null;
  /** One per spec step, with the row sdd matched when it knows; null when the spec is unknown. */
  steps: readonly (StepFact & { rowLine?: number | null })[] | null;
}

interface SyncOutcome {
  text: string;
  /** What changed or was left alone, one line each, for the person running sync. */
  notes: string[];
}

interface Edit {
  span: Span;
  text: string;
}

export function syncRecord(text: string, record: ProvenanceDocument, facts: SyncFacts): SyncOutcome {
  const notes: string[] = [];
  const edits: Edit[] = [];
  if (facts.artifacts === null) {
    notes.push('Artifacts Produced: no git facts, left as it is');
  } else if (record.artifacts === null) {
    notes.push('Artifacts Produced: the record has no such table, nothing synced (sdd provenance draft writes one)');
  } else {
    const { table, rows } = record.artifacts;
    edits.push(editTable(text, table, (lines) => syncArtifactRows(lines, table, rows, facts.artifacts ?? [], record.file, notes)));
  }
  if (facts.steps === null) {
    notes.push('Validation Results: the spec is unknown, left as it is');
  } else if (record.validationResults === null) {
    notes.push('Validation Results: the record has no such table, nothing synced (sdd provenance draft writes one)');
  } else {
    const { table, rows } = record.validationResults;
    edits.push(editTable(text, table, (lines) => syncResultRows(lines, table, rows, facts.steps ?? [], notes)));
  }
  return { text: applyEdits(text, edits), notes };
}

/** Table text as lines (header, delimiter, rows), given to `change`, joined back with the file's line ending. */
function editTable(text: string, table: Table, change: (lines: TableLines) => string[]): Edit {
  const source = text.slice(table.span.start, table.span.end);
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const all = source.split(eol);
  // A span that ends with the line break keeps it.
  const tail = all[all.length - 1] === '' ? all.pop() : undefined;
  const lines: TableLines = { header: all.slice(0, 2), rows: all.slice(2), firstLine: table.location.line };
  const rewritten = [...lines.header, ...change(lines)];
  if (tail !== undefined) rewritten.push(tail);
  return { span: table.span, text: rewritten.join(eol) };
}

interface TableLines {
  header: string[];
  rows: string[];
  /** The file line of the header row. */
  firstLine: number;
}

function applyEdits(text: string, edits: Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    result = result.slice(0, edit.span.start) + edit.text + result.slice(edit.span.end);
  }
  return result;
}

/** The prefix new rows need to sit in the same container (indentation, blockquote). */
function leadOf(lines: TableLines): string {
  return splitRow(lines.header[0] ?? '').lead;
}

// ---------------------------------------------------------------- artifacts

/**
 * Row by row, as validate judged it: a row it found matching stays as it
 * is; a row naming a file the change did not touch goes; a row with the
 * wrong status gets git's; files the table does not list are added.
 */
function syncArtifactRows(
  lines: TableLines,
  table: Table,
  rows: readonly ArtifactRow[],
  comparisons: readonly ArtifactComparison[],
  recordFile: string,
  notes: string[],
): string[] {
  // The parser's column names, so that sync writes where validate reads; the usual layout otherwise.
  const columns = artifactColumnsOf(table.header);
  const fileColumn = columns.file >= 0 ? columns.file : 0;
  const statusColumn = columns.status >= 0 ? columns.status : fileColumn === 0 ? 1 : 0;
  const rowByLine = new Map(rows.map((row) => [row.location.line, row]));
  const judged = new Map(comparisons.flatMap((comparison) => (comparison.location ? [[comparison.location.line, comparison] as const] : [])));
  const output: string[] = [];

  lines.rows.forEach((line, index) => {
    const lineNumber = lines.firstLine + 2 + index;
    const row = rowByLine.get(lineNumber);
    const comparison = judged.get(lineNumber);
    if (!row || !comparison || comparison.verdict === 'match') {
      output.push(line);
      return;
    }
    const label = row.path.trim();
    if (comparison.verdict === 'phantom' && row.status !== null && row.status !== 'Unchanged') {
      notes.push(`Artifacts Produced: ${label}: removed (listed as ${row.status}, but the change does not touch it)`);
      return;
    }
    const status = statusOf(comparison.actual);
    if (comparison.verdict !== 'wrong-status' || status === null || status === row.status) {
      // Nothing the table can fix (a file that is missing, a path outside the repository): validate keeps saying so.
      output.push(line);
      return;
    }
    notes.push(`Artifacts Produced: ${label}: ${row.rawStatus.trim() || '(empty)'} → ${status}`);
    output.push(setCell(line, statusColumn, status));
  });

  const missing = comparisons.flatMap((comparison) => {
    const status = comparison.verdict === 'unlisted' ? statusOf(comparison.actual) : null;
    return status === null ? [] : [{ path: comparison.path, status, ...(comparison.oldPath === undefined ? {} : { oldPath: comparison.oldPath }) }];
  });
  if (missing.length === 0) return output;
  const width = Math.max(table.header.length, fileColumn + 1, statusColumn + 1);
  const lead = leadOf(lines);
  const added = missing.map((fact) => {
    notes.push(`Artifacts Produced: ${fact.path}: added as ${fact.status}`);
    const cells = Array.from({ length: width }, () => '');
    const written = artifactCells(fact);
    cells[fileColumn] = written.file;
    cells[statusColumn] = written.status;
    return lead + renderRow(cells);
  });
  // New files go before the record's own row when it closes the table, as records usually list it last.
  const last = rows[rows.length - 1];
  const closesTable = last !== undefined && last.path.trim().replace(/^\.\//, '') === recordFile && output.at(-1) === lines.rows.at(-1);
  output.splice(closesTable ? output.length - 1 : output.length, 0, ...added);
  return output;
}

// ---------------------------------------------------------------- validation results

function syncResultRows(
  lines: TableLines,
  table: Table,
  rows: readonly ResultRow[],
  steps: readonly (StepFact & { rowLine?: number | null })[],
  notes: string[],
): string[] {
  const { result: resultColumn, number: numberColumn, check: checkColumn, detail: detailColumn } = resultColumnsOf(table.header);
  if (resultColumn < 0) {
    notes.push(`Validation Results: no Result column in the table at line ${table.location.line}, left as it is`);
    return lines.rows;
  }
  const rowByLine = new Map(rows.map((row) => [row.location.line, row]));
  const stepOfRow = matchRows(rows, steps);
  const written = new Set<number>();
  const output: { line: string; step: number | null }[] = [];

  lines.rows.forEach((line, index) => {
    const row = rowByLine.get(lines.firstLine + 2 + index);
    const step = row ? stepOfRow.get(row) : undefined;
    if (!row || !step) {
      if (row) notes.push(`Validation Results: row at line ${row.location.line} matches no step of the spec, left as it is`);
      output.push({ line, step: null });
      return;
    }
    written.add(step.step);
    output.push({ line: syncResultLine(line, row, step, { result: resultColumn, detail: detailColumn }, notes), step: step.step });
  });

  const lead = leadOf(lines);
  const width = Math.max(table.header.length, resultColumn + 1);
  for (const step of steps.filter((candidate) => !written.has(candidate.step))) {
    const cells = Array.from({ length: width }, () => '');
    if (numberColumn >= 0) cells[numberColumn] = String(step.step);
    cells[checkColumn >= 0 ? checkColumn : numberColumn === 0 ? 1 : 0] = step.markdown;
    Object.assign(cells, resultCells(step, resultColumn, detailColumn));
    notes.push(`Validation Results: step ${step.step}: row added (${resultCell(step)})`);
    // In step order: before the first row of a later step.
    const at = output.findIndex((entry) => entry.step !== null && entry.step > step.step);
    output.splice(at < 0 ? output.length : at, 0, { line: lead + renderRow(cells), step: step.step });
  }
  return output.map((entry) => entry.line);
}

/** Rows to steps: by the row compare matched when known, else by the row's number. */
function matchRows(rows: readonly ResultRow[], steps: readonly (StepFact & { rowLine?: number | null })[]): Map<ResultRow, StepFact> {
  const matches = new Map<ResultRow, StepFact>();
  const taken = new Set<number>();
  for (const step of steps) {
    const row =
      step.rowLine != null
        ? rows.find((candidate) => candidate.location.line === step.rowLine)
        : step.rowLine === undefined
          ? rows.find((candidate) => candidate.number === step.step && !matches.has(candidate))
          : undefined;
    if (row && !matches.has(row) && !taken.has(step.step)) {
      matches.set(row, step);
      taken.add(step.step);
    }
  }
  return matches;
}

function syncResultLine(
  line: string,
  row: ResultRow,
  step: StepFact,
  columns: { result: number; detail: number },
  notes: string[],
): string {
  // A step sdd cannot check (checked only in part and found nothing false, or not checked again
  // at the record's change): the claim is the author's; sync neither confirms nor changes it.
  if (step.status === 'manual' || step.status === 'consistent' || step.status === 'not-re-run' || (step.partial === true && step.status !== 'fail')) return line;
  const measured = resultWord(step.status);
  if (row.result === measured) return line;
  // "Not applicable" is no claim that the check passed; a check sdd could not run does not contradict it.
  if (step.status === 'not-run' && row.result === 'Not applicable') return line;
  notes.push(`Validation Results: step ${step.step}: ${row.rawResult.trim() || '(empty)'} → ${resultCell(step)}`);
  let rewritten = line;
  for (const [index, content] of Object.entries(resultCells(step, columns.result, columns.detail))) {
    rewritten = setCell(rewritten, Number(index), content);
  }
  return rewritten;
}

/** The result, with its evidence in the table's detail column when it has one ("| Result | Notes |"). */
function resultCells(step: StepFact, resultColumn: number, detailColumn: number): Record<number, string> {
  if (detailColumn < 0) return { [resultColumn]: resultCell(step) };
  const [word = '', ...note] = resultCell(step).split(' — ');
  return { [resultColumn]: word, [detailColumn]: note.join(' — ') };
}
