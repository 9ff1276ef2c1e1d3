import { summarize } from '../../src/compare/summary.js';
import {
  ValidateResultSchema,
  type ArtifactComparison,
  type CheckOutcome,
  type Finding,
  type SpecResult,
  type StepComparison,
  type StepEvidence,
  type ValidateResult,
} from '../../src/model/index.js';

/**
 * One rich result that every format renders: passes, failures, Not run with
 * reasons, manual steps, every kind of drift, findings with and without
 * locations, a suspect record, and hostile strings from the documents
 * (`<script>`, `|`, newlines, `%`, control characters, unicode).
 * Lists are deliberately out of order: the reports must sort them.
 */

const SPEC1 = '.sdd/specification/spec-0001-second-k3s-node.md';
const RECORD1 = '.sdd/provenance/spec-0001-second-k3s-node.provenance.md';
const SPEC2 = '.sdd/specification/spec-0002-ünïcode-名前.md';
const SPEC3 = '.sdd/specification/spec-0003-percent.md';
const RECORD3 = '.sdd/provenance/spec-0003-percent.provenance.md';

function check(status: CheckOutcome['status'], summary: string, extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { kind: 'file.exists', args: { path: 'infra/main.tf' }, status, summary, evidence: [], ...extra };
}

function evidence(spec: string, step: number, stepText: string, source: StepEvidence['source'], checks: CheckOutcome[], status: StepEvidence['status']): StepEvidence {
  return { spec, step, stepText, source, status, checks, location: { file: spec, line: 40 + step } };
}

function step(
  spec: string,
  record: string | null,
  number: number,
  text: string,
  claimed: StepComparison['claimed'],
  ev: StepEvidence | null,
  verdict: StepComparison['verdict'],
  extra: Partial<StepComparison> = {},
): StepComparison {
  return {
    step: number,
    stepText: text,
    claimed,
    rawClaim: claimed,
    claimedDetail: null,
    rowText: claimed === null ? null : text,
    ...(record !== null && claimed !== null ? { rowLocation: { file: record, line: 60 + number } } : {}),
    actual: ev?.status ?? null,
    evidence: ev,
    verdict,
    ...extra,
  };
}

