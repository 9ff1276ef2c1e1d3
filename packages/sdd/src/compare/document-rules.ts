import path from 'node:path';
import type {
  Finding,
  ProvenanceDocument,
  Section,
  SourceLocation,
  SpecDocument,
  ValidationStep,
} from '../model/index.js';
import { ruleFinding, type RuleId } from '../model/rules.js';
import {
  artifactColumnsOf,
  namePartsOf,
  normalizeTitle,
  PROVENANCE_FILE_NAME,
  PROVENANCE_SECTIONS,
  resultColumnsOf,
  SPEC_FILE_NAME,
} from '../parse/index.js';

/**
 * Rules about the documents themselves, before any check runs: a record's
 * sections and tables, the link between a record and its spec, file names,
 * and whether the record's Validation Results line up with the spec's steps.
 * Pure: documents in, findings out.
 */

/** A document finding at the rule's default severity; `extra` keeps the order its fields are written in. */
function finding(ruleId: RuleId, message: string, location: SourceLocation, extra: Partial<Finding> = {}): Finding {
  return ruleFinding(ruleId, message, { location, ...extra });
}

// ------------------------------------------------------------ matching

interface RecordMatch {
  pairs: { spec: SpecDocument; record: ProvenanceDocument | null }[];
  /** Records no spec claims: their link and their file name find no spec. */
  orphans: ProvenanceDocument[];
  /** Records for a spec that already has one (the first, by file name, is paired). */
  duplicates: { record: ProvenanceDocument; spec: SpecDocument; first: ProvenanceDocument }[];
}

