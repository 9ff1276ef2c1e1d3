// The synthetic documents of the benchmark repository: pure functions from a
// pair's number (and its drift case) to file paths and markdown, shaped like
// the real specs and provenance records (seed record, kevinryan-io corpus).

/** Drift cases, one per 50 pairs (2%), rotating so every kind appears. */
export const DRIFT_KINDS = ['unlisted', 'phantom', 'false-pass'];
export const DRIFT_EVERY = 50;

/** @param {number} index zero-based pair index */
export function driftOf(index) {
  if (index % DRIFT_EVERY !== DRIFT_EVERY - 1) return null;
  return DRIFT_KINDS[Math.floor(index / DRIFT_EVERY) % DRIFT_KINDS.length];
}

const MODULES = 6;

export function pairNames(index) {
  const id = String(index + 1).padStart(4, '0');
  const slug = `bench-feature-${id}`;
  return {
    id,
    slug,
    spec: `.sdd/specification/spec-${id}-${slug}.md`,
    record: `.sdd/provenance/spec-${id}-${slug}.provenance.md`,
    dir: `src/f${id}`,
    modules: Array.from({ length: MODULES }, (_, k) => `src/f${id}/mod-${k + 1}.ts`),
    config: `src/f${id}/config.yaml`,
    readme: `src/f${id}/README.md`,
    modified: `lib/f${id}/index.ts`,
    deleted: `legacy/f${id}.txt`,
    unlisted: `src/f${id}/extra.ts`,
    phantom: `src/f${id}/phantom.ts`,
  };
}

/** Files the initial commit holds for a pair: the ones its own commit modifies and deletes. */
export function initialFiles(index) {
  const n = pairNames(index);
  return [
    [n.modified, `// Feature ${n.id}: shared entry point.\nexport const placeholder${n.id} = true;\n`],
    [n.deleted, `Legacy notes for feature ${n.id}, replaced by ${n.dir}/.\n`],
  ];
}

function moduleSource(id, k) {
  const lines = [
    `// Feature ${id}, module ${k}: generated for the sdd benchmark.`,
    `import { strict as assert } from 'node:assert';`,
    '',
    `export interface Feature${id}Options${k} {`,
    '  name: string;',
    '  retries: number;',
    '  timeoutSeconds: number;',
    '}',
    '',
    `export function feature${id}m${k}(options: Feature${id}Options${k}): string {`,
    '  assert(options.retries >= 0, "retries must not be negative");',
    `  return \`\${options.name}:${k}:\${options.retries}:\${options.timeoutSeconds}\`;`,
    '}',
    '',
  ];
  return lines.join('\n');
}

/**
 * What the pair's commit adds, modifies and deletes (drift included). `documented` false: the same
 * feature and commit without its spec and record (a repository's code that no spec describes).
 */
export function pairChanges(index, documented = true) {
  const n = pairNames(index);
  const drift = driftOf(index);
  const put = [
    ...(documented
      ? [
          [n.spec, specMarkdown(index)],
          [n.record, recordMarkdown(index)],
        ]
      : []),
    ...n.modules.map((file, k) => [file, moduleSource(n.id, k + 1)]),
    [n.config, `feature: "${n.id}"\nenabled: true\nretries: 30\nsleepSeconds: 10\n`],
    [n.modified, `// Feature ${n.id}: shared entry point.\nexport * from '../../${n.dir}/mod-1.js';\nexport const feature${n.id} = 'ready';\n`],
  ];
  if (drift === 'unlisted') put.push([n.unlisted, `export const extra${n.id} = 'not in the record';\n`]);
  return { put, remove: [n.deleted] };
}