const spec1Steps: StepComparison[] = [
  // Out of order on purpose.
  step(SPEC1, RECORD1, 3, '`terraform validate` passes', 'Pass',
    evidence(SPEC1, 3, '`terraform validate` passes', 'declared', [
      check('not-run', 'terraform validate was not run', { kind: 'terraform.validate', args: {}, reason: 'provider hashicorp/azurerm cannot be installed offline' }),
    ], 'not-run'),
    'overclaimed'),
  step(SPEC1, RECORD1, 1, 'This spec has been saved to `.sdd/specification/spec-0001-second-k3s-node.md`', 'Pass',
    evidence(SPEC1, 1, 'saved', 'declared', [
      check('pass', '`.sdd/specification/spec-0001-second-k3s-node.md` exists', { inputs: [{ path: SPEC1, blob: 'a1b2c3' }] }),
    ], 'pass'),
    'confirmed'),
  step(SPEC1, RECORD1, 2, '`infra/main.tf` has `helm-controller` in `--components` | flux', 'Pass',
    evidence(SPEC1, 2, 'components', 'declared', [
      check('pass', '`infra/main.tf` exists'),
      check('fail', 'pattern `--components[= ]\\S*helm-controller` not found in `infra/main.tf`', {
        kind: 'file.contains',
        evidence: [
          { message: 'closest line', location: { file: 'infra/main.tf', line: 12, column: 5 }, output: '--components=source-controller,\n  kustomize-controller 100%' },
          { message: 'resource', address: 'azurerm_linux_virtual_machine.node2' },
        ],
      }),
    ], 'fail'),
    'overclaimed'),
  step(SPEC1, RECORD1, 4, 'Reviewer confirms the <script>alert("step")</script> node joins the cluster', 'Pass',
    evidence(SPEC1, 4, 'joins', 'manual', [], 'manual'), 'unverified'),
  step(SPEC1, RECORD1, 5, 'Key Vault `kv-node2` exists', 'Not run',
    evidence(SPEC1, 5, 'kv', 'inferred', [check('pass', 'resource `azurerm_key_vault.kv` declared', { kind: 'terraform.resource' })], 'pass'),
    'underclaimed'),
  step(SPEC1, RECORD1, 6, 'Helm release is healthy after 100% rollout', 'Fail',
    evidence(SPEC1, 6, 'helm', 'inferred', [check('pass', '`k8s/app/` has exactly 4 files', { kind: 'dir.files' })], 'pass'),
    'contradicted'),
  step(SPEC1, RECORD1, 7, 'Run `pnpm lint`', null,
    evidence(SPEC1, 7, 'lint', 'inferred', [check('not-run', 'command `pnpm lint` not allowed', { kind: 'command', reason: 'not in commands.allow' })], 'not-run'),
    'missing-row'),
  step(SPEC1, RECORD1, 8, 'Docs updated', null,
    evidence(SPEC1, 8, 'docs', 'manual', [], 'manual'), 'unknown-claim', { rawClaim: 'Passed?', rowText: 'Docs updated', rowLocation: { file: RECORD1, line: 68 } }),
  // Read as facts (partial): one refuted, one consistent with what a person must still judge.
  step(SPEC1, RECORD1, 9, 'Greeting.tsx contains the formatGreeting function', 'Pass',
    { ...evidence(SPEC1, 9, 'greeting', 'partial', [
      check('pass', '`web/src/Greeting.tsx` exists (file)', { fact: { claim: '`web/src/Greeting.tsx` exists', quote: 'Greeting.tsx', span: { start: 0, end: 12 }, placed: { written: 'Greeting.tsx', path: 'web/src/Greeting.tsx', by: 'artifacts' } } }),
      check('fail', '`web/src/Greeting.tsx` does not mention `formatGreeting`', {
        kind: 'file.mentions',
        args: { path: 'web/src/Greeting.tsx', names: ['formatGreeting'] },
        evidence: [{ message: 'no occurrence of `formatGreeting` in `web/src/Greeting.tsx`', location: { file: 'web/src/Greeting.tsx', line: 1 } }],
        fact: { claim: '`web/src/Greeting.tsx` mentions `formatGreeting`', quote: 'formatGreeting', span: { start: 26, end: 40 }, placed: { written: 'Greeting.tsx', path: 'web/src/Greeting.tsx', by: 'artifacts' } },
      }),
    ], 'fail') },
    'overclaimed'),
  step(SPEC1, RECORD1, 10, '`web/middleware.ts` exists and excludes `api/auth` from <auth> | 100%', 'Pass',
    { ...evidence(SPEC1, 10, 'middleware', 'partial', [
      check('pass', '`web/middleware.ts` exists (file)', { fact: { claim: '`web/middleware.ts` exists', quote: 'exists', span: { start: 20, end: 26 } } }),
      check('not-run', 'not allowed by .sdd/config.yaml commands.allow', { kind: 'command', args: { run: 'pnpm build' }, reason: 'not allowed by .sdd/config.yaml commands.allow', fact: { claim: '`pnpm build` passes', quote: '`pnpm build` passes', span: { start: 0, end: 19 } } }),
    ], 'consistent'), unjudged: 'excludes `api/auth` from <auth> | 100%' },
    'consistent'),
  {
    step: null,
    stepText: null,
    claimed: 'Pass',
    rawClaim: 'Pass',
    claimedDetail: 'all good\nreally',
    rowText: 'Helm chart renders | with values',
    rowLocation: { file: RECORD1, line: 70 },
    actual: null,
    evidence: null,
    verdict: 'extra-row',
  },
];

function artifact(path: string, claimed: ArtifactComparison['claimed'], actual: ArtifactComparison['actual'], verdict: ArtifactComparison['verdict'], extra: Partial<ArtifactComparison> = {}): ArtifactComparison {
  return {
    path,
    claimed,
    rawClaim: claimed,
    actual,
    existsNow: actual !== 'deleted',
    verdict,
    ...(claimed === null ? {} : { location: { file: RECORD1, line: 30 } }),
    ...extra,
  };
}

