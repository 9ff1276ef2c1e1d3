import type { Finding, RuleDefinition, Severity } from './finding.js';

/**
 * Every rule sdd can report, in one place: its id, its default severity, what
 * `--strict` makes of it, and the sentence `sdd rules`, SARIF and docs/rules.md
 * show. A stage reports a finding with `ruleFinding(id, …)`, so the severity is
 * never written twice and a misspelled id is a type error (`RuleId`). Severity
 * settings and `--strict` are applied once, by compare's `applySeverities`.
 */

interface RuleEntry {
  readonly defaultSeverity: Severity;
  /** What `--strict` (or `strict: true`) raises the rule's findings to: claims sdd could not hold to evidence. */
  readonly strict?: Severity;
  readonly description: string;
}

export const RULES = {
  // Discovery and the run as a whole
  'cache/tracked': { defaultSeverity: 'warning', description: 'the cache folder holds files git tracks or has staged: the cache is not used (a committed entry could forge a result)' },
  'config/changed': { defaultSeverity: 'warning', description: 'with --base, the working tree\'s .sdd/config.yaml differs from the base\'s: the run obeys the base\'s configuration, and lists each changed key' },
  'discover/missing-folder': { defaultSeverity: 'info', description: 'the configured specs or provenance folder does not exist' },
  'discover/no-git': { defaultSeverity: 'warning', description: 'the root is not a git repository (or git is missing): artifacts cannot be compared with history' },
  'discover/outside-repository': { defaultSeverity: 'error', description: 'the configured specs or provenance folder is a symlink out of the repository; its documents are not read' },
  'validate/no-specs': { defaultSeverity: 'error', description: 'no spec was found: nothing was verified (set expect.noSpecs when that is intended)' },
  // The parse stage: a document sdd cannot read, or reads with a problem
  'parse/empty': { defaultSeverity: 'error', description: 'The file is empty or holds only whitespace.' },
  'parse/binary': { defaultSeverity: 'error', description: 'The file is binary (NUL bytes, or mostly bytes that are not UTF-8), not markdown.' },
  'parse/encoding': { defaultSeverity: 'warning', description: 'The file holds bytes that are not valid UTF-8 (read as U+FFFD); text near them may be wrong.' },
  'parse/too-large': { defaultSeverity: 'error', description: 'The file is larger than sdd reads as a document.' },
  'parse/too-complex': { defaultSeverity: 'error', description: 'The markdown nests too deep, has a line too long, too many `[` in one paragraph or too many table cells: it would take minutes to parse, so it is not read.' },
  'parse/front-matter': { defaultSeverity: 'error', description: 'The YAML front matter is invalid, too large, uses too many aliases, or is not a mapping.' },
  'parse/table-cells': { defaultSeverity: 'warning', description: 'A table row has fewer or more cells than its header (missing cells read as empty, extra cells are dropped).' },
  'parse/extra-table': { defaultSeverity: 'warning', description: 'A section that should hold one table holds several; only the first is read.' },
  'parse/duplicate-section': { defaultSeverity: 'warning', description: 'A section appears twice; only the first is read.' },
  'parse/internal': { defaultSeverity: 'error', description: 'sdd failed on this file (a bug in sdd): the document is skipped, the run goes on.' },
  'parse/check-block-placement': { defaultSeverity: 'warning', description: 'An `sdd-checks` block outside the Validation steps section; it is not read.' },
  // Reading documents at scale (the parse pool and its cache)
  'parse/unreadable': { defaultSeverity: 'error', description: 'A document file could not be read (permissions, a directory, removed during the run).' },
  'cache/unwritable': { defaultSeverity: 'info', description: 'The parse cache could not be written; the run is correct but the next one is not faster.' },
  // tasks.md as written
  'tasks/no-tasks': { defaultSeverity: 'warning', description: 'A tasks.md without a single checkbox item: there is nothing to verify.' },
  'tasks/duplicate-id': { defaultSeverity: 'warning', description: 'Two tasks of one list share an id (T012 twice); each is judged, but references to the id are ambiguous.' },
  'tasks/unknown-checkbox': { defaultSeverity: 'warning', description: 'An item written like a checkbox that is not one (`[~]`, `[-]`, `[ x ]`, `[]`, `[✓]`, `[x]` without a space after): read as an open task.' },
  // The documents themselves: sections, tables, names, links
  'provenance/missing-section': { defaultSeverity: 'error', description: 'A record lacks a required section: Actions Taken, Artifacts Produced or Validation Results.' },
  'provenance/missing-optional-section': { defaultSeverity: 'warning', description: 'A record lacks Decisions Made or Deviations from Spec (write "None" rather than leave the section out).' },
  'provenance/missing-table': { defaultSeverity: 'error', description: 'Artifacts Produced or Validation Results holds no table.' },
  'provenance/missing-columns': { defaultSeverity: 'error', description: 'Artifacts Produced lacks a File or Status column, or Validation Results a Check or Result column.' },
  'provenance/unknown-status': { defaultSeverity: 'error', description: 'An artifact row\'s status is not one sdd reads (Created, Modified, Deleted, Renamed, Unchanged and their synonyms).' },
  'provenance/unknown-result': { defaultSeverity: 'error', description: 'A validation row\'s result is not one sdd reads (Pass, Fail, Not run, Not applicable and their synonyms).' },
  'provenance/spec-link': { defaultSeverity: 'error', description: 'The record\'s **Spec:** field is missing or names no spec file of the repository.' },
  'provenance/file-name': { defaultSeverity: 'warning', description: 'The record is not named after its spec (`spec-NNNN-slug.provenance.md`).' },
  'provenance/orphan': { defaultSeverity: 'error', description: 'A record whose spec does not exist (neither its link nor its file name finds one).' },
  'provenance/duplicate-record': { defaultSeverity: 'error', description: 'Two records describe the same spec; only the first is compared.' },
  'provenance/row-count': { defaultSeverity: 'error', description: 'Validation Results has more or fewer rows than the spec has validation steps.' },
  'provenance/row-numbering': { defaultSeverity: 'error', description: 'Validation Results rows are not numbered 1..n in order.' },
  'spec/duplicate-number': { defaultSeverity: 'error', description: 'Two specs share one number.' },
  'spec/file-name': { defaultSeverity: 'warning', description: 'A spec file is not named `spec-NNNN-slug.md`.' },
  'spec/no-provenance': { defaultSeverity: 'error', description: 'A spec that is not a draft has no provenance record.' },
  'spec/no-validation-steps': { defaultSeverity: 'warning', description: 'A spec has no "Validation steps" section, or the section lists no step.' },
  // `sdd-checks` blocks and front matter `invariants`
  'check/declaration': { defaultSeverity: 'error', description: 'An `sdd-checks` block that cannot be used: bad YAML, unknown kind, bad arguments, a step the spec does not have, a step declared twice.' },
  'check/invariants': { defaultSeverity: 'error', description: 'Front matter `invariants` is neither `all` nor a list of the spec\'s step numbers.' },
  // Drift: records against git, the checks and spec versions
  'drift/unlisted': { defaultSeverity: 'error', description: 'The change touched a file that Artifacts Produced does not list.' },
  'drift/phantom': { defaultSeverity: 'error', description: 'Artifacts Produced lists a file that the change did not touch.' },
  'drift/wrong-status': { defaultSeverity: 'error', description: 'A row says Created/Modified/Deleted/Renamed/Pre-existing but git shows something else.' },
  'drift/missing': { defaultSeverity: 'error', description: 'A row says Created or Modified (or Pre-existing) but the file does not exist now.' },
  'drift/still-present': { defaultSeverity: 'error', description: 'A row says Deleted but the file exists now.' },
  'drift/outside-repo': { defaultSeverity: 'error', description: 'A row names a path that leaves the repository (.., absolute, or through a symlink); it is never read.' },
  'drift/rename-listed-as-created': { defaultSeverity: 'info', description: 'A row lists a renamed file as Created; accepted, with the old path noted.' },
  'drift/actions-vs-artifacts': { defaultSeverity: 'warning', strict: 'error', description: 'Actions Taken say a file was created, modified or deleted and Artifacts Produced omits it, or the reverse.' },
  'drift/no-history': { defaultSeverity: 'warning', description: 'The record is neither in git history nor in the working tree: the change it describes cannot be found.' },
  'drift/shallow-history': { defaultSeverity: 'error', description: 'A shallow clone cut the history of records: the changes they describe cannot be told, so they were not judged; fetch full history.' },
  'drift/overclaimed': { defaultSeverity: 'error', description: 'A step is claimed Pass but its check fails or could not run, or a fact it states is false.' },
  'drift/underclaimed': { defaultSeverity: 'info', description: 'A step is claimed Not run / Not applicable but sdd could run it (a warning when it fails).' },
  'drift/contradicted': { defaultSeverity: 'warning', description: 'A step is claimed Fail but its check passes.' },
  'drift/unverified': { defaultSeverity: 'warning', strict: 'error', description: 'A step sdd could not check (manual, its command not in commands.allow, or its facts unreadable) is claimed Pass; an error under --strict.' },
  'drift/partly-verified': { defaultSeverity: 'info', strict: 'error', description: 'A step is claimed Pass and the facts it states hold, but the rest of it is for a person to judge (docs/inference.md); an error under --strict.' },
  'drift/unknown-claim': { defaultSeverity: 'warning', description: 'A row’s result is not Pass, Fail, Not run or Not applicable (e.g. "Partial", "Pending"): it claims nothing sdd can compare.' },
  'drift/missing-row': { defaultSeverity: 'error', description: 'A validation step of the spec has no row in Validation Results.' },
  'drift/extra-row': { defaultSeverity: 'warning', description: 'A Validation Results row matches no step of the spec.' },
  'drift/documented-extra-row': { defaultSeverity: 'info', description: 'A Validation Results row matches no step of the spec, and Deviations from Spec explains it (names the row or quotes its check).' },
  'drift/renumbered-row': { defaultSeverity: 'warning', description: 'A row’s number differs from the step it describes.' },
  'drift/row-text': { defaultSeverity: 'warning', description: 'A row names things (code spans) that its step does not contain.' },
  'drift/suspect-record': { defaultSeverity: 'warning', strict: 'error', description: 'The spec changed after the record was written; the message lists the steps added, removed or reworded. An error under --strict.' },
  'drift/mismatched-record': { defaultSeverity: 'error', description: 'Validation Results rows match neither the spec version the record was written against nor the current one.' },
  'drift/unrecorded-change': { defaultSeverity: 'warning', strict: 'error', description: 'A later commit changed an artifact of the record and no provenance record describes that commit.' },
  'drift/empty-record': { defaultSeverity: 'error', description: 'A record with no artifact rows or no validation rows: nothing was verified, which is not a pass.' },
  'history/superseded': { defaultSeverity: 'info', description: 'A step confirmed at its record’s change fails now: a later commit changed what it reads. Shown, never an error.' },
  'spec/failing-step': { defaultSeverity: 'error', description: 'A validation step fails at its record’s change and the record does not claim Pass (a claimed Pass is drift/overclaimed): the spec is not met.' },
  // spec-kit and OpenSpec task lists against their change
  'tasks/phantom-completion': { defaultSeverity: 'error', description: 'A ticked task names a file it changes that is missing, that the change did not touch, or (a deletion) that still exists; or a ticked test-writing task whose change touched no test file.' },
  'tasks/unverified': { defaultSeverity: 'info', description: 'Ticked tasks that name nothing sdd can check (one finding per task list, with their ids).' },
  'tasks/ticked-not-done': { defaultSeverity: 'warning', strict: 'error', description: 'A ticked task whose text says it was not done (N/A, skipped, deferred, cancelled …); an error under --strict.' },
  'tasks/open-subtask': { defaultSeverity: 'warning', strict: 'error', description: 'A ticked task with an unticked sub-task; an error under --strict.' },
  'tasks/open-in-archive': { defaultSeverity: 'warning', description: 'An unticked task in an archived OpenSpec change (unless its text says it was dropped).' },
  'tasks/open-in-done-feature': { defaultSeverity: 'warning', description: 'An unticked task in a spec-kit feature whose spec says it is done, or whose tasks are otherwise done (all but one in ten at most).' },
  'tasks/unmentioned-change': { defaultSeverity: 'warning', description: 'The change touched a file that no task of the list names (lockfiles, generated files and the tools’ own files excepted; see tasks.ignore).' },
  'tasks/no-history': { defaultSeverity: 'warning', strict: 'error', description: 'The change a task list describes cannot be told (not in git, history cut): its tasks are judged on the files alone; an error under --strict.' },
} as const satisfies Record<string, RuleEntry>;

