/**
 * GFM table rows as text: split a row into its raw cells, put one cell back,
 * write new rows. Raw cells keep their markdown, so a row sync does not
 * touch is written back exactly as it was.
 */

/** A table cell's content: one line, pipes escaped (GFM needs `\|` even inside code). */
export function escapeCell(text: string): string {
  return text
    .replace(/\r?\n\s*/g, ' ')
    .replace(/(?<!\\)\|/g, '\\|')
    .trim();
}

/** Inline code that survives any backticks in the path. */
export function inlineCode(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((run) => run.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

export function renderRow(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

/** A row line split at its unescaped pipes: the text before the first pipe, the cells, the text after the last. */
interface SplitRow {
  lead: string;
  cells: string[];
  trail: string;
}

export function splitRow(line: string): SplitRow {
  const parts = line.split(/(?<!\\)\|/);
  // Before the first pipe: indentation or a blockquote marker, or (no outer pipe) the first cell.
  const leading = parts.length > 1 && /^[\s>]*$/.test(parts[0] ?? '');
  const lead = leading ? (parts.shift() ?? '') : '';
  const trailing = parts.length > 1 && (parts[parts.length - 1] ?? '').trim() === '';
  const trail = trailing ? (parts.pop() ?? '') : '';
  return { lead, cells: parts, trail };
}

/** Always with outer pipes: a row sync rewrites takes the usual form, whatever it had. */
function joinRow(row: SplitRow): string {
  return `${row.lead}|${row.cells.join('|')}|${row.trail}`;
}

/** Replaces one cell's content, keeping the row's other bytes; pads missing cells. */
export function setCell(line: string, index: number, content: string): string {
  const row = splitRow(line);
  while (row.cells.length <= index) row.cells.push(' ');
  row.cells[index] = ` ${escapeCell(content)} `;
  return joinRow(row);
}