const spec1Artifacts: ArtifactComparison[] = [
  artifact('infra/node2.tf', 'Created', 'added', 'match', { location: { file: RECORD1, line: 31 }, blob: 'b10b', commit: 'c0ffee1' }),
  artifact('infra/main.tf', 'Created', 'modified', 'wrong-status', { location: { file: RECORD1, line: 32 } }),
  artifact('infra/variables.tf', null, 'modified', 'unlisted'),
  artifact('docs/ghost.md', 'Modified', 'untouched', 'phantom', { location: { file: RECORD1, line: 33 } }),
  artifact('infra/old.tf', 'Modified', 'deleted', 'missing', { existsNow: false, location: { file: RECORD1, line: 34 } }),
  artifact('infra/legacy.tf', 'Deleted', 'untouched', 'still-present', { existsNow: true, location: { file: RECORD1, line: 35 } }),
  artifact('../../etc/passwd', 'Modified', null, 'outside-repo', { existsNow: false, location: { file: RECORD1, line: 36 } }),
  artifact('infra/a|b <img src=x onerror=alert(1)>.tf', null, 'added', 'unlisted', { laterCommits: ['deadbeef'] }),
  artifact('infra/odd.tf', null, 'modified', 'unknown', { claimed: null, rawClaim: 'Tweaked', location: { file: RECORD1, line: 37 } }),
  artifact('infra/new-name.tf', 'Renamed', 'renamed', 'match', { oldPath: 'infra/old-name.tf', location: { file: RECORD1, line: 38 } }),
];

function finding(ruleId: string, severity: Finding['severity'], message: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity, message, ...extra };
}

const spec1Findings: Finding[] = [
  finding('claim/overclaimed', 'error', 'Step 3 claims Pass; sdd could not run it: provider hashicorp/azurerm cannot be installed offline', {
    location: { file: RECORD1, line: 63 }, related: [{ file: SPEC1, line: 43 }], spec: SPEC1,
  }),
  finding('claim/overclaimed', 'error', 'Step 2 claims Pass; the check fails: pattern not found in `infra/main.tf`', {
    location: { file: RECORD1, line: 62, column: 3 }, spec: SPEC1, data: { expected: 'Pass', actual: 'fail' },
  }),
  finding('artifacts/unlisted', 'error', 'infra/variables.tf changed in the record\'s commits; the Artifacts table does not list it', {
    location: { file: RECORD1, line: 29 }, spec: SPEC1,
  }),
  finding('artifacts/phantom', 'warning', 'docs/ghost.md is listed as Modified; the change did not touch it', { location: { file: RECORD1, line: 33 }, spec: SPEC1 }),
  finding('record/suspect', 'warning', 'The spec changed after the record:\n2 commits, step 2 reworded', { location: { file: RECORD1, line: 1 }, spec: SPEC1 }),
  finding('provenance/bad-row', 'error', 'Row has 2 cells | expected 3: `<script>alert("cell")</script>` 100% broken ]]> <![CDATA[x]]>', { location: { file: RECORD1, line: 68, column: 1, endLine: 68, endColumn: 40 }, spec: SPEC1 }),
  finding('claim/manual', 'info', 'Step 4 has no executable check; its Pass is unverified', { spec: SPEC1 }),
  finding('drift/overclaimed', 'error', 'step 9 is claimed Pass, but a fact it states is false: “formatGreeting” (`web/src/Greeting.tsx` mentions `formatGreeting`): `web/src/Greeting.tsx` does not mention `formatGreeting` (looked in web/src/Greeting.tsx:1)', {
    location: { file: RECORD1, line: 69 }, related: [{ file: SPEC1, line: 49 }, { file: 'web/src/Greeting.tsx', line: 1 }], spec: SPEC1,
    data: { step: 9, facts: [{ claim: '`web/src/Greeting.tsx` exists', status: 'pass' }, { claim: '`web/src/Greeting.tsx` mentions `formatGreeting`', status: 'fail' }] },
  }),
  finding('drift/partly-verified', 'info', 'step 10 is claimed Pass; the facts it states hold (`web/middleware.ts` exists); not checked: `pnpm build` passes: not allowed by .sdd/config.yaml commands.allow; a person must still judge: “excludes `api/auth` from <auth> | 100%”', {
    location: { file: RECORD1, line: 70 }, related: [{ file: SPEC1, line: 50 }], spec: SPEC1,
  }),
];

