import { existsAt, historyOf, lineageOf } from '../discover/git-history.js';
import { judgementPoint } from '../discover/judgement-point.js';
import type {
  Finding,
  GitFacts,
  ProvenanceDocument,
  SpecDocument,
  SpecResult,
  StepEvidence,
  ValidateResult,
  Workspace,
} from '../model/index.js';
import { RESULT_SCHEMA_VERSION } from '../model/index.js';
import { once } from '../once.js';
import { ruleFinding } from '../model/rules.js';
import { SDD_VERSION } from '../version.js';
import { compareActions } from './actions.js';
import { compareArtifacts, type FileLookup } from './artifacts.js';
import { changeOfRecord, shallowHistoryFinding } from './change-of-record.js';
import {
  assessRecordVersion,
  describedCommits,
  emptyRecordFindings,
  type RecordVersionFacts,
  traceArtifacts,
} from './record-version.js';
import { applySeverities, sortFindings } from './severity.js';
import { compareSteps } from './steps.js';
import { coverageOf, summarize } from './summary.js';

/** What compare needs of every record, parsed or not: its file and the spec its link names. */
interface RecordRef {
  file: string;
  specRef: { path: string } | null;
}

/** What the pipeline learned from git about one record before comparing (the only I/O compare needs). */
export interface RecordHistory {
  facts: RecordVersionFacts;
  /** The spec as it was at the record's commit, when it differs from today's. */
  specAtRecord: SpecDocument | null;
}

interface CompareInput {
  workspace: Workspace;
  /** The specs under validation (all, or those `--spec` selected), each with its record. */
  pairs: { spec: SpecDocument; record: ProvenanceDocument | null }[];
  /** Every record of the repository (parsed, or reused with its spec's result): a commit one of them describes is a recorded change. */
  records: readonly RecordRef[];
  evidence: StepEvidence[];
  /** Findings of the earlier stages (discover, parse, document rules, check declarations). */
  findings: Finding[];
  /** Keyed by record file. */
  histories: ReadonlyMap<string, RecordHistory>;
  /** Existence of paths in the working tree (artifacts that must exist, or must not). */
  probe: FileLookup;
  strict: boolean;
  checksRun: boolean;
  /** A run that found no spec fails unless the configuration expects it. */
  expectNoSpecs: boolean;
}

/**
 * The spec each recorded commit belongs to: every commit that added or
 * amended a record, mapped to the spec the record names. A step superseded by
 * such a commit names that spec, so a reviewer sees which change moved on.
 */
function recordedChanges(git: GitFacts, records: readonly RecordRef[]): Map<string, string> {
  const history = historyOf(git);
  const specOf = new Map<string, string>();
  for (const record of records) {
    const spec = record.specRef?.path ?? record.file;
    for (const index of lineageOf(history, record.file).indexes) {
      const hash = git.commits[index]?.hash;
      if (hash && !specOf.has(hash)) specOf.set(hash, spec);
    }
  }
  return specOf;
}

function withLaterSpec(step: StepEvidence, specOfCommit: () => ReadonlyMap<string, string>): StepEvidence {
  const later = step.history?.laterChange;
  if (!step.history || !later?.commit) return step;
  const spec = specOfCommit().get(later.commit) ?? null;
  return spec === later.spec ? step : { ...step, history: { ...step.history, laterChange: { ...later, spec } } };
}

