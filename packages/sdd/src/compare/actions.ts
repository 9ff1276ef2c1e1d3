import picomatch from 'picomatch';
import type { Finding, ProvenanceDocument } from '../model/index.js';
import { fileActions } from '../parse/actions.js';
import { normaliseDocumentPath } from '../parse/document-paths.js';
import { finding } from './finding.js';

/**
 * Actions Taken against Artifacts Produced: a file the actions say was
 * created, modified or deleted that no row covers; and a Created / Modified /
 * Deleted row whose file no action mentions (checked only when the actions
 * name at least one changed file, so prose-only actions are not flagged).
 */
export function compareActions(record: ProvenanceDocument, spec?: string): Finding[] {
  const rows = (record.artifacts?.rows ?? []).map((row) => ({ row, ...normaliseDocumentPath(row.path) }));
  if (!record.artifacts) return [];
  const actions = fileActions(record.actions);
  const findings: Finding[] = [];
  const rowCovers = (row: (typeof rows)[number], file: string) =>
    row.path === file || file.startsWith(`${row.path}/`) || (/[*?]/.test(row.path) && picomatch.isMatch(file, row.path, { dot: true }));
  for (const action of actions) {
    const covered = rows.some((row) => rowCovers(row, action.path) || row.path.startsWith(`${action.path}/`));
    if (!covered) {
      findings.push(
        finding(
          'drift/actions-vs-artifacts',
          `Actions Taken say ${action.kind} \`${action.path}\`; Artifacts Produced does not list it`,
          action.location,
          spec,
          { path: action.path, action: action.kind },
        ),
      );
    }
  }
  if (actions.length === 0) return findings;
  for (const { row, path: file } of rows) {
    if (row.status !== 'Created' && row.status !== 'Modified' && row.status !== 'Deleted') continue;
    if (file === record.file) continue;
    const named = actions.some((action) => action.path === file || file.startsWith(`${action.path}/`) || action.path.startsWith(`${file}/`));
    if (!named) {
      findings.push(
        finding(
          'drift/actions-vs-artifacts',
          `Artifacts Produced lists \`${row.path}\` as ${row.status}; Actions Taken do not mention it`,
          row.location,
          spec,
          { path: file, status: row.status },
        ),
      );
    }
  }
  return findings;
}
