import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { extractFacts } from '../../../src/check/facts/index.js';
import { runChecks } from '../../../src/check/index.js';
import type { ProvenanceDocument, SpecDocument, StepEvidence } from '../../../src/model/index.js';
import { defaultConfig } from '../../../src/model/index.js';
import { parseProvenance, parseSpec } from '../../../src/parse/index.js';
import { CORPUS_SDD, describeCorpus, readCorpus } from '../../support/corpus-material.js';
import { factLine } from './format.js';

/**
 * Facts read from every validation step of the real specs (the folder
 * SDD_CORPUS names), each written out by hand: tokenization, negation and
 * placement on real wording. Each fact was checked to be a necessary
 * condition of its step; the partial steps' facts were also checked by hand
 * against the real repository's files. Without the material, skipped.
 */

const FACTS: Record<string, Record<number, string[]>> = {
  'spec-0009-hq-nextjs-auth0.md': {
    1: [],
    // "the static `Dockerfile`": an adjective; a Dockerfile stays at that path (step 9).
    2: ['absent sites/hq-kevinryan-io/public/index.html', 'absent nginx.conf'],
    3: ['exists sites/hq-kevinryan-io/package.json', 'mentions sites/hq-kevinryan-io/package.json @auth0/nextjs-auth0'],
    4: ['exists sites/hq-kevinryan-io/next.config.ts', "lacks sites/hq-kevinryan-io/next.config.ts output: 'export'"],
    5: ['exists sites/hq-kevinryan-io/app/api/auth/[auth0]/route.ts'],
    6: ['exists sites/hq-kevinryan-io/app/api/healthz/route.ts'],
    // "excludes … from auth requirement" is behaviour: the file must be there; nothing is said about its text.
    7: ['exists sites/hq-kevinryan-io/middleware.ts'],
    8: ['exists sites/hq-kevinryan-io/app/page.tsx', 'mentions sites/hq-kevinryan-io/app/page.tsx NEXT_PUBLIC_COMMIT_SHA'],
    9: [
      'exists sites/hq-kevinryan-io/Dockerfile',
      'mentions sites/hq-kevinryan-io/Dockerfile node:22.22.0-alpine3.23',
      'lacks sites/hq-kevinryan-io/Dockerfile nginx',
      'mentions sites/hq-kevinryan-io/Dockerfile 3000',
    ],
    10: [
      'exists k8s/hq-kevinryan-io/deployment.yaml',
      'mentions k8s/hq-kevinryan-io/deployment.yaml 3000',
      'mentions k8s/hq-kevinryan-io/deployment.yaml envFrom',
      'mentions k8s/hq-kevinryan-io/deployment.yaml hq-auth0-secrets',
    ],
    11: ['exists k8s/hq-kevinryan-io/service.yaml'],
    // "`…/deploy-hq.yml` path trigger references …": words between the file and its verb; inference reads it whole.
    12: [],
    13: ['command pnpm lint'],
    // The parenthetical ("without Auth0 env vars …") is for a person; the command passing in that folder is a fact.
    14: ['command pnpm build @ sites/hq-kevinryan-io/'],
    15: [],
    16: [],
  },
  'spec-0009-hq-nextjs-auth0.v81495010.md.txt': {
    1: [],
    2: ['absent sites/hq-kevinryan-io/public/index.html', 'absent nginx.conf'],
    3: ['exists sites/hq-kevinryan-io/package.json', 'mentions sites/hq-kevinryan-io/package.json @auth0/nextjs-auth0'],
    4: ['exists sites/hq-kevinryan-io/next.config.ts', "lacks sites/hq-kevinryan-io/next.config.ts output: 'export'"],
    5: ['exists sites/hq-kevinryan-io/app/api/auth/[auth0]/route.ts'],
    6: ['exists sites/hq-kevinryan-io/app/api/healthz/route.ts'],
    7: ['exists sites/hq-kevinryan-io/middleware.ts'],
    8: ['exists sites/hq-kevinryan-io/app/page.tsx', 'mentions sites/hq-kevinryan-io/app/page.tsx NEXT_PUBLIC_COMMIT_SHA'],
    9: [
      'exists sites/hq-kevinryan-io/Dockerfile',
      'mentions sites/hq-kevinryan-io/Dockerfile node:22.22.0-alpine3.23',
      'lacks sites/hq-kevinryan-io/Dockerfile nginx',
      'mentions sites/hq-kevinryan-io/Dockerfile 3000',
    ],
    10: [
      'exists k8s/hq-kevinryan-io/deployment.yaml',
      'mentions k8s/hq-kevinryan-io/deployment.yaml 3000',
      'mentions k8s/hq-kevinryan-io/deployment.yaml envFrom',
      'mentions k8s/hq-kevinryan-io/deployment.yaml hq-auth0-secrets',
    ],
    11: ['exists k8s/hq-kevinryan-io/service.yaml'],
    // "maps all five Auth0 variables" is for a person.
    12: ['exists k8s/hq-kevinryan-io/externalsecret.yaml', 'mentions k8s/hq-kevinryan-io/externalsecret.yaml ClusterSecretStore', 'mentions k8s/hq-kevinryan-io/externalsecret.yaml azure-keyvault'],
    // `sensitive = true` is a structure: its names, since terraform fmt aligns the `=` (`sensitive   = true`).
    13: [
      'exists infra/variables.tf',
      'mentions infra/variables.tf auth0_secret',
      'mentions infra/variables.tf auth0_issuer_base_url',
      'mentions infra/variables.tf auth0_client_id',
      'mentions infra/variables.tf auth0_client_secret',
      'mentions infra/variables.tf sensitive + true',
    ],
    // "five … resources for `hq-auth0-*`": neither the count nor what follows `for` is held as written.
    14: ['exists infra/main.tf', 'mentions infra/main.tf azurerm_key_vault_secret'],
    // A pattern's literal part; "in both plan and apply jobs" is for a person.
    15: ['exists .github/workflows/terraform.yml', 'mentions .github/workflows/terraform.yml TF_VAR_auth0_'],
    16: ['command terraform fmt -check -recursive infra/'],
    17: [],
    18: ['command pnpm lint'],
    19: ['command pnpm build @ sites/hq-kevinryan-io/'],
    20: [],
    21: [],
  },
  'spec-0011-linear-bug-fixes.md': {},
  'spec-0011-linear-bug-fixes.vca0f0698.md.txt': {},
  'spec-0013-claude-code-builder.md': {
    1: [],
    2: ['exists .github/workflows/claude-code-builder.yml', 'mentions .github/workflows/claude-code-builder.yml anthropics/claude-code-action@v1'],
    // "The workflow": the one workflow the spec names; the parenthetical is not read.
    3: ['exists the workflow', 'mentions the workflow pull_request', 'mentions the workflow issue_comment', 'mentions the workflow workflow_dispatch'],
    // "sets up `pnpm` and `Node.js`": a workflow sets Node up with actions/setup-node; the words need not occur.
    4: ['exists the workflow'],
    // Subjects that are not files (`claude_args`, `--allowedTools`, `prompt`, "The CI section"): nothing.
    5: [],
    6: [],
    7: [],
    8: ['exists AGENTS.md', 'mentions AGENTS.md CI/CD Context — Claude Code Builder'],
    9: [],
    10: ['unchanged-files .github/workflows/**'],
    // "site code files" names no kind of file sdd knows.
    11: [],
    12: ['command pnpm lint'],
    13: [],
    14: [],
  },
  'template.md': { 1: [], 2: [], 3: [], 4: ['command terraform fmt -check -recursive infra/'], 5: ['command pnpm lint'], 6: [], 7: [] },
};

