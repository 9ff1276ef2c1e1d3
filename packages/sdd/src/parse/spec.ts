import type { Code, List, ListItem as MdListItem, Nodes, RootContent } from 'mdast';
import type { CheckBlock, SpecDocument, ValidationStep } from '../model/index.js';
import { writtenNumber } from './blocks.js';
import { looksLikeCommand, looksLikePath } from './classify.js';
import type { DocumentBase } from './document.js';
import { codeBlocksIn, draftOf, readDocumentBase, sectionItems, uniqueSection } from './document.js';
import { namePartsOf } from './file-name.js';
import { toHeaderField } from './header-fields.js';
import type { MarkdownSource } from './markdown.js';
import { codeSpansOf, endOffset, flatText, locationOf, startOffset } from './markdown.js';
import type { ParseContext } from './rules.js';
import { report } from './rules.js';
import { OUTLINE_READS, OUTLINE_UNREAD_FIELDS, SPEC_SECTIONS } from './section-names.js';

const { validation: VALIDATION, prerequisites: PREREQUISITES, outOfScope: OUT_OF_SCOPE, manualSteps: MANUAL_STEPS } =
  SPEC_SECTIONS;

export function specDocumentOf(context: ParseContext): SpecDocument {
  const base = readDocumentBase(context, OUTLINE_READS.spec);
  const { number, slug } = namePartsOf(context.file);
  const validation = uniqueSection(context, base, VALIDATION);
  const document: SpecDocument = {
    kind: 'spec',
    file: context.file,
    number,
    slug,
    title: base.title,
    draft: draftOf(base),
    frontMatter: base.frontMatter,
    headerFields: base.headerFields.map(toHeaderField),
    sections: base.outline.map((entry) => entry.section),
    prerequisites: sectionItems(context, base, PREREQUISITES).items,
    outOfScope: sectionItems(context, base, OUT_OF_SCOPE).items,
    manualSteps: sectionItems(context, base, MANUAL_STEPS).items,
    validationSection: validation ? validation.section.location : null,
    validationSteps: validation ? stepsOf(base.source, validation.body) : [],
    checkBlocks: checkBlocksOf(context, base, validation ? validation.body : []),
  };
  // Built in full either way, so the findings are the same: the unread sections' bodies were empty, not their fields.
  if (context.depth === 'outline') {
    for (const field of OUTLINE_UNREAD_FIELDS.spec) delete document[field];
  }
  return document;
}

function stepsOf(source: MarkdownSource, blocks: RootContent[]): ValidationStep[] {
  const lists = blocks.filter((block): block is List => block.type === 'list');
  let position = 0;
  return lists.flatMap((list) =>
    list.children.map((item) => {
      position++;
      return stepOf(source, list, item, position);
    }),
  );
}

function stepOf(source: MarkdownSource, list: List, item: MdListItem, position: number): ValidationStep {
  const codeSpans = codeSpansOf(item.children);
  const first = item.children[0];
  const last = item.children.at(-1);
  return {
    // Bulleted steps have no written number: their position stands in.
    number: (list.ordered ? writtenNumber(source, item) : null) ?? position,
    text: blockText(item.children),
    markdown: first && last ? source.text.slice(startOffset(source, first), endOffset(source, last)) : '',
    codeSpans,
    paths: codeSpans.filter(looksLikePath),
    commands: codeSpans.filter(looksLikeCommand),
    location: locationOf(source, item),
  };
}

/** Plain text of blocks, nested list items included, on one line. */
function blockText(blocks: Nodes[]): string {
  return blocks
    .map((block) =>
      block.type === 'list' ? block.children.map((item) => blockText(item.children)).join(' ') : flatText(block),
    )
    .filter(Boolean)
    .join(' ');
}

function isCheckBlock(code: Code): boolean {
  const meta = (code.meta ?? '').split(/\s+/);
  return code.lang === 'sdd-checks' || (code.lang === 'yaml' && meta.includes('sdd-checks'));
}

/** `sdd-checks` blocks under Validation steps; one anywhere else is reported, not read. */
function checkBlocksOf(context: ParseContext, base: DocumentBase, validationBlocks: RootContent[]): CheckBlock[] {
  const inside = new Set(codeBlocksIn(validationBlocks));
  const blocks: CheckBlock[] = [];
  for (const code of codeBlocksIn(base.source.root.children).filter(isCheckBlock)) {
    const location = locationOf(base.source, code);
    if (!inside.has(code)) {
      report(context, 'parse/check-block-placement', 'sdd-checks block outside "## Validation steps" is not read', location);
      continue;
    }
    blocks.push({
      lang: code.lang ?? '',
      meta: code.meta ?? '',
      content: code.value,
      location,
      contentLine: location.line + 1,
    });
  }
  return blocks;
}
