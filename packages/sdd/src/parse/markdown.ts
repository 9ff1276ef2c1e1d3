import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { toString } from 'mdast-util-to-string';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import type { Node } from 'unist';
import type { SourceLocation, Span } from '../model/index.js';
import { cutInPart, planReading, sectionsRead, spanningSubtrees, type OutlineReads, type ReadingPlan } from './reading-plan.js';

/**
 * Markdown → mdast, and the small questions later modules ask of the tree:
 * where a node is (file, line, column, string offsets), its plain text, its
 * inline code. Headings, lists and tables inside fenced code are code to
 * remark, so they never reach the section logic.
 */

/**
 * The GFM constructs the model reads (tables, task lists, and strikethrough so
 * that `~~x~~` in a cell is not text): the same micromark extensions that
 * remark-gfm bundles, without autolink literals and footnotes. Those two
 * only turn bare URLs and `[^1]` into nodes whose text is unchanged, and the
 * autolink pass (a scan and a find-and-replace over every text node) cost
 * about a quarter of all parse time on provenance-sized documents.
 */
function remarkGfmBlocks(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmTaskListItem(), gfmStrikethrough());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown(), gfmStrikethroughFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkGfmBlocks).use(remarkFrontmatter, ['yaml']);

export interface MarkdownSource {
  file: string;
  /** The text as given (BOM included), the one spans index into. */
  text: string;
  root: Root;
  /** micromark drops a leading BOM from its offsets; this puts it back so spans index `text`. */
  shift: number;
  /** Characters of section bodies not parsed (outline depth, see `reading-plan.ts`); 0 when the whole text was. */
  unreadChars: number;
}

/**
 * The whole text, or with `reads`, only the bodies of those sections
 * (and of level-1 sections) in full: the other sections keep their heading
 * and lose their body (see `reading-plan.ts`). When remark does not find
 * exactly the headings the plan expected, the whole text is parsed.
 */
export function parseMarkdown(file: string, text: string, reads?: OutlineReads): MarkdownSource {
  const shift = text.startsWith('\uFEFF') ? 1 : 0;
  const plan = reads ? planReading(text, reads) : null;
  if (reads && plan && plan.cutChars > 0) {
    const root = processor.parse(plan.text);
    placeInWholeText(root, plan, shift);
    if (headingsAsPlanned(root, plan, reads)) return { file, text, root, shift, unreadChars: plan.cutChars };
  }
  return { file, text, root: processor.parse(text), shift, unreadChars: 0 };
}

/** Positions of a tree parsed from the shortened text, moved to where the nodes stand in the whole text. */
function placeInWholeText(root: Root, plan: ReadingPlan, shift: number): void {
  let segment = 0;
  for (const node of root.children) {
    // Segments index the text as given; micromark's offsets leave out a leading BOM.
    const start = (node.position?.start.offset ?? 0) + shift;
    while ((plan.segments[segment + 1]?.start ?? Infinity) <= start) segment++;
    const { offsetShift, lineShift } = plan.segments[segment] as ReadingPlan['segments'][number];
    if (offsetShift > 0) shiftPositions(node, offsetShift, lineShift);
  }
  // The shortened text's end is not the whole text's; nothing reads the root's position.
  root.position = undefined;
}

function shiftPositions(node: Node, offsetShift: number, lineShift: number): void {
  const position = node.position;
  if (position) {
    position.start = { line: position.start.line + lineShift, column: position.start.column, offset: (position.start.offset ?? 0) + offsetShift };
    position.end = { line: position.end.line + lineShift, column: position.end.column, offset: (position.end.offset ?? 0) + offsetShift };
  }
  if ('children' in node && Array.isArray(node.children)) for (const child of node.children as Node[]) shiftPositions(child, offsetShift, lineShift);
}

/**
 * The plan holds when remark's top-level headings are the planned ones (same
 * lines and depths) and, judged by remark's own titles, no section whose body
 * was cut is read, and every spanning section was cut whole or not at all.
 */
function headingsAsPlanned(root: Root, plan: ReadingPlan, reads: OutlineReads): boolean {
  const found = root.children.filter((node): node is Heading => node.type === 'heading');
  if (found.length !== plan.headings.length) return false;
  const samePlaces = found.every((heading, index) => {
    const planned = plan.headings[index];
    return planned !== undefined && heading.position?.start.line === planned.line && heading.depth === planned.depth;
  });
  if (!samePlaces) return false;
  const titled = found.map((heading) => ({ depth: heading.depth, title: flatText(heading) }));
  const read = sectionsRead(titled, reads);
  const bodies = plan.headings.map((planned) => planned.body);
  if (bodies.some((body, index) => body === 'cut' && read[index])) return false;
  return spanningSubtrees(titled, reads).every(([from, to]) => !cutInPart(bodies, from, to));
}

export function locationOf(source: MarkdownSource, node: Node): SourceLocation {
  const position = node.position;
  if (!position) return { file: source.file, line: 1 };
  return {
    file: source.file,
    line: position.start.line,
    column: position.start.column,
    endLine: position.end.line,
    endColumn: position.end.column,
  };
}

export function startOffset(source: MarkdownSource, node: Node): number {
  return (node.position?.start.offset ?? 0) + source.shift;
}

export function endOffset(source: MarkdownSource, node: Node): number {
  return (node.position?.end.offset ?? source.text.length - source.shift) + source.shift;
}

export function spanOf(source: MarkdownSource, node: Node): Span {
  return { start: startOffset(source, node), end: endOffset(source, node) };
}

/**
 * Plain text: markdown removed, inline code kept as its text. HTML comments
 * (notes to agents in templates) are dropped; other HTML is kept as written,
 * since `<placeholder>` text in a cell is what the author wrote.
 */
export function plainText(node: Nodes | Nodes[]): string {
  const nodes = Array.isArray(node) ? node : [node];
  return nodes.map((one) => (isComment(one) ? '' : 'children' in one ? plainText(one.children as Nodes[]) : toString(one))).join('');
}

function isComment(node: Nodes): boolean {
  return node.type === 'html' && node.value.trimStart().startsWith('<!--');
}

/** Plain text on one line: runs of whitespace (soft line breaks) become one space. */
export function flatText(node: Nodes | Nodes[]): string {
  return plainText(node).replace(/\s+/g, ' ').trim();
}

/** Inline code inside the nodes, in document order (fenced code blocks are not inline code). */
export function codeSpansOf(node: Nodes | Nodes[]): string[] {
  const spans: string[] = [];
  const walk = (current: Nodes): void => {
    if (current.type === 'inlineCode') spans.push(current.value);
    if ('children' in current) for (const child of current.children) walk(child as Nodes);
  };
  for (const one of Array.isArray(node) ? node : [node]) walk(one);
  return spans;
}

/** An HTML comment or other raw HTML: authors' notes to agents, not content. */
export function isHtml(node: RootContent): boolean {
  return node.type === 'html';
}
