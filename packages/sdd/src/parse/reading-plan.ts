import { normalizeTitle } from './title.js';

/**
 * Reading less of a document. `sdd validate` reads a few sections in full
 * (Validation steps; Actions, Artifacts and Validation Results) and only the
 * headings of the rest. This plans a shorter text for remark: the document
 * with the bodies of the other sections cut out, each cut between two
 * top-level ATX headings at column 0.
 *
 * A cut is made only where the result is provably the same: remark then
 * gives the same tree as for the whole text, minus the nodes of the cut
 * bodies, and those nodes would have given no finding. A body starts right
 * after a top-level heading (nothing is open there) and ends right before
 * the next one; it can change the rest of the tree only by leaving something
 * open that swallows that heading, or through a link reference definition.
 * So a cut is made only when
 * - no `]:` occurs anywhere (no definition, in any container, can resolve a
 *   link elsewhere);
 * - the only top-level headings are ATX headings at column 0 (no setext or
 *   indented heading can hide in a body), and front matter is closed;
 * - what a body holds is closed before the next heading: fenced code only
 *   as fences at column 0 (outside any container, so opened and closed by
 *   exactly the rule this scan applies), HTML only as comments that end on
 *   their own line, and no `sdd-checks` block (its placement is a finding);
 * - no table in the body can have rows that disagree with their header on
 *   the number of cells (the one finding a body's table can raise);
 * - a spanning section (one whose content is taken from its whole subtree,
 *   such as Decisions) is cut whole or not at all.
 * The line scan here is a plan, not the truth: `parseMarkdown` checks that
 * remark finds exactly the headings planned, and parses the whole text
 * when it does not. Anything unusual returns null: the whole text is read.
 */

/** What a parse at outline depth reads, as `normalizeTitle` leaves titles. */
export interface OutlineReads {
  /** Sections read in full, subsections included. */
  sections: readonly string[];
  /**
   * Sections whose content is taken from their whole body, subsections
   * included (a Decisions section's first table may sit in a subsection):
   * they are cut whole or not at all.
   */
  spanning: readonly string[];
}

export interface PlannedHeading {
  /** 1-based line in the whole text. */
  line: number;
  depth: number;
  /** Its own body: cut (remark's title must then name a section that is not read), kept, or blank. */
  body: BodyState;
}

type BodyState = 'cut' | 'kept' | 'empty';

/** A run of the shortened text and where it sits in the whole one. */
export interface Segment {
  /** Offset in the shortened text where the run starts. */
  start: number;
  /** Whole-text offset minus shortened-text offset, for every point of the run. */
  offsetShift: number;
  lineShift: number;
}

export interface ReadingPlan {
  /** What remark parses: the text with the unread bodies cut out. */
  text: string;
  segments: Segment[];
  /** Every top-level heading of the whole text, as the scan sees them. */
  headings: PlannedHeading[];
  /** How many characters were cut (0: nothing to gain, parse the whole text). */
  cutChars: number;
}

interface Line {
  start: number;
  /** Without the line ending. */
  content: string;
}

