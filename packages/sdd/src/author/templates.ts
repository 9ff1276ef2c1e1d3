/**
 * Filling a spec template: `NNNN`, `<slug>` and `<Title>` become the new
 * spec's number, slug and title. Repositories keep their own template in
 * `.sdd/specification/template.md`; the built-in one below is for those
 * that have none.
 */

export interface TemplateValues {
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

export const BUILT_IN_SPEC_TEMPLATE = `---
title: "Spec NNNN: <Title>"
draft: true
---

# Spec NNNN: <Title>

## Task

1. Save this spec to \`.sdd/specification/spec-NNNN-<slug>.md\` in the repo.
2. Implement all changes described below.
3. After completing all work, write the provenance record \`.sdd/provenance/spec-NNNN-<slug>.provenance.md\`
   (\`sdd provenance draft NNNN\` prefills it from git and the checks).

## Context

<!-- Why this work is needed, the current state, the facts the implementer needs. -->

## 1. <First change>

<!-- What to create or modify, and where. One section per logical unit of work. -->

## Out of Scope

- <what this spec does not cover>

## Manual steps (not performed by the agent)

<!-- Steps a human performs after merge; sdd reports them as unverified, never as Pass. -->

## Provenance Record

After completing the work, create \`.sdd/provenance/spec-NNNN-<slug>.provenance.md\`.

## Validation steps

After completing all work, confirm:

1. This spec has been saved to \`.sdd/specification/spec-NNNN-<slug>.md\`
2. <A file exists, or contains something precise>
3. The provenance record exists at \`.sdd/provenance/spec-NNNN-<slug>.provenance.md\`

<!-- How sdd checks each step (see \`sdd schema checks\`). A step without a check is manual: unverified, never Pass. -->

\`\`\`yaml sdd-checks
1:
  kind: file.exists
  path: .sdd/specification/spec-NNNN-<slug>.md
3:
  kind: provenance.exists
\`\`\`
`;
