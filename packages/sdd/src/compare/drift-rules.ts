import type { RuleDefinition } from '../model/index.js';

/** Every rule the drift comparison (records against git, against the checks, against spec versions) can report. */
export const DRIFT_RULES: RuleDefinition[] = [
  // Artifacts Produced against git
  { id: 'drift/unlisted', defaultSeverity: 'error', description: 'The change touched a file that Artifacts Produced does not list.' },
  { id: 'drift/phantom', defaultSeverity: 'error', description: 'Artifacts Produced lists a file that the change did not touch.' },
  { id: 'drift/wrong-status', defaultSeverity: 'error', description: 'A row says Created/Modified/Deleted/Renamed/Pre-existing but git shows something else.' },
  { id: 'drift/missing', defaultSeverity: 'error', description: 'A row says Created or Modified (or Pre-existing) but the file does not exist now.' },
  { id: 'drift/still-present', defaultSeverity: 'error', description: 'A row says Deleted but the file exists now.' },
  { id: 'drift/outside-repo', defaultSeverity: 'error', description: 'A row names a path that leaves the repository (.., absolute, or through a symlink); it is never read.' },
  { id: 'drift/rename-listed-as-created', defaultSeverity: 'info', description: 'A row lists a renamed file as Created; accepted, with the old path noted.' },
  { id: 'drift/actions-vs-artifacts', defaultSeverity: 'warning', description: 'Actions Taken say a file was created, modified or deleted and Artifacts Produced omits it, or the reverse.' },
  { id: 'drift/no-history', defaultSeverity: 'warning', description: 'The record is neither in git history nor in the working tree: the change it describes cannot be found.' },
  { id: 'drift/shallow-history', defaultSeverity: 'error', description: 'A shallow clone cut the history of records: the changes they describe cannot be told, so they were not judged; fetch full history.' },
  // Validation Results against the checks
  { id: 'drift/overclaimed', defaultSeverity: 'error', description: 'A step is claimed Pass but its check fails or could not run, or a fact it states is false.' },
  { id: 'drift/underclaimed', defaultSeverity: 'info', description: 'A step is claimed Not run / Not applicable but sdd could run it (a warning when it fails).' },
  { id: 'drift/contradicted', defaultSeverity: 'warning', description: 'A step is claimed Fail but its check passes.' },
  { id: 'drift/unverified', defaultSeverity: 'warning', description: 'A step sdd could not check (manual, its command not in commands.allow, or its facts unreadable) is claimed Pass; an error under --strict.' },
  { id: 'drift/partly-verified', defaultSeverity: 'info', description: 'A step is claimed Pass and the facts it states hold, but the rest of it is for a person to judge (docs/inference.md); an error under --strict.' },
  { id: 'drift/unknown-claim', defaultSeverity: 'warning', description: 'A row’s result is not Pass, Fail, Not run or Not applicable (e.g. "Partial", "Pending"): it claims nothing sdd can compare.' },
  { id: 'drift/missing-row', defaultSeverity: 'error', description: 'A validation step of the spec has no row in Validation Results.' },
  { id: 'drift/extra-row', defaultSeverity: 'warning', description: 'A Validation Results row matches no step of the spec.' },
  { id: 'drift/documented-extra-row', defaultSeverity: 'info', description: 'A Validation Results row matches no step of the spec, and Deviations from Spec explains it (names the row or quotes its check).' },
  { id: 'drift/renumbered-row', defaultSeverity: 'warning', description: 'A row’s number differs from the step it describes.' },
  { id: 'drift/row-text', defaultSeverity: 'warning', description: 'A row names things (code spans) that its step does not contain.' },
  // Evidence that lasts: spec versions and later history
  { id: 'drift/suspect-record', defaultSeverity: 'warning', description: 'The spec changed after the record was written; the message lists the steps added, removed or reworded. An error under --strict.' },
  { id: 'drift/mismatched-record', defaultSeverity: 'error', description: 'Validation Results rows match neither the spec version the record was written against nor the current one.' },
  { id: 'drift/unrecorded-change', defaultSeverity: 'warning', description: 'A later commit changed an artifact of the record and no provenance record describes that commit.' },
  { id: 'drift/empty-record', defaultSeverity: 'error', description: 'A record with no artifact rows or no validation rows: nothing was verified, which is not a pass.' },
  // Each record judged at its own change (docs/history.md)
  { id: 'history/superseded', defaultSeverity: 'info', description: 'A step confirmed at its record’s change fails now: a later commit changed what it reads. Shown, never an error.' },
  { id: 'spec/failing-step', defaultSeverity: 'error', description: 'A validation step fails at its record’s change and the record does not claim Pass (a claimed Pass is drift/overclaimed): the spec is not met.' },
];

/** The default severity of a drift rule; the table above is the one place it is written. */
export function driftSeverity(id: string): RuleDefinition['defaultSeverity'] {
  const rule = DRIFT_RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`unknown drift rule ${id}`);
  return rule.defaultSeverity;
}
