import type { Heading, RootContent } from 'mdast';
import type { Section } from '../model/index.js';
import type { MarkdownSource } from './markdown.js';
import { flatText, locationOf, startOffset } from './markdown.js';
import { normalizeTitle } from './title.js';

export { normalizeTitle } from './title.js';

/**
 * The document's outline: one entry per heading at the top level of the
 * document (headings in code blocks, lists or quotes are not sections).
 */
export interface OutlineSection {
  section: Section;
  heading: Heading;
  /** Blocks after the heading up to the next heading of the same or a higher level (subsections included). */
  body: RootContent[];
  /** Blocks after the heading up to the next heading of any level. */
  ownBody: RootContent[];
  parent: OutlineSection | null;
}

export function outlineOf(source: MarkdownSource): OutlineSection[] {
  const blocks = source.root.children;
  const outline: OutlineSection[] = [];
  const open: OutlineSection[] = [];
  blocks.forEach((block, index) => {
    if (block.type !== 'heading') return;
    while (open.length > 0 && (open.at(-1)?.heading.depth ?? 0) >= block.depth) open.pop();
    const parent = open.at(-1) ?? null;
    const end = nextIndex(blocks, index, (other) => other.depth <= block.depth);
    const ownEnd = nextIndex(blocks, index, () => true);
    const entry: OutlineSection = {
      section: {
        title: flatText(block),
        depth: block.depth,
        parents: open.map((one) => one.section.title),
        location: locationOf(source, block),
        span: {
          start: startOffset(source, block),
          end: end < blocks.length ? startOffset(source, blocks[end] as RootContent) : source.text.length,
        },
      },
      heading: block,
      body: blocks.slice(index + 1, end),
      ownBody: blocks.slice(index + 1, ownEnd),
      parent,
    };
    outline.push(entry);
    open.push(entry);
  });
  return outline;
}

function nextIndex(blocks: RootContent[], from: number, stops: (heading: Heading) => boolean): number {
  for (let index = from + 1; index < blocks.length; index++) {
    const block = blocks[index];
    if (block?.type === 'heading' && stops(block)) return index;
  }
  return blocks.length;
}

/** The first section whose title is one of the names, among those that pass the filter. */
export function findSection(
  outline: OutlineSection[],
  names: readonly string[],
  accept: (entry: OutlineSection) => boolean = () => true,
): OutlineSection | null {
  return findSections(outline, names, accept)[0] ?? null;
}

export function findSections(
  outline: OutlineSection[],
  names: readonly string[],
  accept: (entry: OutlineSection) => boolean = () => true,
): OutlineSection[] {
  return outline.filter((entry) => names.includes(normalizeTitle(entry.section.title)) && accept(entry));
}

/** True when the section lies inside (or is) one of the named sections. */
export function isWithin(entry: OutlineSection, names: readonly string[]): boolean {
  for (let current: OutlineSection | null = entry; current; current = current.parent) {
    if (names.includes(normalizeTitle(current.section.title))) return true;
  }
  return false;
}

/** Subsections one level down. */
export function childrenOf(outline: OutlineSection[], parent: OutlineSection): OutlineSection[] {
  return outline.filter((entry) => entry.parent === parent);
}
