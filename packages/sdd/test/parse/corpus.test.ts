import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { ProvenanceDocument, SpecDocument } from '../../src/model/index.js';
import { ProvenanceDocumentSchema, SpecDocumentSchema } from '../../src/model/index.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { corpusDocuments, describeCorpus, readCorpus as readShared } from '../support/corpus-material.js';

// Golden tests on real records of another project (the folder SDD_CORPUS names): what each file
// holds, counted by hand. Without the material these are skipped; this repository's own
// documents and fixtures are parsed by fixtures.test.ts and outline.test.ts in every clone.

function record(relative: string, file: string): ProvenanceDocument {
  const result = parseProvenance(file, readShared(relative));
  expect(result.findings).toEqual([]);
  if (!result.document) throw new Error(`no document for ${file}`);
  return result.document;
}

function spec(relative: string, file: string): SpecDocument {
  const result = parseSpec(file, readShared(relative));
  expect(result.findings).toEqual([]);
  if (!result.document) throw new Error(`no document for ${file}`);
  return result.document;
}

const tally = <T extends string | null>(words: T[]) =>
  words.reduce<Record<string, number>>((counts, word) => ({ ...counts, [String(word)]: (counts[String(word)] ?? 0) + 1 }), {});

describeCorpus('every corpus document', () => {
  it.each(corpusDocuments())('$file parses into a schema-valid document', ({ file, absolute, kind }) => {
    const text = readFileSync(absolute, 'utf8');
    const result = kind === 'spec' ? parseSpec(file, text) : parseProvenance(file, text);
    expect(result.document).not.toBeNull();
    const schema = kind === 'spec' ? SpecDocumentSchema : ProvenanceDocumentSchema;
    expect(schema.safeParse(result.document).success).toBe(true);
    for (const finding of result.findings) expect(finding.location?.file).toBe(file);
  });
});

