import { blobAt, blobIdOf, historyOf, laterChanges, lineageOf, pathsUnder } from '../discover/git-history.js';
import type {
  ArtifactComparison,
  Finding,
  GitFacts,
  ProvenanceDocument,
  RecordVersion,
  SourceLocation,
  SpecDocument,
  ValidationStep,
} from '../model/index.js';
import { shortHash as short } from '../discover/git-parse.js';
import { finding } from './finding.js';
import { clip, matchRows, rowLabel, rowProblems, type RowProblem } from './steps.js';

/**
 * Evidence that lasts: which version of its spec a record was written
 * against, whether the spec moved on since, and what happened to the
 * record's artifacts afterwards. Pure over `GitFacts`; the one git read it
 * needs (the spec's old text) is `readBlobs` in `discover/git.ts`.
 */

type StepChange = RecordVersion['stepChanges'][number];

/** Where a record stands in history. `specBlobAtRecord` is the blob to read (with `readBlobs`) when it differs from `specBlobNow`. */
export interface RecordVersionFacts {
  recordCommit: string | null;
  specBlobAtRecord: string | null;
  specBlobNow: string | null;
  status: RecordVersion['status'];
  specCommitsSince: string[];
  /** The spec has uncommitted changes while the record has none. */
  specChangedInWorkingTree: boolean;
}

/**
 * - The record's version is the last commit that touched it (added or
 *   amended); a record new or modified in the working tree is being written
 *   now, against the spec as it is now.
 * - The spec's version at the record is the blob of its path at that commit,
 *   following renames.
 * - Suspect: a later commit (or an uncommitted edit) changed the spec and not
 *   the record.
 *
 * `specTextNow` (the spec as read from disk) gives `specBlobNow` for a spec
 * with uncommitted edits; otherwise it is the spec's blob at HEAD.
 */
export function locateRecordVersion(git: GitFacts | null, recordFile: string, specFile: string, specTextNow?: string): RecordVersionFacts {
  const unknown: RecordVersionFacts = {
    recordCommit: null,
    specBlobAtRecord: null,
    specBlobNow: null,
    status: 'unknown',
    specCommitsSince: [],
    specChangedInWorkingTree: false,
  };
  if (!git) return unknown;
  const history = historyOf(git);
  const head = git.commits.length - 1;
  const specInTree = git.workingTree.some((entry) => entry.path === specFile);
  const specBlobNow = specTextNow !== undefined ? blobIdOf(specTextNow) : specInTree ? null : blobAt(history, specFile, head);
  const recordInTree = git.workingTree.some((entry) => entry.path === recordFile);
  if (recordInTree) {
    return { ...unknown, specBlobAtRecord: specBlobNow, specBlobNow, status: 'current' };
  }
  const recordIndex = lineageOf(history, recordFile).indexes.at(-1);
  if (recordIndex === undefined) return { ...unknown, specBlobNow };
  const specCommitsSince = lineageOf(history, specFile)
    .indexes.filter((index) => index > recordIndex)
    .flatMap((index) => git.commits[index]?.hash ?? []);
  const suspect = specCommitsSince.length > 0 || specInTree;
  return {
    recordCommit: git.commits[recordIndex]?.hash ?? null,
    specBlobAtRecord: blobAt(history, specFile, recordIndex),
    specBlobNow,
    status: suspect ? 'suspect' : 'current',
    specCommitsSince,
    specChangedInWorkingTree: specInTree,
  };
}

/**
 * Steps added, removed or reworded between two versions of a spec, by
 * number: records cite steps by number, so a step inserted in the middle
 * rewords every step after it, as far as a record's rows are concerned.
 */
export function diffSteps(before: readonly ValidationStep[], after: readonly ValidationStep[]): StepChange[] {
  const old = new Map(before.map((step) => [step.number, step]));
  const now = new Map(after.map((step) => [step.number, step]));
  const numbers = [...new Set([...old.keys(), ...now.keys()])].sort((a, b) => a - b);
  const changes: StepChange[] = [];
  for (const number of numbers) {
    const was = old.get(number);
    const is = now.get(number);
    if (was && !is) changes.push({ change: 'removed', step: number, before: was.text, after: null });
    else if (!was && is) changes.push({ change: 'added', step: number, before: null, after: is.text });
    else if (was && is && flat(was.text) !== flat(is.text)) changes.push({ change: 'reworded', step: number, before: was.text, after: is.text });
  }
  return changes;
}