function steps(index) {
  const n = pairNames(index);
  const fileCount = MODULES + 1 + (driftOf(index) === 'unlisted' ? 1 : 0);
  const wanted = driftOf(index) === 'false-pass' ? 'NEVER_WRITTEN_TOKEN' : `export function feature${n.id}m1`;
  return [
    `This spec has been saved to \`${n.spec}\``,
    `\`${n.modules[0]}\` exists and contains \`${wanted}\``,
    ...n.modules.slice(1).map((file, k) => `\`${file}\` exists and contains \`export function feature${n.id}m${k + 2}\``),
    `\`${n.config}\` exists and contains \`enabled: true\``,
    `\`${n.deleted}\` no longer exists`,
    `\`${n.modified}\` exists and contains \`feature${n.id}\``,
    `\`${n.dir}/\` has ${fileCount} files`,
    `\`${n.modules[1]}\` does NOT contain \`console.log\``,
    '`pnpm lint` passes',
    `The provenance record exists at \`${n.record}\``,
    'All files are committed together in a single commit',
  ];
}

const PROSE =
  'The change keeps the existing public surface, adds the new modules behind a single entry point, ' +
  'and retires the legacy notes that the new modules replace. Nothing outside the feature folder changes.';

export function specMarkdown(index) {
  const n = pairNames(index);
  const lines = [
    '---',
    `title: "Spec ${n.id}: Bench feature ${n.id}"`,
    'draft: false',
    '---',
    '',
    `# Spec ${n.id}: Bench feature ${n.id}`,
    '',
    '## Task',
    '',
    `1. Save this spec to \`${n.spec}\` in the repo.`,
    '2. Implement all changes described below.',
    `3. After completing all work, create a provenance record at \`${n.record}\`.`,
    '',
    '## Prerequisites',
    '',
    `- Read \`${n.modified}\`: the current entry point of the feature.`,
    `- Read \`${n.deleted}\`: the notes this spec retires.`,
    '',
    '## Context',
    '',
    PROSE,
    '',
    PROSE,
    '',
    PROSE,
    '',
    '### Current state',
    '',
    '| File | What it does |',
    '|------|--------------|',
    `| \`${n.modified}\` | Entry point, re-exports nothing yet |`,
    `| \`${n.deleted}\` | Notes to be removed |`,
    '',
    `## 1. Modules — \`${n.dir}/\``,
    '',
    ...n.modules.map((file, k) => `- \`${file}\`: exports \`feature${n.id}m${k + 1}\` with retries and a timeout.`),
    '',
    '```ts',
    `export function feature${n.id}m1(options: Options): string {`,
    '  return options.name;',
    '}',
    '```',
    '',
    '## 2. Configuration',
    '',
    `Create \`${n.config}\` with \`enabled: true\`, 30 retries and a 10 second sleep.`,
    '',
    '## Out of scope',
    '',
    '- Deployment of the feature.',
    '- Documentation outside the feature folder.',
    '',
    '## Validation steps',
    '',
    ...steps(index).map((step, k) => `${k + 1}. ${step}`),
    '',
  ];
  return lines.join('\n');
}

function artifactRows(index) {
  const n = pairNames(index);
  const rows = [
    [n.spec, 'Created'],
    ...n.modules.map((file) => [file, 'Created']),
    [n.config, 'Created'],
    [n.modified, 'Modified'],
    [n.deleted, 'Deleted'],
    [n.record, 'Created'],
  ];
  if (driftOf(index) === 'phantom') rows.splice(rows.length - 1, 0, [n.phantom, 'Created']);
  return rows;
}

