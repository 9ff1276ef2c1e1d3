import type { Code, RootContent } from 'mdast';
import type { Node } from 'unist';
import type { ListItem } from '../model/index.js';
import { contentBlocks, itemsOfBlocks } from './blocks.js';
import { readFrontMatter } from './front-matter.js';
import type { ParsedField } from './header-fields.js';
import { fieldNamed, headerFieldsOf } from './header-fields.js';
import type { MarkdownSource } from './markdown.js';
import { flatText, parseMarkdown } from './markdown.js';
import type { OutlineReads } from './reading-plan.js';
import type { ParseContext } from './rules.js';
import { report } from './rules.js';
import type { OutlineSection } from './sections.js';
import { findSections, outlineOf } from './sections.js';

/** What specs and records share: front matter, title, header fields, outline, draft state. */
export interface DocumentBase {
  source: MarkdownSource;
  outline: OutlineSection[];
  frontMatter: Record<string, unknown> | null;
  title: string | null;
  headerFields: ParsedField[];
}

/** `reads`: at outline depth, the sections read in full (see `parseMarkdown`). */
export function readDocumentBase(context: ParseContext, reads: OutlineReads): DocumentBase {
  const source = parseMarkdown(context.file, context.text, context.depth === 'outline' ? reads : undefined);
  const frontMatter = readFrontMatter(context.file, source.root);
  context.findings.push(...frontMatter.findings);
  const outline = outlineOf(source);
  const h1 = outline.find((entry) => entry.section.depth === 1);
  const fmTitle = frontMatter.data?.title;
  return {
    source,
    outline,
    frontMatter: frontMatter.data,
    title: typeof fmTitle === 'string' && fmTitle.trim() !== '' ? fmTitle.trim() : h1 ? h1.section.title : null,
    headerFields: headerFieldsOf(source, leadingBlocks(source)),
  };
}

/** Blocks before the first section (a level-1 title may precede them): where header fields live. */
function leadingBlocks(source: MarkdownSource): RootContent[] {
  const blocks: RootContent[] = [];
  for (const block of source.root.children) {
    if (block.type === 'heading' && block.depth > 1) break;
    blocks.push(block);
  }
  return blocks;
}

const DRAFT_WORDS = new Map<string, boolean>([
  ['draft', true], ['wip', true], ['proposed', true],
  ['approved', false], ['accepted', false], ['final', false], ['implemented', false], ['complete', false],
  ['completed', false], ['done', false], ['active', false], ['published', false],
]);

/** Front matter `draft`, else a `## Status` section or `**Status:**` field saying Draft (or Approved, Final …); null when the document does not say. */
export function draftOf(base: DocumentBase): boolean | null {
  const value = base.frontMatter?.draft;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  const status = findSections(base.outline, ['status'])[0];
  const said = status ? flatText(contentBlocks(status.ownBody)) : fieldNamed(base.headerFields, 'Status')?.value;
  const word = said?.toLowerCase().match(/^[a-z]+/)?.[0];
  return word === undefined ? null : (DRAFT_WORDS.get(word) ?? null);
}

/** List items of the first section with one of the names (all its lists, nested items as children). */
export function sectionItems(
  context: ParseContext,
  base: DocumentBase,
  names: readonly string[],
  accept?: (entry: OutlineSection) => boolean,
): { entry: OutlineSection | null; items: ListItem[] } {
  const entry = uniqueSection(context, base, names, accept);
  return { entry, items: entry ? itemsOfBlocks(base.source, entry.body) : [] };
}

/** The first section with one of the names; a second one is reported, not read. */
export function uniqueSection(
  context: ParseContext,
  base: DocumentBase,
  names: readonly string[],
  accept?: (entry: OutlineSection) => boolean,
): OutlineSection | null {
  const [first, ...others] = findSections(base.outline, names, accept);
  for (const other of others) {
    report(
      context,
      'parse/duplicate-section',
      `second "${other.section.title}" section; only the one at line ${first?.section.location.line} is read`,
      other.section.location,
    );
  }
  return first ?? null;
}

/** Fenced code blocks anywhere in the blocks (inside lists and quotes too). */
export function codeBlocksIn(blocks: RootContent[]): Code[] {
  const found: Code[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'code') found.push(node as Code);
    if ('children' in node && Array.isArray(node.children)) for (const child of node.children) walk(child as Node);
  };
  for (const block of blocks) walk(block);
  return found;
}

