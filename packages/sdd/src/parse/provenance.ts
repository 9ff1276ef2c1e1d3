import type { RootContent, Table as MdTable } from 'mdast';
import type {
  ArtifactRow,
  ListItem,
  ProvenanceDocument,
  ResultRow,
  SectionContent,
  SourceLocation,
  Table,
} from '../model/index.js';
import { contentBlocks, itemsOfBlocks, sectionContentOf, tableOf } from './blocks.js';
import { artifactColumnsOf, resultColumnsOf } from './columns.js';
import type { DocumentBase } from './document.js';
import { draftOf, readDocumentBase, sectionItems, uniqueSection } from './document.js';
import { namePartsOf } from './file-name.js';
import type { ParsedField } from './header-fields.js';
import { fieldNamed, headerFieldsOf, toHeaderField } from './header-fields.js';
import { flatText, locationOf } from './markdown.js';
import type { ParseContext } from './rules.js';
import { report } from './rules.js';
import type { OutlineSection } from './sections.js';
import { childrenOf, findSection, isWithin, normalizeTitle } from './sections.js';
import { OUTLINE_READS, OUTLINE_UNREAD_FIELDS, PROVENANCE_SECTIONS } from './section-names.js';
import { normaliseResult, normaliseStatus } from './words.js';

const {
  builderRecord: BUILDER_RECORD,
  testingRecord: TESTING_RECORD,
  actions: ACTIONS,
  decisions: DECISIONS,
  assumptions: ASSUMPTIONS,
  ambiguities: AMBIGUITIES,
  deviations: DEVIATIONS,
  artifacts: ARTIFACTS,
  buildStatus: BUILD_STATUS,
  validationResults: VALIDATION_RESULTS,
  postMerge: POST_MERGE,
  findings: FINDINGS,
  scenarioResults: SCENARIO_RESULTS,
  recommendations: RECOMMENDATIONS,
} = PROVENANCE_SECTIONS;

const outsideTesting = (entry: OutlineSection) => !isWithin(entry, TESTING_RECORD);

export function provenanceDocumentOf(context: ParseContext): ProvenanceDocument {
  const base = readDocumentBase(context, OUTLINE_READS.provenance);
  const { number, slug } = namePartsOf(context.file);
  const builder = (names: readonly string[]) => uniqueSection(context, base, names, outsideTesting);
  const content = (names: readonly string[]) => {
    const entry = builder(names);
    return entry ? sectionContentOf(context, base.source, entry.body, entry.section.location) : null;
  };
  // A flat record with an appended "Testing Agent Findings" section is still flat.
  const layout = base.outline.some((entry) => ([...BUILDER_RECORD, 'testing agent record'] as string[]).includes(normalizeTitle(entry.section.title)))
    ? 'builder-testing'
    : 'flat';
  const artifactsSection = builder(ARTIFACTS);
  const resultsSection = builder(VALIDATION_RESULTS);
  const statusSection = builder(BUILD_STATUS);
  const document: ProvenanceDocument = {
    kind: 'provenance',
    file: context.file,
    number,
    slug,
    title: base.title,
    draft: draftOf(base),
    frontMatter: base.frontMatter,
    headerFields: base.headerFields.map(toHeaderField),
    specRef: specRefOf(base.headerFields),
    executed: fieldNamed(base.headerFields, 'Executed')?.value ?? null,
    agent: fieldNamed(base.headerFields, 'Agent')?.value ?? null,
    layout,
    sections: base.outline.map((entry) => entry.section),
    actions: actionsOf(context, base, builder(ACTIONS)),
    decisions: content(DECISIONS),
    assumptions: content(ASSUMPTIONS),
    ambiguities: content(AMBIGUITIES),
    deviations: content(DEVIATIONS),
    artifacts: artifactsSection ? artifactsOf(context, base, artifactsSection) : null,
    buildStatus: statusSection ? buildStatusOf(base, statusSection) : null,
    validationResults: resultsSection ? resultsOf(context, base, resultsSection) : null,
    postMergeSteps: sectionItems(context, base, POST_MERGE, outsideTesting).items,
    testing: testingOf(context, base),
  };
  // Built in full either way, so the findings are the same: the unread sections' bodies were empty, not their fields.
  if (context.depth === 'outline') {
    for (const field of OUTLINE_UNREAD_FIELDS.provenance) delete document[field];
  }
  return document;
}