/** The step changes as a unified-diff-like text: `- 3. old`, `+ 3. new`. */
function formatStepDiff(changes: readonly StepChange[]): string {
  return changes
    .flatMap((change) => [
      ...(change.before === null ? [] : [`- ${change.step}. ${flat(change.before)}`]),
      ...(change.after === null ? [] : [`+ ${change.step}. ${flat(change.after)}`]),
    ])
    .join('\n');
}

interface RecordVersionInput {
  facts: RecordVersionFacts;
  spec: SpecDocument;
  /** The spec parsed from `facts.specBlobAtRecord`; null when it is the current text or could not be read. */
  specAtRecord: SpecDocument | null;
  record: ProvenanceDocument;
}

interface RecordVersionOutput {
  record: RecordVersion;
  findings: Finding[];
  /** Pass to `compareSteps` as `rowStructureReported`. */
  rowStructureReported: boolean;
}

/**
 * `drift/suspect-record` when the spec changed after the record (with the
 * step diff), and `drift/mismatched-record` for each row when the rows follow
 * neither the spec version the record was written against nor the current
 * one. Rows that follow the record's version of a since-changed spec are the
 * suspect finding's business, not a mismatch.
 */
export function assessRecordVersion(input: RecordVersionInput): RecordVersionOutput {
  const { facts, spec, record } = input;
  const sameText = facts.specBlobAtRecord !== null && facts.specBlobAtRecord === facts.specBlobNow;
  const stepsAtRecord = sameText ? spec.validationSteps : (input.specAtRecord?.validationSteps ?? null);
  const stepChanges = stepsAtRecord && !sameText ? diffSteps(stepsAtRecord, spec.validationSteps) : [];
  const version: RecordVersion = {
    recordCommit: facts.recordCommit,
    specBlobAtRecord: facts.specBlobAtRecord,
    specBlobNow: facts.specBlobNow,
    status: facts.status,
    specCommitsSince: facts.specCommitsSince,
    stepChanges,
  };
  const findings: Finding[] = [];
  const at: SourceLocation = record.specRef?.location ?? { file: record.file, line: 1 };
  const specLocation = { file: spec.file, line: spec.validationSection?.line ?? 1 };

  if (facts.status === 'suspect') {
    const commits = facts.specCommitsSince.map(short);
    const when = [commits.length > 0 ? `in ${commits.join(', ')}` : '', facts.specChangedInWorkingTree ? 'in the working tree' : '']
      .filter(Boolean)
      .join(' and ');
    const diff = formatStepDiff(stepChanges);
    const steps =
      stepsAtRecord === null
        ? 'its earlier text could not be read'
        : stepChanges.length === 0
          ? 'its validation steps are unchanged'
          : `validation steps changed:\n${diff}`;
    findings.push(
      finding(
      'drift/suspect-record',
      `the spec changed after this record was written (${when}); ${steps}`,
      at,
      spec.file,
      { recordCommit: facts.recordCommit, specCommitsSince: facts.specCommitsSince, stepChanges, diff },
      [specLocation],
      ),
    );
  }

  const rows = record.validationResults?.rows ?? [];
  if (rows.length === 0 || facts.status === 'unknown' || stepsAtRecord === null) {
    return { record: version, findings, rowStructureReported: false };
  }
  const againstNow = rowProblems(matchRows(rows, spec.validationSteps));
  if (againstNow.length === 0) return { record: version, findings, rowStructureReported: false };
  const againstRecord = sameText ? againstNow : rowProblems(matchRows(rows, stepsAtRecord));
  if (againstRecord.length === 0) return { record: version, findings, rowStructureReported: true };

  const versionLabel = facts.recordCommit === null ? 'the spec as it is now' : `the spec as of ${short(facts.recordCommit)}`;
  const tableLocation = record.validationResults?.table.location ?? at;
  for (const problem of againstRecord) findings.push(mismatch(problem, versionLabel, tableLocation, spec.file));
  return { record: version, findings, rowStructureReported: true };
}

