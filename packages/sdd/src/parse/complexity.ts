import type { Finding } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';

/**
 * A guard run before remark: markdown whose parse cost grows faster than
 * its size. micromark is quadratic or worse in a few constructs (lists and
 * quotes nested deep, runs of unclosed link brackets, huge tables), so a
 * 20 KB file from a pull request could take minutes or all memory. One
 * linear scan measures those constructs; past a limit the file is reported
 * as too complex at its line and is not parsed. The limits sit far above
 * anything a spec or record holds.
 */

const COMPLEXITY_LIMITS = {
  /** Containers (list items, block quotes) opened on one line, or indentation levels of two columns. */
  nestingDepth: 32,
  /** Sum over lines of the nesting depth squared: what deep lists cost micromark (about ten microseconds each). */
  nestingCost: 200_000,
  /** Characters on one line. */
  lineLength: 100_000,
  /**
   * Sum over paragraphs (table rows count one by one) of the number of inline
   * marks (`[` `*` `_` backtick `<` `~`) squared: micromark matches those
   * against each other, so a paragraph of k marks costs about k² steps of
   * ten nanoseconds.
   */
  inlineCost: 50_000_000,
  /** Table cells (`|`-separated) in the whole document: each costs micromark about 0.1 ms and a few kB. */
  tableCells: 10_000,
} as const;

type ComplexityLimits = { [K in keyof typeof COMPLEXITY_LIMITS]: number };

/** A list marker or block-quote marker at the start of what is left of a line. */
const CONTAINER = /^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)]|>)(?:[ \t]|$)/;
/** A table's delimiter row: what makes the lines up to the next blank line table rows, parsed cell by cell. */
const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const INLINE_MARKS = new Set(['[', '*', '_', '`', '<', '~']);

/** The finding for the first limit the text passes, or null when it is within all of them. */
export function tooComplex(file: string, text: string, limits: ComplexityLimits = COMPLEXITY_LIMITS): Finding | null {
  const found = (what: string, line: number): Finding =>
    ruleFinding('parse/too-complex', `${file} is too complex to parse (${what}); it is not read: split it or simplify its markdown`, { location: { file, line } });
  let line = 0;
  let nestingCost = 0;
  let inlineCost = 0;
  let tableCells = 0;
  // The paragraph (lines up to a blank line) being scanned: where it starts, its marks, whether it is a table.
  let paragraphLine = 0;
  let paragraphMarks = 0;
  let inTable = false;
  const endParagraph = (): void => {
    inlineCost += paragraphMarks * paragraphMarks;
    paragraphMarks = 0;
  };
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    line++;
    if (end - start > limits.lineLength) return found(`line ${line} has ${end - start} characters, more than ${limits.lineLength}`, line);
    const content = text.slice(start, end);
    const depth = nestingOf(content, limits.nestingDepth);
    if (depth > limits.nestingDepth) return found(`line ${line} nests lists or quotes more than ${limits.nestingDepth} deep`, line);
    nestingCost += depth * depth;
    if (nestingCost > limits.nestingCost) return found(`lists or quotes nested deep on too many lines, up to line ${line}`, line);
    if (content.trim() === '') {
      endParagraph();
      paragraphLine = 0;
      inTable = false;
    } else {
      if (paragraphLine === 0) paragraphLine = line;
      else if (line === paragraphLine + 1 && content.includes('-') && DELIMITER_ROW.test(content)) inTable = true;
      paragraphMarks += marksIn(content);
      if (inTable) endParagraph();
      if (content.includes('|')) tableCells += countOf(content, '|');
      if (tableCells > limits.tableCells) return found(`its tables hold more than ${limits.tableCells} cells, up to line ${line}`, line);
    }
    if (inlineCost + paragraphMarks * paragraphMarks > limits.inlineCost) {
      return found(`too many inline marks ([ * _ \` < ~) in one paragraph, from line ${paragraphLine}`, paragraphLine);
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return null;
}

/** Containers opened at the start of the line plus indentation levels; stops counting just past `limit`. */
function nestingOf(content: string, limit: number): number {
  let columns = 0;
  for (let at = 0; at < content.length && (content[at] === ' ' || content[at] === '\t'); at++) columns += content[at] === '\t' ? 4 : 1;
  let depth = Math.floor(columns / 2);
  let rest = content.trimStart();
  while (depth <= limit) {
    const match = CONTAINER.exec(rest);
    if (!match) break;
    depth++;
    rest = rest.slice(match[0].length).trimStart();
  }
  return depth;
}

function marksIn(content: string): number {
  let count = 0;
  for (let index = 0; index < content.length; index++) if (INLINE_MARKS.has(content[index] as string)) count++;
  return count;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let index = text.indexOf(char); index !== -1; index = text.indexOf(char, index + 1)) count++;
  return count;
}