/** The `**Spec:**` field: its inline code, else its link, else its text. */
function specRefOf(fields: ParsedField[]): ProvenanceDocument['specRef'] {
  const field = fieldNamed(fields, 'Spec') ?? fieldNamed(fields, 'Specification');
  const path = field ? (field.codeSpans[0] ?? field.links[0] ?? field.value).trim() : '';
  return field && path !== '' ? { path, location: field.location } : null;
}

/** Actions as a list (numbered or bulleted, nested); a table of actions is read one row per item. */
function actionsOf(context: ParseContext, base: DocumentBase, entry: OutlineSection | null): ListItem[] {
  if (!entry) return [];
  const items = itemsOfBlocks(base.source, entry.body);
  if (items.length > 0) return items;
  const table = firstTable(context, base, entry);
  return (table?.rows ?? []).map((row) => ({
    text: row.cells.filter(Boolean).join(' — '),
    number: /^\d+$/.test(row.cells[0] ?? '') ? Number(row.cells[0]) : null,
    codeSpans: row.codeSpans.flat(),
    location: row.location,
    children: [],
  }));
}

/** The section's first table; others are reported (a record has one table per section). */
function firstTable(context: ParseContext, base: DocumentBase, entry: OutlineSection): Table | null {
  const tables = contentBlocks(entry.body).filter((block): block is MdTable => block.type === 'table');
  const [first, ...others] = tables;
  if (!first) return null;
  const table = tableOf(context, base.source, first);
  if (others.length > 0) {
    report(
      context,
      'parse/extra-table',
      `"${entry.section.title}" holds ${tables.length} tables; only the first (line ${table.location.line}) is read`,
      locationOf(base.source, others[0] as MdTable),
    );
  }
  return table;
}