const ATX = /^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const INDENTED_ATX = /^ {1,3}#{1,6}(?:[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
/** A fence opener (micromark's rule: a backtick fence's info string holds no backtick). */
const FENCE = /^ {0,3}(?:(`{3,})[^`]*|(~{3,}).*)$/;
/** The same, at column 0: outside every container, so it opens a top-level fence. */
const TOP_LEVEL_FENCE = /^(?:(`{3,})[^`]*|(~{3,}).*)$/;
const FRONT_MATTER_FENCE = /^---[ \t]*$/;
/** Every link reference definition has one (its label may span lines, and it may sit in a list or quote). */
const DEFINITION_MARK = ']:';
/** Inline markup, dropped from a raw title to guess remark's text of it (the guess is checked after the parse). */
const INLINE_MARKUP = /[`*_~\\<>[\]]/g;
/** A line whose first content (after quote and list markers) is `<`: maybe an HTML block. */
const HTML_START = /^[ \t]*(?:(?:>|[*+-]|\d{1,9}[.)])[ \t]*)*</;

export function planReading(text: string, reads: OutlineReads): ReadingPlan | null {
  if (text.includes(DEFINITION_MARK)) return null;
  const lines = splitLines(text);
  const scan = scanHeadings(lines);
  if (!scan) return null;
  const read = sectionsRead(scan, reads);
  const bodyLines = scan.map((heading, index) => lines.slice(heading.index + 1, scan[index + 1]?.index ?? lines.length));
  const bodies = keepSpanningWhole(
    scan,
    bodyLines.map((body, index): BodyState => {
      if (body.every((line) => line.content.trim() === '')) return 'empty';
      return !read[index] && mayCut(body.map((line) => line.content)) ? 'cut' : 'kept';
    }),
    reads,
  );
  const segments: Segment[] = [];
  const kept: string[] = [];
  let keptFrom = 0;
  let cutChars = 0;
  let cutLines = 0;
  bodyLines.forEach((body, index) => {
    if (bodies[index] !== 'cut') return;
    const start = (body[0] as Line).start;
    const end = lines[(scan[index + 1]?.index ?? lines.length)]?.start ?? text.length;
    kept.push(text.slice(keptFrom, start));
    keptFrom = end;
    cutChars += end - start;
    cutLines += body.length;
    segments.push({ start: end - cutChars, offsetShift: cutChars, lineShift: cutLines });
  });
  kept.push(text.slice(keptFrom));
  return {
    text: kept.join(''),
    segments: [{ start: 0, offsetShift: 0, lineShift: 0 }, ...segments],
    headings: scan.map(({ index, depth }, position) => ({ line: index + 1, depth, body: bodies[position] as BodyState })),
    cutChars,
  };
}

/**
 * A spanning section's content is taken from all of its subtree, so the
 * subtree is cut whole or not at all: where one body in it is kept, every
 * body in it is (repeated until nested spanning sections agree).
 */
function keepSpanningWhole(headings: readonly { depth: number; title: string }[], bodies: BodyState[], reads: OutlineReads): BodyState[] {
  const result = [...bodies];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, to] of spanningSubtrees(headings, reads)) {
      if (cutInPart(result, from, to)) {
        for (let index = from; index < to; index++) if (result[index] === 'cut') result[index] = 'kept';
        changed = true;
      }
    }
  }
  return result;
}

/** Whether bodies `[from, to)` are partly cut, partly kept (blank ones count as neither). */
export function cutInPart(bodies: readonly BodyState[], from: number, to: number): boolean {
  const range = bodies.slice(from, to);
  return range.includes('cut') && range.includes('kept');
}

/** `[from, to)` heading ranges of each spanning section and its subsections. */
export function spanningSubtrees(headings: readonly { depth: number; title: string }[], reads: OutlineReads): [number, number][] {
  const ranges: [number, number][] = [];
  headings.forEach((heading, index) => {
    if (!reads.spanning.includes(normalizeTitle(heading.title))) return;
    let end = index + 1;
    while (end < headings.length && (headings[end]?.depth ?? 0) > heading.depth) end++;
    ranges.push([index, end]);
  });
  return ranges;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ start, content: text.slice(start, end).replace(/\r$/, '').replace(/^\uFEFF/, '') });
    start = end + 1;
  }
  return lines;
}

interface ScannedHeading {
  index: number;
  depth: number;
  /** The raw title without inline markup: a guess at remark's text. */
  title: string;
}

/** Column-0 ATX headings outside fenced code; null when the text has a heading of another kind, or open front matter. */
function scanHeadings(lines: Line[]): ScannedHeading[] | null {
  const headings: ScannedHeading[] = [];
  let first = 0;
  if (FRONT_MATTER_FENCE.test(lines[0]?.content ?? '')) {
    const close = lines.findIndex((line, index) => index > 0 && FRONT_MATTER_FENCE.test(line.content));
    if (close === -1) return null;
    first = close + 1;
  }
  let fence: string | null = null;
  let afterParagraph = false;
  for (let index = first; index < lines.length; index++) {
    const content = (lines[index] as Line).content;
    if (fence !== null) {
      if (closesFence(content, fence)) fence = null;
      continue;
    }
    const opener = fenceOpener(FENCE, content);
    if (opener) {
      fence = opener;
      afterParagraph = false;
      continue;
    }
    const atx = ATX.exec(content);
    if (atx) {
      const title = (atx[2] ?? '').replace(/(?:^|[ \t]+)#+$/, '').replace(INLINE_MARKUP, '').trim();
      headings.push({ index, depth: (atx[1] as string).length, title });
      afterParagraph = false;
      continue;
    }
    if (INDENTED_ATX.test(content) || (afterParagraph && SETEXT_UNDERLINE.test(content))) return null;
    afterParagraph = content.trim() !== '';
  }
  return headings;
}

/**
 * Which headings' own bodies are read: the named sections and everything
 * inside them, and level-1 sections up to their first subsection (title and
 * header fields live there). Used twice: on the scan's guessed titles to
 * plan, and on remark's titles to check the plan.
 */
export function sectionsRead(headings: readonly { depth: number; title: string }[], reads: OutlineReads): boolean[] {
  const open: { depth: number; named: boolean }[] = [];
  return headings.map((heading) => {
    while (open.length > 0 && (open.at(-1)?.depth ?? 0) >= heading.depth) open.pop();
    const named = reads.sections.includes(normalizeTitle(heading.title)) || open.some((one) => one.named);
    open.push({ depth: heading.depth, named });
    return named || heading.depth === 1;
  });
}

/**
 * A body that can go: everything in it is closed before the next heading,
 * and its tables cannot raise a finding. Fenced code is followed exactly
 * (a fence at column 0 opens at top level whatever precedes it: it ends any
 * list, quote or paragraph); any other fence-like text refuses the cut.
 */
function mayCut(body: readonly string[]): boolean {
  const outsideCode: string[] = [];
  let fence: string | null = null;
  for (const line of body) {
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    const opener = fenceOpener(TOP_LEVEL_FENCE, line);
    if (opener) {
      if (line.includes('sdd-checks')) return false;
      fence = opener;
      // A fence ends a table as a blank line does.
      outsideCode.push('');
      continue;
    }
    if (line.includes('```') || line.includes('~~~')) return false;
    if (HTML_START.test(line) && !isOneLineComment(line)) return false;
    outsideCode.push(line);
  }
  return fence === null && tableRowsAgree(outsideCode);
}

