import type { List, ListItem as MdListItem, RootContent, Table as MdTable } from 'mdast';
import type { ListItem, SectionContent, SourceLocation, Table } from '../model/index.js';
import type { MarkdownSource } from './markdown.js';
import { codeSpansOf, flatText, isHtml, locationOf, plainText, spanOf, startOffset } from './markdown.js';
import type { ParseContext } from './rules.js';
import { report } from './rules.js';

/** Lists, tables and free-form section bodies, turned into the model's shapes. */

function listItemsOf(source: MarkdownSource, list: List): ListItem[] {
  return list.children.map((item) => listItemOf(source, list, item));
}

function listItemOf(source: MarkdownSource, list: List, item: MdListItem): ListItem {
  const own = item.children.filter((child) => child.type !== 'list');
  const nested = item.children.filter((child): child is List => child.type === 'list');
  return {
    text: own.map((child) => flatText(child)).filter(Boolean).join(' '),
    number: list.ordered ? writtenNumber(source, item) : null,
    codeSpans: codeSpansOf(own),
    location: locationOf(source, item),
    children: nested.flatMap((child) => listItemsOf(source, child)),
  };
}

/** The number as the author wrote it: `1.` `1.` `1.` stays 1, 1, 1 (mdast only keeps the list's start). */
export function writtenNumber(source: MarkdownSource, item: MdListItem): number | null {
  const match = /^\s*(\d{1,9})[.)]/.exec(source.text.slice(startOffset(source, item), startOffset(source, item) + 16));
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Items of every list among the blocks, in order (lists interrupted by code blocks or prose are joined). */
export function itemsOfBlocks(source: MarkdownSource, blocks: RootContent[]): ListItem[] {
  return blocks.flatMap((block) => (block.type === 'list' ? listItemsOf(source, block) : []));
}

export function tableOf(context: ParseContext, source: MarkdownSource, table: MdTable): Table {
  const [head, ...body] = table.children;
  const header = head ? head.children.map((cell) => flatText(cell)) : [];
  const rows = body.map((row) => {
    const location = locationOf(source, row);
    if (row.children.length !== header.length) reportCellCount(context, location, header.length, row.children.length);
    const cells = header.map((_, index) => row.children[index]);
    return {
      cells: cells.map((cell) => (cell ? flatText(cell) : '')),
      codeSpans: cells.map((cell) => (cell ? codeSpansOf(cell) : [])),
      location,
    };
  });
  return { header, rows, location: locationOf(source, table), span: spanOf(source, table) };
}

function reportCellCount(context: ParseContext, location: SourceLocation, expected: number, actual: number): void {
  const what =
    actual < expected
      ? `missing cells read as empty`
      : `extra cells dropped (a \`|\` inside a cell must be escaped as \`\\|\`)`;
  report(context, 'parse/table-cells', `table row has ${actual} cells, its header ${expected}: ${what}`, location);
}

/** The blocks that carry content: HTML comments (notes to agents in templates) are not content. */
export function contentBlocks(blocks: RootContent[]): RootContent[] {
  return blocks.filter((block) => !isHtml(block) && block.type !== 'heading' && block.type !== 'thematicBreak');
}

/** A free-form section body: a table, a list, prose, or nothing. */
export function sectionContentOf(
  context: ParseContext,
  source: MarkdownSource,
  blocks: RootContent[],
  location: SourceLocation,
): SectionContent {
  const content = contentBlocks(blocks);
  const table = content.find((block): block is MdTable => block.type === 'table');
  const items = itemsOfBlocks(source, content);
  const form = table ? 'table' : items.length > 0 ? 'list' : content.length > 0 ? 'text' : 'empty';
  return {
    form,
    text: content
      .map((block) => plainText(block).trim())
      .filter(Boolean)
      .join('\n\n'),
    items,
    table: table ? tableOf(context, source, table) : null,
    location,
  };
}