/** How each spec's steps are checked, with the record the real repository has for it. */
const COVERAGE: Record<string, { record: string | null; sources: Record<string, number[]> }> = {
  'spec-0009-hq-nextjs-auth0.md': { record: 'spec-0009-hq-nextjs-auth0.provenance.md', sources: { partial: [2, 7, 10, 14], manual: [] } },
  'spec-0009-hq-nextjs-auth0.v81495010.md.txt': { record: 'spec-0009-hq-nextjs-auth0.provenance.md', sources: { partial: [2, 7, 10, 12, 13, 14, 15, 19], manual: [] } },
  'spec-0013-claude-code-builder.md': { record: 'spec-0013-claude-code-builder.provenance.md', sources: { partial: [3, 4, 10], manual: [5, 6, 7, 9, 11] } },
  'template.md': { record: null, sources: { partial: [], manual: [1, 2, 3, 6] } },
};

const specOf = (name: string): SpecDocument => {
  const { document } = parseSpec(`.sdd/specification/${name}`, readCorpus(`corpus/kevinryan-io/.sdd/specification/${name}`));
  if (!document) throw new Error(`${name} does not parse`);
  return document;
};
const recordOf = (name: string | null): ProvenanceDocument | null =>
  name === null ? null : parseProvenance(`.sdd/provenance/${name}`, readCorpus(`corpus/kevinryan-io/.sdd/provenance/${name}`)).document;

