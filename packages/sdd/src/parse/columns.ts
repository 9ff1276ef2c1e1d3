/**
 * Which column of a record's table holds what. Shared by the parser (to read
 * rows) and the document rules (to report a table without the columns).
 */

const ARTIFACT_COLUMNS = {
  file: ['file', 'files', 'path', 'file path', 'artifact', 'artefact', 'file / directory', 'file/directory'],
  status: ['status', 'change', 'change type', 'action', 'operation'],
} as const;

const RESULT_COLUMNS = {
  number: ['#', 'no', 'no.', 'nr', 'num', 'number', 'step #', 'step no', 'step no.', 'id'],
  check: ['check', 'checks', 'validation', 'validation step', 'validation check', 'description', 'test', 'criterion', 'criteria', 'item', 'step'],
  result: ['result', 'results', 'status', 'outcome', 'verdict', 'pass/fail'],
  detail: ['notes', 'note', 'detail', 'details', 'evidence', 'comment', 'comments'],
} as const;

function normalizeHeader(cell: string): string {
  return cell.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Index of the first column named by one of the names (in the names' order of preference), -1 when none. */
function columnIndex(header: readonly string[], names: readonly string[], skip: readonly number[] = []): number {
  const normalized = header.map(normalizeHeader);
  for (const name of names) {
    const index = normalized.findIndex((cell, at) => cell === name && !skip.includes(at));
    if (index !== -1) return index;
  }
  return -1;
}

interface ResultColumns {
  number: number;
  check: number;
  result: number;
  detail: number;
}

export function resultColumnsOf(header: readonly string[]): ResultColumns {
  const named = columnIndex(header, RESULT_COLUMNS.number);
  const result = columnIndex(header, RESULT_COLUMNS.result, [named]);
  const check = columnIndex(header, RESULT_COLUMNS.check, [named, result]);
  // "| Step | Check | Result |": with a Check column, Step holds the numbers.
  const number = named !== -1 ? named : columnIndex(header, ['step'], [check, result]);
  const detail = columnIndex(header, RESULT_COLUMNS.detail, [number, result, check]);
  return { number, check, result, detail };
}

export function artifactColumnsOf(header: readonly string[]): { file: number; status: number } {
  const file = columnIndex(header, ARTIFACT_COLUMNS.file);
  return { file, status: columnIndex(header, ARTIFACT_COLUMNS.status, [file]) };
}