/** The run of backticks or tildes that opens a fence, by one of the fence patterns. */
function fenceOpener(pattern: RegExp, line: string): string | undefined {
  const match = pattern.exec(line);
  return match?.[1] ?? match?.[2];
}

/** micromark's closing fence: up to 3 spaces, at least as many of the same character, then only spaces. */
function closesFence(line: string, fence: string): boolean {
  const trimmed = line.replace(/^ {0,3}/, '');
  const run = trimmed.length - trimmed.replace(/^(`+|~+)/, '').length;
  return run >= fence.length && trimmed[0] === fence[0] && /^[ \t]*$/.test(trimmed.slice(run));
}

/** An HTML comment that opens and closes on one line: an HTML block that ends where it starts. */
function isOneLineComment(line: string): boolean {
  const open = line.indexOf('<!--');
  return open !== -1 && /^[ \t]*(?:(?:>|[*+-]|\d{1,9}[.)])[ \t]*)*$/.test(line.slice(0, open)) && line.indexOf('-->', open + 2) !== -1;
}

/**
 * GFM splits a table row into cells at every pipe not escaped by a backslash,
 * before any inline parsing. When every line with such a pipe has the same
 * count and the same leading and trailing pipes, and no plain line follows
 * one directly (it could be a row of one cell), every row of every table
 * here has as many cells as its header.
 */
function tableRowsAgree(lines: readonly string[]): boolean {
  let shape: string | null = null;
  let previousHadPipe = false;
  for (const line of lines) {
    const trimmed = line.trim();
    const pipes = unescapedPipes(trimmed);
    if (pipes.length === 0) {
      if (previousHadPipe && trimmed !== '') return false;
      previousHadPipe = false;
      continue;
    }
    const lineShape = `${pipes.length}:${pipes[0] === 0}:${pipes.at(-1) === trimmed.length - 1}`;
    if (shape !== null && lineShape !== shape) return false;
    shape = lineShape;
    previousHadPipe = true;
  }
  return true;
}

function unescapedPipes(line: string): number[] {
  const at: number[] = [];
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '\\') index++;
    else if (char === '|') at.push(index);
  }
  return at;
}
