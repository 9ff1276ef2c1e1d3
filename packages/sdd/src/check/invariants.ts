import type { Finding, SpecDocument } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';

/**
 * Steps a spec marks as lasting invariants (front matter `invariants: [3, 5]`
 * or `invariants: all`): they are checked on the current tree whatever the
 * record's commit, because the spec means them to hold for good. A value sdd
 * cannot read is a `check/invariants` finding, and no step is an invariant.
 */
export interface Invariants {
  steps: ReadonlySet<number> | 'all';
  findings: Finding[];
}

const INVARIANTS_KEY = 'invariants';

export function invariantsOf(spec: SpecDocument): Invariants {
  const value = spec.frontMatter?.[INVARIANTS_KEY];
  if (value === undefined || value === null) return { steps: new Set(), findings: [] };
  if (value === 'all') return { steps: 'all', findings: [] };
  const numbers = Array.isArray(value) ? value : [value];
  const known = new Set(spec.validationSteps.map((step) => step.number));
  const bad = numbers.filter((one) => typeof one !== 'number' || !Number.isInteger(one) || !known.has(one));
  if (bad.length === 0) return { steps: new Set(numbers as number[]), findings: [] };
  const message =
    `front matter \`${INVARIANTS_KEY}\` must be \`all\` or a list of this spec's step numbers` +
    ` (steps: ${[...known].join(', ') || 'none'}); not ${bad.map((one) => JSON.stringify(one)).join(', ')}`;
  return {
    steps: new Set(),
    findings: [ruleFinding('check/invariants', message, { location: { file: spec.file, line: 1 }, spec: spec.file })],
  };
}