function artifactsOf(context: ParseContext, base: DocumentBase, entry: OutlineSection) {
  const table = firstTable(context, base, entry);
  if (!table) return null;
  const columns = artifactColumnsOf(table.header);
  const fileColumn = columns.file === -1 ? 0 : columns.file;
  const rows: ArtifactRow[] = table.rows.map((row) => {
    const rawStatus = columns.status === -1 ? '' : (row.cells[columns.status] ?? '');
    const { word, detail } = normaliseStatus(rawStatus);
    const code = row.codeSpans[fileColumn]?.[0];
    return {
      path: (code ?? row.cells[fileColumn] ?? '').replace(/`/g, '').trim(),
      status: word,
      rawStatus,
      detail,
      location: row.location,
    };
  });
  return { table, rows };
}

function resultsOf(context: ParseContext, base: DocumentBase, entry: OutlineSection) {
  const table = firstTable(context, base, entry);
  if (!table) return null;
  const columns = resultColumnsOf(table.header);
  const checkColumn = columns.check !== -1 ? columns.check : table.header.findIndex((_, index) => index !== columns.number && index !== columns.result);
  const rows: ResultRow[] = table.rows.map((row) => {
    const rawResult = columns.result === -1 ? '' : (row.cells[columns.result] ?? '');
    const { word, detail } = normaliseResult(rawResult);
    const notes = columns.detail === -1 ? '' : (row.cells[columns.detail] ?? '');
    return {
      number: columns.number === -1 ? null : numberOf(row.cells[columns.number] ?? ''),
      check: checkColumn === -1 ? '' : (row.cells[checkColumn] ?? ''),
      checkCodeSpans: checkColumn === -1 ? [] : (row.codeSpans[checkColumn] ?? []),
      result: word,
      rawResult,
      detail: word === null ? null : (detail ?? (notes === '' ? null : notes)),
      location: row.location,
    };
  });
  return { table, rows };
}

/** `1`, `1.`, `#1`, `Step 1`: the number; anything else is null. */
function numberOf(cell: string): number | null {
  const match = /^(?:step\s*)?#?\s*(\d{1,9})\s*[.):]?$/i.exec(cell.trim());
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** `**Status:**`, `**Summary:**`, `**Known limitations:**`, each possibly followed by a list that belongs to it. */
function buildStatusOf(base: DocumentBase, entry: OutlineSection): ProvenanceDocument['buildStatus'] {
  const values = new Map<string, string[]>();
  let current: string | null = null;
  for (const block of contentBlocks(entry.body)) {
    if (block.type === 'paragraph') {
      const fields = headerFieldsOf(base.source, [block]);
      for (const field of fields) values.set(field.name.toLowerCase(), [field.value]);
      current = fields.at(-1)?.name.toLowerCase() ?? current;
    } else if (block.type === 'list' && current) {
      values.get(current)?.push(...itemsOfBlocks(base.source, [block]).map((item) => `- ${item.text}`));
    }
  }
  const value = (name: string) => {
    const parts = values.get(name)?.filter(Boolean) ?? [];
    return parts.length > 0 ? parts.join('\n') : null;
  };
  const prose = flatText(contentBlocks(entry.body));
  return {
    status: value('status'),
    // A build status written as prose is its summary.
    summary: value('summary') ?? (values.size === 0 && prose !== '' ? prose : null),
    knownLimitations: value('known limitations') ?? value('limitations'),
    location: entry.section.location,
  };
}

function testingOf(context: ParseContext, base: DocumentBase): ProvenanceDocument['testing'] {
  const record = uniqueSection(context, base, TESTING_RECORD, (entry) => entry.parent === null || !isWithin(entry.parent, TESTING_RECORD));
  const within = (entry: OutlineSection) => (record ? isWithin(entry, TESTING_RECORD) : true);
  const scenarios = findSection(base.outline, SCENARIO_RESULTS, within);
  const recommendations = findSection(base.outline, RECOMMENDATIONS, within);
  const anchor = record ?? scenarios ?? recommendations;
  if (!anchor) return null;
  const contentOf = (entry: OutlineSection | null): SectionContent | null =>
    entry ? sectionContentOf(context, base.source, entry.body, entry.section.location) : null;
  return {
    headerFields: record ? headerFieldsOf(base.source, record.ownBody).map(toHeaderField) : [],
    findings: findingsOf(context, base, record),
    scenarioResults: contentOf(scenarios),
    recommendations: contentOf(recommendations),
    location: anchor.section.location,
  };
}

/** The testing agent's findings: the sub-tables of Findings (Gaps, Assumption Challenges, …). */
function findingsOf(context: ParseContext, base: DocumentBase, record: OutlineSection | null) {
  if (!record) return [];
  const container = findSection(base.outline, FINDINGS, (entry) => isWithin(entry, TESTING_RECORD));
  if (!container) return [];
  const notFindings: readonly string[] = [...SCENARIO_RESULTS, ...RECOMMENDATIONS];
  const parts = childrenOf(base.outline, container).filter((entry) => !notFindings.includes(normalizeTitle(entry.section.title)));
  const toFinding = (entry: OutlineSection, blocks: RootContent[], location: SourceLocation) => ({
    title: entry.section.title,
    content: sectionContentOf(context, base.source, blocks, location),
  });
  if (parts.length > 0) return parts.map((entry) => toFinding(entry, entry.body, entry.section.location));
  // Findings written directly under the heading; the record's own fields (Tested, Agent) are not findings.
  const own = contentBlocks(container.ownBody).filter((block) => headerFieldsOf(base.source, [block]).length === 0);
  return own.length > 0 ? [toFinding(container, own, container.section.location)] : [];
}