/** Claims against evidence, for every spec; then severities, order, summary and exit code. */
export function compare(input: CompareInput): ValidateResult {
  const git = input.workspace.git;
  // Both read every record's history: worked out only when a compared spec has a later change to name.
  const described = once(() => (git ? describedCommits(git, input.records.map((record) => record.file)) : new Set<string>()));
  const findings: Finding[] = [...input.findings];
  /** Records whose change a shallow clone cut off: one finding for all of them, after the loop. */
  const cut: { record: string; commit: string }[] = [];
  const evidenceBySpec = new Map<string, StepEvidence[]>();
  for (const step of input.evidence) {
    const list = evidenceBySpec.get(step.spec);
    if (list) list.push(step);
    else evidenceBySpec.set(step.spec, [step]);
  }

  const specOfCommit = once(() => (git ? recordedChanges(git, input.records) : new Map<string, string>()));
  const specResults: SpecResult[] = input.pairs.map(({ spec, record }) => {
    const evidence = (evidenceBySpec.get(spec.file) ?? []).map((step) => withLaterSpec(step, specOfCommit));
    const result: SpecResult = {
      spec: { file: spec.file, number: spec.number, slug: spec.slug, title: spec.title, draft: spec.draft },
      provenance: record ? { file: record.file, executed: record.executed, agent: record.agent } : null,
      change: null,
      steps: [],
      artifacts: [],
      coverage: coverageOf(evidence),
      record: null,
      findings: [],
    };
    let rowStructureReported = false;
    if (record) {
      const change = git ? changeOfRecord(git, record.file, spec.file) : null;
      result.change = change?.change ?? null;
      if (change?.cutAt !== undefined) cut.push({ record: record.file, commit: change.cutAt });
      const artifacts = compareArtifacts({ record, files: change?.files ?? null, probe: probeAtJudgement(git, record.file, input.probe), spec: spec.file });
      const history = input.histories.get(record.file);
      const traced = traceArtifacts({
        git,
        artifacts: artifacts.artifacts,
        recordCommit: history?.facts.recordCommit ?? null,
        described,
        recordFile: record.file,
        spec: spec.file,
      });
      result.artifacts = traced.artifacts;
      findings.push(
        ...(change?.findings ?? []),
        ...artifacts.findings,
        ...traced.findings,
        ...compareActions(record, spec.file),
        ...emptyRecordFindings(record, spec.file),
      );
      if (history) {
        const version = assessRecordVersion({
          facts: history.facts,
          spec,
          specAtRecord: history.specAtRecord,
          record,
        });
        result.record = version.record;
        rowStructureReported = version.rowStructureReported;
        findings.push(...version.findings);
      }
    }
    const steps = compareSteps({
      spec,
      record,
      evidence: input.checksRun ? evidence : [],
      rowStructureReported,
    });
    result.steps = steps.steps;
    findings.push(...steps.findings);
    return result;
  });

  const shallow = shallowHistoryFinding(cut);
  if (shallow) findings.push(shallow);

  if (input.pairs.length === 0 && !input.expectNoSpecs) {
    findings.push(
      ruleFinding(
        'validate/no-specs',
        `no spec found under ${input.workspace.config.specs}: nothing was verified (write one with sdd new spec "Title", after sdd init; set expect.noSpecs in .sdd/config.yaml if no specs is intended)`,
      ),
    );
  }

  const all = applySeverities(findings, input.workspace.config, input.strict);
  const bySpec = new Map(specResults.map((result) => [result.spec.file, result]));
  const global: Finding[] = [];
  for (const finding of all) {
    const owner = finding.spec ? bySpec.get(finding.spec) : undefined;
    if (owner) owner.findings.push(finding);
    else global.push(finding);
  }
  for (const result of specResults) result.findings = sortFindings(result.findings);
  const summary = summarize(specResults, all);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'sdd', version: SDD_VERSION },
    findings: sortFindings(global),
    specs: specResults,
    summary,
    exitCode: summary.findings.error > 0 ? 1 : 0,
  };
}

/**
 * Where a record's artifacts must exist (or be gone): on the working tree while the record is
 * the pull request's or uncommitted, else as its own commit left them (docs/history.md). A file a
 * later change deleted or moved does not make an old record's Created row false.
 */
function probeAtJudgement(git: GitFacts | null, recordFile: string, probe: FileLookup): FileLookup {
  const point = judgementPoint(git, recordFile);
  if (point.kind !== 'commit' || !git) return probe;
  const history = historyOf(git);
  return { exists: (file) => existsAt(history, file, point.index), ...(probe.escapes ? { escapes: probe.escapes } : {}) };
}