function mismatch(problem: RowProblem, versionLabel: string, tableLocation: SourceLocation, spec: string): Finding {
  const { row, step } = problem;
  const stepLabel = step ? `step ${step.number} of ${versionLabel} (“${clip(step.text)}”)` : '';
  const message = {
    missing: `no row describes ${stepLabel}`,
    extra: `row ${rowLabel(row)} (“${clip(row?.check ?? '')}”) matches no step of ${versionLabel}`,
    renumbered: `row ${rowLabel(row)} should be numbered ${step?.number}: it describes ${stepLabel}`,
    'row-text': `row ${rowLabel(row)} should match ${stepLabel}, but names ${problem.names.map((name) => `\`${name}\``).join(', ')}, which that step does not contain`,
  }[problem.kind];
  return finding(
    'drift/mismatched-record',
    message,
    row?.location ?? tableLocation,
    spec,
    { problem: problem.kind, row: row?.number ?? null, step: step?.number ?? null, names: problem.names },
    step ? [step.location] : [],
  );
}

// ---------------------------------------------------------------- artifacts after the record

/** Commits that some record describes: every commit that added or amended a provenance record. */
export function describedCommits(git: GitFacts, recordFiles: readonly string[]): Set<string> {
  const history = historyOf(git);
  const described = new Set<string>();
  for (const file of recordFiles) {
    for (const index of lineageOf(history, file).indexes) {
      const hash = git.commits[index]?.hash;
      if (hash) described.add(hash);
    }
  }
  return described;
}

interface TraceInput {
  git: GitFacts | null;
  artifacts: readonly ArtifactComparison[];
  recordCommit: string | null;
  /** From `describedCommits` over every record of the repository; asked only when an artifact changed later. */
  described: () => ReadonlySet<string>;
  /** The record and its spec are excluded: their later history is the record's own, or `drift/suspect-record`'s. */
  recordFile: string;
  spec: string;
}

/**
 * For each listed artifact: the blob git holds for it at the record's commit,
 * and the later commits that changed it (following renames; for a directory
 * row, any file under it) that no record describes.
 */
export function traceArtifacts(input: TraceInput): { artifacts: ArtifactComparison[]; findings: Finding[] } {
  const { git, recordCommit } = input;
  if (!git || recordCommit === null) return { artifacts: [...input.artifacts], findings: [] };
  const history = historyOf(git);
  const recordIndex = history.indexOf(recordCommit);
  if (recordIndex === undefined) return { artifacts: [...input.artifacts], findings: [] };
  const findings: Finding[] = [];
  const artifacts = input.artifacts.map((artifact) => {
    if (artifact.location === undefined || artifact.verdict === 'outside-repo' || /[*?]/.test(artifact.path)) return artifact;
    const blob = blobAt(history, artifact.path, recordIndex);
    const traced: ArtifactComparison = { ...artifact, blob, commit: recordCommit };
    if (artifact.path === input.recordFile || artifact.path === input.spec || artifact.claimed === 'Unchanged' || artifact.claimed === null) {
      return traced;
    }
    const events = [...laterChanges(history, artifact.path, recordIndex), ...underDirectory(history, artifact.path, recordIndex)];
    const later = events.length === 0 ? [] : [...new Set(events.map((event) => event.commit.hash))].filter((hash) => !input.described().has(hash));
    traced.laterCommits = later;
    if (later.length > 0) {
      const commits = later.map((hash) => git.commits[history.indexOf(hash) ?? -1]).map((commit) => (commit ? `${short(commit.hash)} “${clip(commit.subject, 60)}”` : ''));
      findings.push(
        finding(
          'drift/unrecorded-change',
          `\`${artifact.path}\` changed after this record in ${commits.join(', ')}, which no provenance record describes`,
          artifact.location,
          input.spec,
          { path: artifact.path, commits: later },
        ),
      );
    }
    return traced;
  });
  return { artifacts, findings };
}

/** Later changes to any file under a directory row. */
function underDirectory(history: ReturnType<typeof historyOf>, directory: string, index: number) {
  const prefix = `${directory.replace(/\/+$/, '')}/`;
  return pathsUnder(history, prefix)
    .flatMap((file) => laterChanges(history, file, index))
    .sort((a, b) => a.index - b.index);
}

// ---------------------------------------------------------------- nothing verified

/** A record with no artifact rows or no validation rows verified nothing: that is reported, never passed. */
export function emptyRecordFindings(record: ProvenanceDocument, spec?: string): Finding[] {
  const findings: Finding[] = [];
  const top = { file: record.file, line: 1 };
  if (!record.artifacts || record.artifacts.rows.length === 0) {
    findings.push(
      finding('drift/empty-record', 'Artifacts Produced lists no file: nothing the record claims can be compared with git', record.artifacts?.table.location ?? top, spec, {
        part: 'artifacts',
      }),
    );
  }
  if (!record.validationResults || record.validationResults.rows.length === 0) {
    findings.push(
      finding('drift/empty-record', 'Validation Results has no row: no validation step is claimed', record.validationResults?.table.location ?? top, spec, {
        part: 'validation',
      }),
    );
  }
  return findings;
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
