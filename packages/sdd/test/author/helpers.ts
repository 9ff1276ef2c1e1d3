import { compareArtifacts } from '../../src/compare/artifacts.js';
import type { NetChange } from '../../src/discover/record-change.js';
import type { ArtifactComparison, ProvenanceDocument } from '../../src/model/index.js';

/** Everything outside the two tables' spans, which sync must leave byte for byte. */
export function outsideTables(text: string, record: ProvenanceDocument): string[] {
  const spans = [record.artifacts?.table.span, record.validationResults?.table.span]
    .filter((span) => span !== undefined)
    .sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let at = 0;
  for (const span of spans) {
    pieces.push(text.slice(at, span.start));
    at = span.end;
  }
  pieces.push(text.slice(at));
  return pieces;
}

/** Validate's judgement of the table against a change (every changed, non-deleted file exists). */
export function judge(record: ProvenanceDocument, changes: readonly NetChange[] | null): ArtifactComparison[] | null {
  if (changes === null) return null;
  const present = new Set(changes.filter((change) => change.actual !== 'deleted').map((change) => change.path));
  present.add(record.file);
  return compareArtifacts({ record, files: changes, probe: { exists: (file) => present.has(file) } }).artifacts;
}