/** Repository-relative path the `**Spec:**` link names: as written from the root, else relative to the record. */
export function linkedSpecFile(record: ProvenanceDocument, candidates: readonly string[]): string | null {
  if (!record.specRef) return null;
  const written = record.specRef.path.replace(/\\/g, '/').replace(/[?#].*$/, '');
  const fromRoot = path.posix.normalize(written.replace(/^\.?\//, ''));
  const fromRecord = path.posix.normalize(path.posix.join(path.posix.dirname(record.file), written));
  return [fromRoot, fromRecord].find((candidate) => candidates.includes(candidate)) ?? null;
}

/** The spec a record describes: by its `**Spec:**` link first, then by number and slug of the file names. */
export function specOfRecord(record: ProvenanceDocument, specs: readonly SpecDocument[], specFiles: readonly string[] = specs.map((spec) => spec.file)): SpecDocument | undefined {
  const linked = linkedSpecFile(record, specFiles);
  return (
    specs.find((candidate) => candidate.file === linked) ??
    specs.find((candidate) => record.number !== null && candidate.number === record.number && candidate.slug === record.slug)
  );
}

/** Pairs each spec with its record (`specOfRecord`); of two records for one spec, the first by file name. */
export function matchRecordsToSpecs(specs: SpecDocument[], records: ProvenanceDocument[]): RecordMatch {
  const specFiles = specs.map((spec) => spec.file);
  const bySpec = new Map<SpecDocument, ProvenanceDocument>();
  const orphans: ProvenanceDocument[] = [];
  const duplicates: RecordMatch['duplicates'] = [];
  for (const record of [...records].sort((a, b) => a.file.localeCompare(b.file))) {
    const spec = specOfRecord(record, specs, specFiles);
    if (!spec) {
      orphans.push(record);
      continue;
    }
    const first = bySpec.get(spec);
    if (first) duplicates.push({ record, spec, first });
    else bySpec.set(spec, record);
  }
  return { pairs: specs.map((spec) => ({ spec, record: bySpec.get(spec) ?? null })), orphans, duplicates };
}

// ------------------------------------------------------------ rules

interface DocumentRuleOptions {
  /** Every spec file found, parsed or not (a spec that failed to parse still exists). */
  specFiles: string[];
  provenanceFiles: string[];
}

export function checkDocuments(
  specs: SpecDocument[],
  records: ProvenanceDocument[],
  options: DocumentRuleOptions,
): Finding[] {
  const match = matchRecordsToSpecs(specs, records);
  // Grouped once: comparing every spec with every other was most of this stage on a long history.
  const sharingNumber = new Map<number, SpecDocument[]>();
  for (const spec of specs) if (spec.number !== null) sharingNumber.set(spec.number, [...(sharingNumber.get(spec.number) ?? []), spec]);
  const specOf = new Map<ProvenanceDocument, SpecDocument>();
  for (const { spec, record } of match.pairs) if (record) specOf.set(record, spec);
  for (const { record, spec } of match.duplicates) specOf.set(record, spec);
  return [
    ...specs.flatMap((spec) => specRules(spec, sharingNumber)),
    ...match.pairs.flatMap(({ spec, record }) =>
      record ? rowRules(spec, record) : noProvenance(spec, options.provenanceFiles),
    ),
    ...records.flatMap((record) => recordRules(record, specOf.get(record) ?? null, options)),
    ...match.duplicates.map(({ record, spec, first }) =>
      finding(
        'provenance/duplicate-record',
        `${record.file} describes ${spec.file}, which ${first.file} already describes; only ${first.file} is compared`,
        top(record),
        { spec: spec.file, related: [top(first)] },
      ),
    ),
  ];
}

function top(document: SpecDocument | ProvenanceDocument): SourceLocation {
  return { file: document.file, line: 1 };
}

function specRules(spec: SpecDocument, sharingNumber: ReadonlyMap<number, SpecDocument[]>): Finding[] {
  const findings: Finding[] = [];
  const base = path.posix.basename(spec.file);
  if (!SPEC_FILE_NAME.test(base)) {
    findings.push(
      finding('spec/file-name', `spec file "${base}" is not named spec-NNNN-slug.md`, top(spec), { spec: spec.file }),
    );
  }
  const twins = spec.number === null ? [] : (sharingNumber.get(spec.number) ?? []).filter((other) => other !== spec);
  if (twins.length > 0) {
    findings.push(
      finding(
        'spec/duplicate-number',
        `spec number ${spec.number} is also used by ${twins.map((twin) => twin.file).join(', ')}`,
        top(spec),
        { spec: spec.file, related: twins.map(top) },
      ),
    );
  }
  if (spec.validationSection === null) {
    findings.push(
      finding('spec/no-validation-steps', 'the spec has no "## Validation steps" section: nothing to verify', top(spec), { spec: spec.file }),
    );
  } else if (spec.validationSteps.length === 0) {
    findings.push(
      finding('spec/no-validation-steps', '"Validation steps" lists no step (a numbered list is expected)', spec.validationSection, { spec: spec.file }),
    );
  }
  return findings;
}

function noProvenance(spec: SpecDocument, provenanceFiles: string[]): Finding[] {
  if (spec.draft === true) return [];
  // A record that exists but could not be parsed is reported by the parse stage; it is not missing.
  const unparsed = provenanceFiles.some((file) => {
    const parts = namePartsOf(file);
    return parts.number === spec.number && parts.slug === spec.slug && spec.number !== null;
  });
  if (unparsed) return [];
  const expected = `${path.posix.basename(spec.file, '.md')}.provenance.md`;
  return [
    finding('spec/no-provenance', `no provenance record for this spec (expected ${expected})`, top(spec), { spec: spec.file }),
  ];
}

function recordRules(record: ProvenanceDocument, spec: SpecDocument | null, options: DocumentRuleOptions): Finding[] {
  const owner = spec ? { spec: spec.file } : {};
  const findings: Finding[] = [...sectionRules(record, owner), ...tableRules(record, owner)];
  const base = path.posix.basename(record.file);
  if (!record.specRef) {
    findings.push(finding('provenance/spec-link', 'the record has no **Spec:** field naming its spec', top(record), owner));
  } else if (linkedSpecFile(record, options.specFiles) === null) {
    findings.push(
      finding('provenance/spec-link', `**Spec:** names ${record.specRef.path}, which is not a spec file of this repository`, record.specRef.location, owner),
    );
  }
  if (spec) {
    const expected = `${path.posix.basename(spec.file, '.md')}.provenance.md`;
    if (base !== expected) {
      findings.push(
        finding('provenance/file-name', `record "${base}" should be named "${expected}" after its spec`, top(record), { ...owner, data: { expected } }),
      );
    }
  } else {
    if (!PROVENANCE_FILE_NAME.test(base)) {
      findings.push(finding('provenance/file-name', `record "${base}" is not named spec-NNNN-slug.provenance.md`, top(record)));
    }
    const named = record.specRef?.path ?? (record.number === null ? 'no spec' : `spec ${record.number}`);
    findings.push(finding('provenance/orphan', `the record's spec does not exist (it names ${named})`, top(record)));
  }
  return findings;
}

const REQUIRED: [readonly string[], string][] = [
  [PROVENANCE_SECTIONS.actions, 'Actions Taken'],
  [PROVENANCE_SECTIONS.artifacts, 'Artifacts Produced'],
  [PROVENANCE_SECTIONS.validationResults, 'Validation Results'],
];
const OPTIONAL: [readonly string[], string][] = [
  [PROVENANCE_SECTIONS.decisions, 'Decisions Made'],
  [PROVENANCE_SECTIONS.deviations, 'Deviations from Spec'],
];

/** The section under any title the parser accepts ("Artefacts produced", "Deviations"). */
function sectionNamed(record: ProvenanceDocument, names: readonly string[]): Section | undefined {
  return record.sections.find((section) => names.includes(normalizeTitle(section.title)));
}

function sectionRules(record: ProvenanceDocument, owner: Partial<Finding>): Finding[] {
  return [
    ...REQUIRED.filter(([names]) => !sectionNamed(record, names)).map(([, title]) =>
      finding('provenance/missing-section', `the record has no "${title}" section`, top(record), owner),
    ),
    ...OPTIONAL.filter(([names]) => !sectionNamed(record, names)).map(([, title]) =>
      finding('provenance/missing-optional-section', `the record has no "${title}" section (write "None" if there is nothing to say)`, top(record), owner),
    ),
  ];
}

function tableRules(record: ProvenanceDocument, owner: Partial<Finding>): Finding[] {
  const findings: Finding[] = [];
  const artifactsSection = sectionNamed(record, PROVENANCE_SECTIONS.artifacts);
  if (artifactsSection && !record.artifacts) {
    findings.push(finding('provenance/missing-table', `"${artifactsSection.title}" holds no table (| File | Status |)`, artifactsSection.location, owner));
  }
  if (record.artifacts) {
    const columns = artifactColumnsOf(record.artifacts.table.header);
    const missing = [columns.file === -1 ? 'File' : null, columns.status === -1 ? 'Status' : null].filter(Boolean);
    if (missing.length > 0) {
      findings.push(missingColumns('Artifacts Produced', missing as string[], record.artifacts.table.header, record.artifacts.table.location, owner));
    } else {
      for (const row of record.artifacts.rows.filter((one) => one.status === null)) {
        findings.push(
          finding('provenance/unknown-status', `status "${row.rawStatus}" of ${row.path || 'this row'} is not one sdd reads (Created, Modified, Deleted, Renamed, Unchanged)`, row.location, owner),
        );
      }
    }
  }
  const resultsSection = sectionNamed(record, PROVENANCE_SECTIONS.validationResults);
  if (resultsSection && !record.validationResults) {
    findings.push(finding('provenance/missing-table', `"${resultsSection.title}" holds no table (| # | Check | Result |)`, resultsSection.location, owner));
  }
  if (record.validationResults) {
    const columns = resultColumnsOf(record.validationResults.table.header);
    const missing = [columns.check === -1 ? 'Check' : null, columns.result === -1 ? 'Result' : null].filter(Boolean);
    if (missing.length > 0) {
      findings.push(missingColumns('Validation Results', missing as string[], record.validationResults.table.header, record.validationResults.table.location, owner));
    } else {
      for (const row of record.validationResults.rows.filter((one) => one.result === null)) {
        findings.push(
          finding('provenance/unknown-result', `result "${row.rawResult}" is not one sdd reads (Pass, Fail, Not run, Not applicable)`, row.location, owner),
        );
      }
    }
  }
  return findings;
}

function missingColumns(table: string, missing: string[], header: string[], location: SourceLocation, owner: Partial<Finding>): Finding {
  return finding(
    'provenance/missing-columns',
    `${table} table has no ${missing.join(' or ')} column (its header: ${header.map((cell) => `"${cell}"`).join(', ')})`,
    location,
    owner,
  );
}

/** The record's Validation Results against the spec's Validation steps: one row per step, numbered 1..n. */
function rowRules(spec: SpecDocument, record: ProvenanceDocument): Finding[] {
  const results = record.validationResults;
  if (!results || spec.validationSection === null || spec.validationSteps.length === 0) return [];
  const owner = { spec: spec.file };
  const findings: Finding[] = [];
  const rows = results.rows;
  const steps = spec.validationSteps;
  if (rows.length !== steps.length) {
    const extra = rows[steps.length];
    findings.push(
      finding(
        'provenance/row-count',
        `Validation Results has ${rows.length} row(s); the spec has ${steps.length} validation step(s)` +
          (extra ? `: rows from here on match no step` : `: step(s) ${steps.slice(rows.length).map((step) => step.number).join(', ')} have no row`),
        extra ? extra.location : results.table.location,
        { ...owner, related: [spec.validationSection], data: { rows: rows.length, steps: steps.length } },
      ),
    );
  }
  const numbered = resultColumnsOf(results.table.header).number !== -1;
  if (!numbered) return findings;
  let previous = 0;
  rows.forEach((row, index) => {
    const expected = previous + 1;
    if (row.number === expected) {
      previous = expected;
      return;
    }
    const step = stepNumbered(steps, expected);
    const should = step ? ` (spec step ${expected}: "${clip(step.text)}")` : '';
    const written = row.number === null ? 'has no number' : `is numbered ${row.number}`;
    findings.push(
      finding('provenance/row-numbering', `row ${index + 1} ${written}; expected ${expected}${should}`, row.location, {
        ...owner,
        related: step ? [step.location] : [],
        data: { expected, actual: row.number },
      }),
    );
    previous = row.number ?? expected;
  });
  return findings;
}

function stepNumbered(steps: ValidationStep[], number: number): ValidationStep | undefined {
  return steps.find((step) => step.number === number);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