describeCorpus('the seed record (spec 0001, flat layout)', () => {
  const file = '.sdd/provenance/spec-0001-second-k3s-node.provenance.md';
  const text = readShared('seed/spec-0001-second-k3s-node.provenance.md');
  const doc = record('seed/spec-0001-second-k3s-node.provenance.md', file);

  it('reads the header, front matter and layout', () => {
    expect(doc).toMatchObject({ number: 1, slug: 'second-k3s-node', layout: 'flat', draft: false });
    expect(doc.title).toBe('Provenance: Spec 0001 — Second K3s Node + Key Vault + Helm Controller');
    expect(doc.specRef).toEqual({
      path: '.sdd/specification/spec-0001-second-k3s-node.md',
      location: { file, line: 6, column: 1, endLine: 6, endColumn: 10 },
    });
    expect(doc.executed).toBe('2026-03-05');
    expect(doc.agent).toBe('claude-sonnet-4-6 (Claude Code, session claude/add-second-k3s-node-c8qjo)');
  });

  it('has 19 top-level actions, one with 4 nested items (23 in all)', () => {
    // The shared README says "20 actions"; the file has 19 top-level bullets and 4 nested ones.
    expect(doc.actions).toHaveLength(19);
    expect(doc.actions[3]?.children.map((child) => child.codeSpans[0])).toEqual([
      'versions.tf',
      'variables.tf',
      'main.tf',
      'outputs.tf',
    ]);
    expect(doc.actions.reduce((sum, action) => sum + 1 + action.children.length, 0)).toBe(23);
    expect(doc.actions[18]?.text).toBe('Committed all changes to branch claude/add-second-k3s-node-c8qjo and pushed to remote.');
    expect(doc.actions[0]?.location.line).toBe(14);
  });

  it('has 19 artifacts: 8 Created, 10 Modified, 1 Deleted', () => {
    const rows = doc.artifacts?.rows ?? [];
    expect(rows).toHaveLength(19);
    expect(tally(rows.map((row) => row.status))).toEqual({ Created: 8, Modified: 10, Deleted: 1 });
    expect(rows[10]).toMatchObject({ path: 'infra/modules/compute/cloud-init.yaml', status: 'Deleted', detail: null });
    expect(rows[0]?.location.line).toBe(64);
  });

  it('has 22 validation rows: 19 Pass, 2 Not run, 1 Not applicable, numbered 1..22', () => {
    const rows = doc.validationResults?.rows ?? [];
    expect(rows).toHaveLength(22);
    expect(tally(rows.map((row) => row.result))).toEqual({ Pass: 19, 'Not run': 2, 'Not applicable': 1 });
    expect(rows.map((row) => row.number)).toEqual(Array.from({ length: 22 }, (_, index) => index + 1));
    expect(rows[16]).toMatchObject({
      check: 'terraform fmt -check -recursive infra/',
      checkCodeSpans: ['terraform fmt -check -recursive infra/'],
      result: 'Not run',
      rawResult: 'Not run — terraform binary not available in agent environment',
      detail: 'terraform binary not available in agent environment',
    });
    expect(rows[19]).toMatchObject({ result: 'Not applicable', detail: 'only Terraform/infrastructure files changed' });
  });

  it('gives exact spans: a table and a section slice back to their markdown', () => {
    const table = doc.validationResults?.table;
    expect(table && text.slice(table.span.start, table.span.end)).toMatch(/^\| # \| Check \| Result \|\n[\s\S]*\| 22 \| All files committed together \| Pass \|$/);
    const section = doc.sections.find((one) => one.title === 'Decisions Made');
    expect(section && text.slice(section.span.start, section.span.end)).toBe(
      '## Decisions Made\n\nNo autonomous decisions were required — all actions were explicitly specified in the spec.\n\n',
    );
  });

  it('reads free-form sections and post-merge steps', () => {
    expect(doc.decisions).toMatchObject({ form: 'text', text: 'No autonomous decisions were required — all actions were explicitly specified in the spec.' });
    expect(doc.deviations).toMatchObject({ form: 'text', text: 'No deviations from spec.' });
    expect(doc.assumptions).toBeNull();
    expect(doc.postMergeSteps?.map((step) => step.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(doc.postMergeSteps?.[0]?.codeSpans).toEqual(['terraform init', 'random']);
    expect(doc.testing).toBeNull();
  });
});

describeCorpus('the seed as scraped text (not markdown)', () => {
  it('parses without sections, tables or header fields, and says nothing it cannot back', () => {
    const result = parseProvenance('.sdd/provenance/000_5902d85c2580e386.txt', readShared('seed/000_5902d85c2580e386.txt'));
    expect(result.document).toMatchObject({ number: null, slug: null, specRef: null, artifacts: null, validationResults: null, actions: [] });
    expect(result.document?.sections).toEqual([]);
  });
});

describeCorpus('corpus records (builder/testing layout)', () => {
  it('spec-0008: 21 actions, 13 artifacts (2 with detail), 14 Pass rows, tables for decisions and deviations', () => {
    const doc = record('corpus/kevinryan-io/.sdd/provenance/spec-0008-hq-kevinryan-io.provenance.md', '.sdd/provenance/spec-0008-hq-kevinryan-io.provenance.md');
    expect(doc).toMatchObject({ layout: 'builder-testing', number: 8, slug: 'hq-kevinryan-io', draft: false });
    expect(doc.actions).toHaveLength(21);
    expect(doc.actions.map((action) => action.number)).toEqual(Array.from({ length: 21 }, (_, index) => index + 1));
    expect(tally(doc.artifacts?.rows.map((row) => row.status) ?? [])).toEqual({ Created: 11, Modified: 2 });
    expect(doc.artifacts?.rows[9]).toMatchObject({
      path: 'k8s/flux-system/kustomization.yaml',
      status: 'Modified',
      rawStatus: 'Modified — appended - hq-kevinryan-io-sync.yaml',
      detail: 'appended - hq-kevinryan-io-sync.yaml',
    });
    expect(tally(doc.validationResults?.rows.map((row) => row.result) ?? [])).toEqual({ Pass: 14 });
    expect(doc.validationResults?.rows[10]).toMatchObject({ number: 11, detail: 'only list value added, formatting unchanged' });
    expect(doc.decisions?.form).toBe('table');
    expect(doc.decisions?.table?.rows).toHaveLength(3);
    expect(doc.deviations).toMatchObject({ form: 'table' });
    expect(doc.deviations?.table?.header).toEqual(['#', 'Deviation', 'Reason']);
    expect(doc.buildStatus).toMatchObject({ status: 'Complete' });
    expect(doc.testing).toMatchObject({ headerFields: [], findings: [], scenarioResults: null, recommendations: null });
    expect(doc.testing?.location.line).toBe(111);
  });

  it('spec-0009: "Already existed" is Unchanged, "Replaced" Modified, "Not verified"/"Pending" Not run', () => {
    const doc = record('corpus/kevinryan-io/.sdd/provenance/spec-0009-hq-nextjs-auth0.provenance.md', '.sdd/provenance/spec-0009-hq-nextjs-auth0.provenance.md');
    expect(doc.actions).toHaveLength(31);
    const rows = doc.artifacts?.rows ?? [];
    expect(rows).toHaveLength(20);
    expect(tally(rows.map((row) => row.status))).toEqual({ Unchanged: 1, Deleted: 2, Modified: 6, Created: 11 });
    expect(rows[0]).toMatchObject({ status: 'Unchanged', rawStatus: 'Already existed (prerequisite)', detail: 'prerequisite' });
    expect(rows[3]).toMatchObject({ path: 'sites/hq-kevinryan-io/Dockerfile', status: 'Modified', detail: 'Node.js server mode' });
    expect(rows[11]?.path).toBe('sites/hq-kevinryan-io/app/api/auth/[auth0]/route.ts');
    const results = doc.validationResults?.rows ?? [];
    expect(results).toHaveLength(21);
    expect(tally(results.map((row) => row.result))).toEqual({ Pass: 17, 'Not run': 4 });
    expect(results[15]).toMatchObject({ result: 'Not run', rawResult: 'Not verified (no Terraform installed)', detail: 'no Terraform installed' });
    expect(results[20]).toMatchObject({ result: 'Not run', rawResult: 'Pending (commit step)', detail: 'commit step' });
    expect(doc.deviations?.form).toBe('text');
    expect(doc.buildStatus?.knownLimitations?.split('\n')).toHaveLength(3);
    expect(doc.buildStatus?.knownLimitations).toMatch(/^- pnpm lint and pnpm build were not run locally/);
  });

  it('spec-0013: "Pre-existing" is Unchanged, "Partial" is Fail, and the testing record is read', () => {
    const doc = record('corpus/kevinryan-io/.sdd/provenance/spec-0013-claude-code-builder.provenance.md', '.sdd/provenance/spec-0013-claude-code-builder.provenance.md');
    expect(doc).toMatchObject({ layout: 'builder-testing', draft: true });
    expect(doc.actions).toHaveLength(12);
    expect(doc.artifacts?.rows.map((row) => row.status)).toEqual(['Unchanged', 'Created', 'Modified', 'Created']);
    expect(doc.artifacts?.rows[0]).toMatchObject({ rawStatus: 'Pre-existing (not created by this agent)', detail: 'not created by this agent' });
    const results = doc.validationResults?.rows ?? [];
    expect(tally(results.map((row) => row.result))).toEqual({ Pass: 13, Fail: 1 });
    expect(results[11]).toMatchObject({ number: 12, result: 'Fail' });
    expect(results[11]?.detail).toMatch(/^Partial — pre-existing errors in sites\/kevinryan-io/);
    expect(doc.assumptions?.table?.rows).toHaveLength(4);
    expect(doc.ambiguities?.table?.rows).toHaveLength(1);
    const testing = doc.testing;
    expect(testing?.headerFields.map((field) => [field.name, field.value])).toEqual([
      ['Tested', '—'],
      ['Agent', '—'],
      ['Scenarios', '.sdd/scenarios/spec-0013-claude-code-builder.scenarios.md'],
    ]);
    expect(testing?.findings.map((finding) => finding.title)).toEqual(['Gaps', 'Assumption Challenges', 'Ambiguity Assessments', 'Silences']);
    expect(testing?.findings.every((finding) => finding.content.form === 'table')).toBe(true);
    expect(testing?.scenarioResults?.table?.header).toEqual(['Scenario', 'Title', 'Result', 'Notes']);
    expect(testing?.recommendations?.table?.header).toEqual(['Scenario', 'Recommendation', 'Action For']);
  });

  it('prov-0011: loose file name gives number and slug; nested actions; deviations as a list', () => {
    const doc = record('corpus/kevinryan-io/.sdd/provenance/prov-0011-linear-bug-fixes.md', '.sdd/provenance/prov-0011-linear-bug-fixes.md');
    expect(doc).toMatchObject({ number: 11, slug: 'linear-bug-fixes', draft: true, layout: 'builder-testing' });
    expect(doc.actions).toHaveLength(10);
    expect(doc.actions[4]?.children).toHaveLength(13);
    expect(doc.actions[4]?.children[0]?.codeSpans).toEqual(['isLinearIdentifier()']);
    expect(doc.deviations).toMatchObject({ form: 'list' });
    expect(doc.deviations?.items).toHaveLength(2);
    expect(doc.artifacts?.rows[0]).toMatchObject({ status: 'Modified', detail: 'frontmatter added' });
    expect(doc.validationResults?.rows).toHaveLength(15);
    expect(doc.testing).toBeNull();
  });

  it('the template: placeholder words are not read, the raw text is kept', () => {
    const doc = record('corpus/kevinryan-io/.sdd/provenance/template.md', '.sdd/provenance/template.md');
    expect(doc.artifacts?.rows[1]).toMatchObject({ status: null, rawStatus: 'Created / Modified / Deleted' });
    expect(doc.validationResults?.rows[1]).toMatchObject({ result: null, rawResult: 'Pass / Fail — details' });
    expect(doc.buildStatus?.status).toBe('Complete / Partial');
    expect(doc.decisions?.form).toBe('table'); // HTML comments are not content
  });
});

describeCorpus('corpus specs', () => {
  it('spec-0009: 16 steps, paths and commands per step', () => {
    const doc = spec('corpus/kevinryan-io/.sdd/specification/spec-0009-hq-nextjs-auth0.md', '.sdd/specification/spec-0009-hq-nextjs-auth0.md');
    expect(doc).toMatchObject({ number: 9, slug: 'hq-nextjs-auth0', draft: false, title: 'Spec 0009: HQ Next.js Application with Auth0' });
    expect(doc.validationSection?.line).toBe(439);
    expect(doc.validationSteps.map((step) => step.number)).toEqual(Array.from({ length: 16 }, (_, index) => index + 1));
    const step = (number: number) => doc.validationSteps[number - 1];
    expect(step(4)).toMatchObject({
      paths: ['sites/hq-kevinryan-io/next.config.ts'],
      commands: [],
      codeSpans: ['sites/hq-kevinryan-io/next.config.ts', "output: 'export'"],
      text: "sites/hq-kevinryan-io/next.config.ts exists and does NOT contain output: 'export'",
      markdown: "`sites/hq-kevinryan-io/next.config.ts` exists and does NOT contain `output: 'export'`",
    });
    expect(step(3)?.paths).toEqual(['sites/hq-kevinryan-io/package.json']);
    expect(step(12)?.paths).toEqual(['.github/workflows/deploy-hq.yml', 'sites/hq-kevinryan-io/**']);
    expect(step(13)?.commands).toEqual(['pnpm lint']);
    expect(step(14)).toMatchObject({ commands: ['pnpm build'], paths: ['sites/hq-kevinryan-io/'] });
    expect(step(16)?.codeSpans).toEqual([]);
    expect(doc.prerequisites).toHaveLength(3);
    expect(doc.prerequisites?.[2]?.children).toHaveLength(3);
    expect(doc.outOfScope).toHaveLength(6);
    // Manual steps: three lists split by a bold line and a code block; numbers as written (1. 1. 1.).
    expect(doc.manualSteps?.map((item) => item.number)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(doc.manualSteps?.[0]?.children).toHaveLength(3);
    expect(doc.checkBlocks).toEqual([]);
  });

  it('spec-0009, older version (.md.txt): 21 steps, terraform fmt is a command', () => {
    const doc = spec('corpus/kevinryan-io/.sdd/specification/spec-0009-hq-nextjs-auth0.v81495010.md.txt', '.sdd/specification/spec-0009-hq-nextjs-auth0.v81495010.md.txt');
    expect(doc).toMatchObject({ number: 9, slug: 'hq-nextjs-auth0' });
    expect(doc.validationSteps).toHaveLength(21);
    expect(doc.validationSteps[15]).toMatchObject({ commands: ['terraform fmt -check -recursive infra/'], paths: [] });
    expect(doc.validationSteps[13]?.codeSpans).toEqual(['infra/main.tf', 'azurerm_key_vault_secret', 'hq-auth0-*']);
    expect(doc.validationSteps[13]?.paths).toEqual(['infra/main.tf']);
  });

  it('spec-0011: no Validation steps section (validation is "Phase 6"), draft from ## Status, title from H1', () => {
    const doc = spec('corpus/kevinryan-io/.sdd/specification/spec-0011-linear-bug-fixes.md', '.sdd/specification/spec-0011-linear-bug-fixes.md');
    expect(doc).toMatchObject({ number: 11, slug: 'linear-bug-fixes', draft: true, frontMatter: null, title: 'Spec 0011 — Linear Integration Bug Fixes' });
    expect(doc.validationSection).toBeNull();
    expect(doc.validationSteps).toEqual([]);
    expect(doc.sections.find((section) => section.title === 'Phase 6: Validation')).toMatchObject({ depth: 3, parents: ['Spec 0011 — Linear Integration Bug Fixes', 'Task'] });
  });

  it('spec-0011 after the agent added front matter (.md.txt): title and draft from front matter', () => {
    const doc = spec('corpus/kevinryan-io/.sdd/specification/spec-0011-linear-bug-fixes.vca0f0698.md.txt', '.sdd/specification/spec-0011-linear-bug-fixes.vca0f0698.md.txt');
    expect(doc).toMatchObject({ title: 'Spec 0011: Linear Integration Bug Fixes', draft: true, frontMatter: { draft: true } });
    expect(doc.validationSection).toBeNull();
  });

  it('spec-0013: 14 steps; headings inside fenced code are not sections', () => {
    const doc = spec('corpus/kevinryan-io/.sdd/specification/spec-0013-claude-code-builder.md', '.sdd/specification/spec-0013-claude-code-builder.md');
    expect(doc.validationSteps).toHaveLength(14);
    expect(doc.sections.map((section) => section.title)).not.toContain('CI/CD Context — Claude Code Builder');
    expect(doc.validationSteps[1]).toMatchObject({ paths: ['.github/workflows/claude-code-builder.yml'], commands: [] });
    expect(doc.validationSteps[3]).toMatchObject({ paths: [], commands: [] }); // `pnpm` and `Node.js` name tools
    expect(doc.validationSteps[8]?.commands).toEqual(['pnpm install', 'pnpm lint', 'pnpm build']);
    expect(doc.validationSteps[2]?.paths).toEqual(['.sdd/specification/spec-*.md']);
    expect(doc.manualSteps?.map((item) => item.number)).toEqual([1, 1, 2, 3]);
  });
});
