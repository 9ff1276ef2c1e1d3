import { location, type Location } from 'vfile-location';

/**
 * Lines of a text from string offsets, for every stage (parse's input
 * verdicts, the checks' evidence, Terraform locations): vfile-location, the
 * index remark's own positions come from, so `\n`, `\r\n` and a lone `\r`
 * each end a line, as they do in remark and in editors.
 */

// A check reports several hits in one file: the index of the last text serves them all.
let last: { text: string; index: Location } | null = null;

function indexOf(text: string): Location {
  if (last?.text !== text) last = { text, index: location(text) };
  return last.index;
}

/** 1-based line of a string offset; an offset before or past the text counts as its first or last place. */
export function lineAt(text: string, offset: number): number {
  const clamped = Math.min(Math.max(offset, 0), text.length);
  return indexOf(text).toPoint(clamped)?.line ?? 1;
}

/** The text of a 1-based line, without its line ending; empty past the last line. */
export function lineOf(text: string, line: number): string {
  const index = indexOf(text);
  const start = index.toOffset({ line, column: 1 });
  if (start === undefined) return '';
  const end = index.toOffset({ line: line + 1, column: 1 }) ?? text.length;
  return text.slice(start, end).replace(/\r?\n$|\r$/, '');
}