export function recordMarkdown(index) {
  const n = pairNames(index);
  const results = steps(index).map((step, k) => {
    const result = step.startsWith('`pnpm lint`') ? 'Not run — lint not available in agent environment' : 'Pass';
    return `| ${k + 1} | ${step} | ${result} |`;
  });
  const lines = [
    '---',
    `title: "Provenance: Spec ${n.id} — Bench feature ${n.id}"`,
    'draft: false',
    '---',
    '',
    `**Spec:** \`${n.spec}\``,
    `**Executed:** 2026-03-${String((index % 28) + 1).padStart(2, '0')}`,
    '**Agent:** bench-agent (synthetic)',
    '',
    '---',
    '',
    '## Actions Taken',
    '',
    `- Read \`${n.spec}\` — the full specification.`,
    `- Read \`${n.modified}\` and \`${n.deleted}\` for context.`,
    `- Created \`${n.spec}\` — saved the spec verbatim.`,
    `- Created \`${n.dir}/\` directory with ${MODULES + 1} files:`,
    ...n.modules.map(
      (file, k) =>
        `  - \`${file.split('/').pop()}\` — \`feature${n.id}m${k + 1}\` with retries and a timeout; validates its options with \`assert\` and returns a stable key`,
    ),
    `  - \`config.yaml\` — \`enabled: true\`, 30 retries, 10 second sleep`,
    `- Modified \`${n.modified}\` — re-exported \`${n.dir}/mod-1.ts\`, added \`feature${n.id}\`.`,
    `- Deleted \`${n.deleted}\` — replaced by the new modules.`,
    `- Ran the validation steps listed below; \`pnpm lint\` could not run in the agent environment.`,
    `- Created \`${n.record}\` (this file).`,
    '- Committed all changes together.',
    '',
    '## Decisions Made',
    '',
    '| Decision | Options Considered | Chosen | Rationale |',
    '|----------|-------------------|--------|-----------|',
    '| Module layout | (a) one file, (b) one file per function | One file per function | Smaller diffs and clearer ownership; matches the existing folders. |',
    '| Configuration format | YAML vs JSON | YAML | The rest of the repository configures features in YAML. |',
    '| Retry policy | Fixed vs exponential backoff | Fixed, 30 × 10 s | The spec names the numbers; exponential backoff would change the timing it asks for. |',
    '| Option validation | (a) none, (b) `assert`, (c) a schema library | `assert` | No new dependency; the options are internal and a failed assertion names the field. |',
    '| Legacy notes | Keep as an archive vs delete | Delete | The spec retires them; git history keeps the text for anyone who needs it. |',
    '',
    '## Assumptions',
    '',
    '| # | Assumption | Spec Reference | Rationale |',
    '|---|-----------|----------------|-----------|',
    `| A1 | \`${n.modified}\` has no other importers | §1 | Verified by searching the repository. |`,
    '| A2 | The legacy notes are not linked from documentation | §2 | Verified by searching the repository. |',
    '| A3 | Timeouts are whole seconds | §2 | The spec gives "10 second"; fractional values are never used in the repository. |',
    '| A4 | The modules run on Node 20 | §1 | The repository\'s `engines` field says so. |',
    '',
    '## Ambiguities',
    '',
    '| # | Ambiguity | Spec Reference | Interpretation | Alternative Reading |',
    '|---|----------|----------------|----------------|-------------------|',
    '| B1 | "30 retries" | §2 | 30 attempts after the first | 30 attempts in all |',
    '| B2 | "a 10 second sleep" | §2 | Fixed sleep between attempts | Sleep before the first attempt too |',
    '| B3 | "single entry point" | §1 | Re-export from the existing `index.ts` | A new `index.ts` in the feature folder |',
    '',
    '## Deviations from Spec',
    '',
    'No deviations from spec.',
    '',
    '## Build Status',
    '',
    '**Status:** Complete',
    `**Summary:** All modules of feature ${n.id} are in place behind the shared entry point; the legacy notes are gone. ${PROSE}`,
    '**Known limitations:**',
    '- `pnpm lint` was not run: the agent environment has no workspace dependencies installed.',
    '- The retry policy is not exercised by a test; the Testing Agent owns that.',
    '',
    '## Post-merge Manual Steps',
    '',
    '1. `pnpm build` — rebuild the packages that import the feature.',
    '2. Announce the retired notes to the team.',
    '',
    '## Artifacts Produced',
    '',
    '| File | Status |',
    '|------|--------|',
    ...artifactRows(index).map(([file, status]) => `| \`${file}\` | ${status} |`),
    '',
    '## Validation Results',
    '',
    '| # | Check | Result |',
    '|---|-------|--------|',
    ...results,
    '',
  ];
  return lines.join('\n');
}