const spec1: SpecResult = {
  spec: { file: SPEC1, number: 1, slug: 'second-k3s-node', title: 'Second K3s node <script>alert("title")</script> & Key Vault | Flux', draft: false },
  provenance: { file: RECORD1, executed: '2025-05-01T10:00:00Z', agent: 'Claude Code' },
  change: { source: 'record-commits', base: null, commits: ['c0ffee1', 'c0ffee2'], includesWorkingTree: false },
  steps: spec1Steps,
  artifacts: spec1Artifacts,
  coverage: { steps: 10, declared: 3, inferred: 3, partial: 2, manual: 2 },
  record: {
    recordCommit: 'c0ffee2',
    specBlobAtRecord: 'aaa111',
    specBlobNow: 'bbb222',
    status: 'suspect',
    specCommitsSince: ['f00d001', 'f00d002'],
    stepChanges: [
      { change: 'reworded', step: 2, before: 'has `helm-controller`', after: '`infra/main.tf` has `helm-controller` in `--components` | flux' },
      { change: 'added', step: 8, before: null, after: 'Docs updated' },
    ],
  },
  findings: spec1Findings,
};

const spec2Steps: StepComparison[] = [
  step(SPEC2, null, 1, 'Die Datei `größe.txt` existiert ✓', null,
    evidence(SPEC2, 1, 'ü', 'inferred', [check('pass', '`größe.txt` exists')], 'pass'), 'unclaimed'),
  step(SPEC2, null, 2, 'A line with a control char \u001b[31mred\u001b[0m and a tab\there', null,
    evidence(SPEC2, 2, 'ctl', 'manual', [], 'manual'), 'unclaimed'),
];

const spec2: SpecResult = {
  spec: { file: SPEC2, number: 2, slug: 'ünïcode-名前', title: 'Ünïcode ✓ spec — 日本語 🚀', draft: true },
  provenance: null,
  change: null,
  steps: spec2Steps,
  artifacts: [],
  coverage: { steps: 2, declared: 0, inferred: 1, partial: 0, manual: 1 },
  record: null,
  findings: [
    finding('provenance/missing-record', 'warning', 'The spec has no provenance record', { location: { file: SPEC2, line: 1 }, spec: SPEC2 }),
  ],
};

const spec3: SpecResult = {
  spec: { file: SPEC3, number: 3, slug: 'percent', title: null, draft: null },
  provenance: { file: RECORD3, executed: null, agent: null },
  change: { source: 'base-range', base: 'origin/main', commits: ['abc1234'], includesWorkingTree: true },
  steps: [
    step(SPEC3, RECORD3, 1, 'Coverage is 100%, a,b: c', 'Pass',
      evidence(SPEC3, 1, 'pct', 'declared', [check('pass', 'coverage 100%, a,b: c', { kind: 'data.path' })], 'pass'), 'confirmed'),
  ],
  artifacts: [artifact('src/100%.ts', 'Created', 'added', 'match', { location: { file: RECORD3, line: 20 } })],
  coverage: { steps: 1, declared: 1, inferred: 0, partial: 0, manual: 0 },
  record: { recordCommit: 'abc1234', specBlobAtRecord: 'ccc', specBlobNow: 'ccc', status: 'current', specCommitsSince: [], stepChanges: [] },
  findings: [],
};

const globalFindings: Finding[] = [
  finding('discover/orphan-record', 'error', 'Record names a spec that does not exist: `spec-0009.md`\nRename it or delete it.', { location: { file: '.sdd/provenance/spec-0009-gone.provenance.md', line: 3, column: 12 } }),
  finding('config/unknown-key', 'warning', 'Unknown key `strictt` in .sdd/config.yaml, line 4: ignored %0A::error::injected') ,
  finding('discover/shallow', 'info', 'History is shallow: commits that added records may be missing'),
];

const specs = [spec2, spec1, spec3];
const allFindings = [...globalFindings, ...specs.flatMap((spec) => spec.findings)];

export const fixture: ValidateResult = ValidateResultSchema.parse({
  schemaVersion: 2,
  tool: { name: 'sdd', version: '0.1.0' },
  findings: globalFindings,
  specs,
  summary: summarize(specs, allFindings),
  exitCode: 1,
});

/** A clean run: one spec, everything confirmed, no findings. */
export const cleanFixture: ValidateResult = ValidateResultSchema.parse({
  schemaVersion: 2,
  tool: { name: 'sdd', version: '0.1.0' },
  findings: [],
  specs: [{ ...spec3 }],
  summary: summarize([spec3], []),
  exitCode: 0,
});
