import { recordChange, type NetChange } from '../discover/record-change.js';
import { shortHash } from '../discover/git-parse.js';
import { SHALLOW_FIX } from '../discover/shallow.js';
import type { Change, Finding, GitFacts } from '../model/index.js';
import { finding } from './finding.js';

/** Which change a record describes, and the one finding for the records a shallow clone cut. */

;

interface RecordChange {
  change: Change;
  /** Net changes of the change; null when the change cannot be told (no history, history cut). */
  files: NetChange[] | null;
  /** The last commit that touched the record (its version); null when it is uncommitted or unknown. */
  recordCommit: string | null;
  findings: Finding[];
  /**
   * Set when the record's history starts at a shallow clone's boundary (this
   * commit, fetched without its parents): its change cannot be told. Compare
   * reports all such records in one `drift/shallow-history` finding.
   */
  cutAt?: string;
}

/** The change a record describes (`recordChange`), with the reason it cannot be told as a finding. */
export function changeOfRecord(facts: GitFacts, recordFile: string, spec?: string): RecordChange {
  const { problem, cutAt, ...rest } = recordChange(facts, recordFile);
  // A record a shallow clone cut is reported once for the whole run (`shallowHistoryFinding`), not here.
  if (cutAt !== undefined) return { ...rest, findings: [], cutAt };
  const findings = problem ? [finding(problem.ruleId, problem.message, { file: recordFile, line: 1 }, spec, problem.data)] : [];
  return { ...rest, findings };
}

/** The one finding for every record a shallow clone cut: which records, where history is cut, and the fix. */
export function shallowHistoryFinding(cut: readonly { record: string; commit: string }[]): Finding | null {
  if (cut.length === 0) return null;
  const at = [...new Set(cut.map((entry) => shortHash(entry.commit)))].join(', ');
  const shown = cut.slice(0, 5).map((entry) => entry.record).join(', ');
  const more = cut.length > 5 ? `, and ${cut.length - 5} more` : '';
  const what =
    cut.length === 1
      ? `before the change ${shown} describes: it was not judged`
      : `before the changes ${cut.length} records describe: they were not judged (${shown}${more})`;
  return finding(
    'drift/shallow-history',
    `shallow clone: history is cut at ${at}, ${what}. ${SHALLOW_FIX}`,
    undefined,
    undefined,
    { records: cut.map((entry) => entry.record) },
    cut.map((entry) => ({ file: entry.record, line: 1 })),
  );
}
