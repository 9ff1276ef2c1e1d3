import type { Paragraph, PhrasingContent, RootContent, Strong } from 'mdast';
import type { HeaderField } from '../model/index.js';
import type { MarkdownSource } from './markdown.js';
import { codeSpansOf, flatText, locationOf } from './markdown.js';

/**
 * Bold header fields: `**Spec:** \`path\``, `**Executed:** 2026-03-05`, one
 * per line of a paragraph (`**Label**: value` is accepted too).
 */
export interface ParsedField extends HeaderField {
  /** Link targets in the value (`**Spec:** [0001](../specification/…)`); used for the spec link, not part of the model. */
  links: string[];
}

export function headerFieldsOf(source: MarkdownSource, blocks: RootContent[]): ParsedField[] {
  return blocks.flatMap((block) => (block.type === 'paragraph' ? fieldsOfParagraph(source, block) : []));
}

/** The model's shape (without the links). */
export function toHeaderField({ links: _links, ...field }: ParsedField): HeaderField {
  return field;
}

export function fieldNamed(fields: ParsedField[], name: string): ParsedField | null {
  const wanted = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === wanted) ?? null;
}

function fieldsOfParagraph(source: MarkdownSource, paragraph: Paragraph): ParsedField[] {
  return linesOf(paragraph.children).flatMap((line) => {
    const field = fieldOfLine(source, line);
    return field ? [field] : [];
  });
}

function fieldOfLine(source: MarkdownSource, line: PhrasingContent[]): ParsedField | null {
  const [first, ...rest] = line;
  if (first?.type !== 'strong') return null;
  const label = flatText(first);
  let name: string;
  let value: PhrasingContent[];
  if (label.endsWith(':')) {
    name = label.slice(0, -1).trim();
    value = rest;
  } else if (rest[0]?.type === 'text' && rest[0].value.startsWith(':')) {
    name = label;
    value = [{ ...rest[0], value: rest[0].value.slice(1) }, ...rest.slice(1)];
  } else {
    return null;
  }
  if (name === '') return null;
  return {
    name,
    value: flatText(value),
    codeSpans: codeSpansOf(value),
    location: locationOf(source, first as Strong),
    links: value.flatMap((node) => (node.type === 'link' ? [node.url] : [])),
  };
}

/** Splits a paragraph's inline content at line breaks (soft or hard), dropping leading whitespace of each line. */
function linesOf(children: PhrasingContent[]): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]];
  const push = (node: PhrasingContent) => {
    const current = lines.at(-1) as PhrasingContent[];
    if (current.length === 0 && node.type === 'text') {
      const value = node.value.replace(/^\s+/, '');
      if (value === '') return;
      current.push({ ...node, value });
    } else {
      current.push(node);
    }
  };
  for (const child of children) {
    if (child.type === 'break') {
      lines.push([]);
    } else if (child.type === 'text' && child.value.includes('\n')) {
      child.value.split('\n').forEach((part, index) => {
        if (index > 0) lines.push([]);
        if (part !== '') push({ ...child, value: part });
      });
    } else {
      push(child);
    }
  }
  return lines.filter((line) => line.length > 0);
}