describeCorpus('facts read from the corpus steps', () => {
  it.each(Object.keys(FACTS))('%s', (name) => {
    const steps = specOf(name).validationSteps;
    expect(Object.fromEntries(steps.map((step) => [step.number, extractFacts(step.markdown).map(factLine)]))).toEqual(FACTS[name]);
  });

  it('covers every corpus spec', () => {
    expect(CORPUS_SDD).not.toBeNull();
    expect(Object.keys(FACTS).sort()).toEqual(Object.keys(FACTS));
  });
});

describeCorpus('coverage of the corpus steps: declared, inferred or partial', () => {
  let root = '';
  const evidence = new Map<string, StepEvidence[]>();
  beforeAll(async () => {
    // The checks run against an empty folder: here only how each step is checked matters, not what its files hold.
    root = await mkdtemp(path.join(os.tmpdir(), 'sdd-corpus-'));
    for (const [name, { record }] of Object.entries(COVERAGE)) {
      const result = await runChecks({
        workspace: { root, config: defaultConfig(), configFile: null, specFiles: [], provenanceFiles: [], git: null, findings: [] },
        specs: [{ spec: specOf(name), record: recordOf(record) }],
      });
      evidence.set(name, result.evidence);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each(Object.keys(COVERAGE))('%s', (name) => {
    const steps = evidence.get(name) ?? [];
    const of = (source: string) => steps.filter((step) => step.source === source).map((step) => step.step);
    expect({ partial: of('partial'), manual: of('manual') }).toEqual(COVERAGE[name]?.sources);
    expect(of('declared')).toEqual([]);
  });

  it('at least 80% of the steps are declared, inferred or partial', () => {
    const all = [...evidence.values()].flat();
    const checked = all.filter((step) => step.source !== 'manual').length;
    const figures = `${checked} of ${all.length} steps (${Math.round((checked / all.length) * 100)}%): ${all.filter((s) => s.source === 'inferred').length} inferred, ${all.filter((s) => s.source === 'partial').length} partial, ${all.filter((s) => s.source === 'manual').length} manual`;
    console.log(figures);
    expect(figures).toBe('49 of 58 steps (84%): 34 inferred, 15 partial, 9 manual');
    expect(checked / all.length).toBeGreaterThanOrEqual(0.8);
  });

  it("no fact contradicts the record's own table: what it deleted is said gone, what it made is said there", () => {
    for (const [name, { record }] of Object.entries(COVERAGE)) {
      const rows = new Map((recordOf(record)?.artifacts?.rows ?? []).map((row) => [row.path, row.status]));
      for (const step of evidence.get(name) ?? []) {
        if (step.source !== 'partial') continue;
        for (const check of step.checks) {
          const file = typeof check.args.path === 'string' ? check.args.path : null;
          if (file === null || !rows.has(file)) continue;
          if (check.kind === 'file.absent') expect(rows.get(file), `${name} step ${step.step}: ${check.fact?.claim}`).toBe('Deleted');
          else expect(rows.get(file), `${name} step ${step.step}: ${check.fact?.claim}`).not.toBe('Deleted');
        }
      }
    }
  });

  it('places the bare names by the record: `nginx.conf` is the file the record deleted', () => {
    const step2 = evidence.get('spec-0009-hq-nextjs-auth0.md')?.find((step) => step.step === 2);
    expect(step2?.checks.map((check) => [check.kind, check.args.path, check.fact?.placed?.by ?? 'as-written'])).toEqual([
      ['file.absent', 'sites/hq-kevinryan-io/public/index.html', 'as-written'],
      ['file.absent', 'sites/hq-kevinryan-io/nginx.conf', 'artifacts'],
    ]);
    const step3 = evidence.get('spec-0013-claude-code-builder.md')?.find((step) => step.step === 3);
    expect(step3?.checks[0]?.fact?.placed).toEqual({ written: 'the workflow', path: '.github/workflows/claude-code-builder.yml', by: 'artifacts' });
  });
});
