import { renderDraft } from './draft.js';

/**
 * Filling a spec template: `NNNN`, `<slug>` and `<Title>` become the new
 * spec's number, slug and title. Repositories keep their own template in
 * `.sdd/specification/template.md`; the built-in one below is for those
 * that have none.
 */

interface TemplateValues {
  /** Four digits: `0007`. */
  number: string;
  slug: string;
  title: string;
}

const FRONT_MATTER = /^(\uFEFF?---\r?\n)([\s\S]*?\r?\n)(---\r?\n)/;

export function fillTemplate(template: string, values: TemplateValues): string {
  const fill = (text: string, title: string) =>
    text
      .replace(/\bNNNN\b/g, values.number)
      .replace(/<slug>/g, values.slug)
      .replace(/<Title>/g, () => title);
  const frontMatter = FRONT_MATTER.exec(template);
  if (!frontMatter) return fill(template, values.title);
  // Inside front matter the title usually sits in a double-quoted YAML string.
  const [whole, open = '', body = '', close = ''] = frontMatter;
  return open + fill(body, yamlQuotedContent(values.title)) + close + fill(template.slice(whole.length), values.title);
}

/** Escapes what would end or break a double-quoted YAML scalar. */
function yamlQuotedContent(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

interface TemplateSetting {
  /** The command that runs sdd in this repository: `sdd`, `npx sdd`, `pnpm exec sdd`. */
  run: string;
  /** The configured document folders. */
  specs: string;
  provenance: string;
}

const DEFAULT_SETTING: TemplateSetting = { run: 'sdd', specs: '.sdd/specification', provenance: '.sdd/provenance' };

/** The spec template `sdd new spec` falls back to and `sdd init` writes, with this repository's commands and folders. */
export function specTemplate(setting: TemplateSetting = DEFAULT_SETTING): string {
  const { run, specs, provenance } = setting;
  return `---
title: "Spec NNNN: <Title>"
draft: true
---

# Spec NNNN: <Title>

## Task

1. Save this spec to \`${specs}/spec-NNNN-<slug>.md\` in the repo.
2. Implement all changes described below.
3. After completing all work, write the provenance record \`${provenance}/spec-NNNN-<slug>.provenance.md\`
   (\`${run} provenance draft NNNN\` prefills it from git and the checks).

## Context

<!-- Why this work is needed, the current state, the facts the implementer needs. -->

## 1. <First change>

<!-- What to create or modify, and where. One section per logical unit of work. -->

## Out of Scope

- <what this spec does not cover>

## Manual steps (not performed by the agent)

<!-- Steps a human performs after merge; sdd reports them as unverified, never as Pass. -->

## Provenance Record

After completing the work, create \`${provenance}/spec-NNNN-<slug>.provenance.md\`.

## Validation steps

After completing all work, confirm:

1. This spec has been saved to \`${specs}/spec-NNNN-<slug>.md\`
2. <A file exists, or contains something precise>
3. The provenance record exists at \`${provenance}/spec-NNNN-<slug>.provenance.md\`

<!-- How sdd checks each step (see \`${run} schema checks\`). A step without a check is manual: unverified, never Pass. -->

\`\`\`yaml sdd-checks
1:
  kind: file.exists
  path: ${specs}/spec-NNNN-<slug>.md
3:
  kind: provenance.exists
\`\`\`
`;
}

export const BUILT_IN_SPEC_TEMPLATE = specTemplate();

/**
 * The provenance template `sdd init` writes: the layout `sdd provenance
 * draft` writes (the same renderer, so the two cannot disagree), with
 * placeholder rows showing the words the two tables use.
 */
export function provenanceTemplate(setting: TemplateSetting = DEFAULT_SETTING): string {
  const specFile = `${setting.specs}/spec-NNNN-<slug>.md`;
  const recordFile = `${setting.provenance}/spec-NNNN-<slug>.provenance.md`;
  const draft = renderDraft({
    specFile,
    specNumber: null,
    specTitle: '<Title>',
    recordFile,
    date: '<YYYY-MM-DD>',
    agent: null,
    artifacts: [
      { path: specFile, status: 'Created' },
      { path: 'path/to/new-file', status: 'Created' },
      { path: 'path/to/changed-file', status: 'Modified' },
      { path: 'path/to/removed-file', status: 'Deleted' },
      { path: recordFile, status: 'Created' },
    ],
    steps: [
      { step: 1, markdown: `This spec has been saved to \`${specFile}\``, status: 'pass', note: null },
      { step: 2, markdown: '`hello.txt` contains `Hello`', status: 'fail', note: '`hello.txt` does not contain "Hello"' },
      { step: 3, markdown: 'A person has read the greeting aloud', status: 'manual', note: null },
    ],
  });
  const start = `<!-- Start from \`${setting.run} provenance draft NNNN\`: it writes this layout with the header, Artifacts Produced (from git) and Validation Results (measured by sdd) filled in; \`${setting.run} provenance sync NNNN\` keeps those two tables in line with the change. -->`;
  return draft.replace('title: "Provenance: Spec — <Title>"', 'title: "Provenance: Spec NNNN — <Title>"').replace('\n---\n\n## ', `\n---\n\n${start}\n\n## `);
}
