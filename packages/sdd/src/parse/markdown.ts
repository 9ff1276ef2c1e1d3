import type { Nodes, Root, RootContent } from 'mdast';
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
}

export function parseMarkdown(file: string, text: string): MarkdownSource {
  const shift = text.startsWith('\uFEFF') ? 1 : 0;
  return { file, text, root: processor.parse(text), shift };
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

/** The node's markdown exactly as written. */
export function sourceOf(source: MarkdownSource, node: Node): string {
  return source.text.slice(startOffset(source, node), endOffset(source, node));
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