/** A rule id sdd reports: `'drift/unlisted'`, never a string that merely looks like one. */
export type RuleId = keyof typeof RULES;

const REGISTRY: Readonly<Record<string, RuleEntry>> = RULES;

/** True for an id of the registry (a configuration key, a finding read from JSON). */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(REGISTRY, id);
}

/** The registry's entry for an id, or undefined for a rule sdd does not know. */
export function ruleEntry(id: string): RuleEntry | undefined {
  return isRuleId(id) ? REGISTRY[id] : undefined;
}

/** The fields of a finding beyond its rule, severity and message, in the order the caller writes them. */
type FindingFields = Omit<Finding, 'ruleId' | 'severity' | 'message'>;

/** A finding of `ruleId` at the rule's default severity; settings and `--strict` come later, in `applySeverities`. */
export function ruleFinding(ruleId: RuleId, message: string, fields: FindingFields = {}): Finding {
  // The type already refuses an unknown id; this stops a caller that got around it (a cast, plain JavaScript).
  const rule = ruleEntry(ruleId);
  if (!rule) throw new Error(`sdd has no rule ${JSON.stringify(ruleId)} (packages/sdd/src/model/rules.ts lists them)`);
  return { ruleId, severity: rule.defaultSeverity, message, ...fields };
}

/** Every rule sdd can report, sorted by id, for `sdd rules`, SARIF rule descriptions and configuration docs. */
export function allRules(): RuleDefinition[] {
  return (Object.keys(RULES) as RuleId[])
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((id) => ({ id, defaultSeverity: RULES[id].defaultSeverity, description: RULES[id].description }));
}
