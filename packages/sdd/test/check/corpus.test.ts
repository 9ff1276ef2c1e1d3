import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { inferChecks } from '../../src/check/infer.js';
import { parseSpec } from '../../src/parse/index.js';
import { CORPUS_SDD, describeCorpus } from '../support/corpus-material.js';

/**
 * Inference on real specs of another project (the folder SDD_CORPUS names): which steps become checks,
 * of which kinds. A change in these figures is a change in what sdd verifies
 * for real repositories, so it must be deliberate.
 */
const DIR = CORPUS_SDD === null ? '' : `${CORPUS_SDD}/specification/`;

/** Per corpus file: step number → the kinds inferred, `manual` when none. */
const EXPECTED: Record<string, Record<number, string>> = {
  'spec-0009-hq-nextjs-auth0.md': {
    1: 'file.exists',
    2: 'manual', // "the static `Dockerfile`": step 9 keeps a Dockerfile at that path, so absence is not what is meant
    3: 'file.exists data.path',
    4: 'file.exists file.not-contains',
    5: 'file.exists',
    6: 'file.exists',
    7: 'manual', // "excludes … from auth requirement" is behaviour, not text
    8: 'file.exists file.contains',
    9: 'file.exists file.contains file.not-contains file.contains',
    10: 'manual', // "`envFrom` referencing `…`" names no place sdd can check without guessing
    11: 'file.contains',
    12: 'data.path',
    13: 'command',
    14: 'manual', // "(without Auth0 env vars …)" changes the conditions of the command
    15: 'provenance.exists',
    16: 'git.committed-together',
  },
  'spec-0009-hq-nextjs-auth0.v81495010.md.txt': {
    1: 'file.exists', 2: 'manual', 3: 'file.exists data.path', 4: 'file.exists file.not-contains', 5: 'file.exists', 6: 'file.exists', 7: 'manual',
    8: 'file.exists file.contains', 9: 'file.exists file.contains file.not-contains file.contains', 10: 'manual', 11: 'file.contains',
    12: 'manual', 13: 'manual', 14: 'manual', 15: 'manual', 16: 'terraform.fmt', 17: 'data.path', 18: 'command', 19: 'manual', 20: 'provenance.exists', 21: 'git.committed-together',
  },
  'spec-0011-linear-bug-fixes.md': {},
  'spec-0011-linear-bug-fixes.vca0f0698.md.txt': {},
  'spec-0013-claude-code-builder.md': {
    1: 'file.exists',
    2: 'file.exists file.contains',
    3: 'manual', 4: 'manual', 5: 'manual', 6: 'manual', 7: 'manual', // statements about a workflow's meaning
    8: 'file.contains',
    9: 'manual', 10: 'manual', 11: 'manual',
    12: 'command',
    13: 'provenance.exists',
    14: 'git.committed-together',
  },
  // `terraform fmt -check -recursive infra/` is sdd's own terraform.fmt, which needs no allow-list entry.
  'template.md': { 1: 'manual', 2: 'manual', 3: 'manual', 4: 'terraform.fmt', 5: 'command', 6: 'manual', 7: 'git.committed-together' },
};

describeCorpus('inference on the corpus specs', () => {
  const files = readdirSync(DIR).sort();
  const inferred = Object.fromEntries(
    files.map((name) => {
      const { document } = parseSpec(`.sdd/specification/${name}`, readFileSync(`${DIR}${name}`, 'utf8'));
      const steps = document?.validationSteps ?? [];
      return [name, Object.fromEntries(steps.map((s) => [s.number, inferChecks(s)?.map((c) => c.definition.kind).join(' ') ?? 'manual']))];
    }),
  ) as Record<string, Record<number, string>>;

  it('covers every corpus spec', () => {
    expect(Object.keys(inferred)).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s', (name) => {
    expect(inferred[name]).toEqual(EXPECTED[name]);
  });

  it('totals', () => {
    const totals = Object.entries(inferred).map(([name, steps]) => {
      const all = Object.values(steps);
      return `${name.replace(/\.md(\.txt)?$/, '')}: ${all.filter((k) => k !== 'manual').length} of ${all.length} steps inferred`;
    });
    console.log(totals.join('\n'));
    expect(totals).toEqual([
      'spec-0009-hq-nextjs-auth0: 12 of 16 steps inferred',
      'spec-0009-hq-nextjs-auth0.v81495010: 13 of 21 steps inferred',
      'spec-0011-linear-bug-fixes: 0 of 0 steps inferred',
      'spec-0011-linear-bug-fixes.vca0f0698: 0 of 0 steps inferred',
      'spec-0013-claude-code-builder: 6 of 14 steps inferred',
      'template: 3 of 7 steps inferred',
    ]);
  });
});
