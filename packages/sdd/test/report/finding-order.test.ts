import { describe, expect, it } from 'vitest';
import { sortFindings } from '../../src/compare/severity.js';
import type { Finding } from '../../src/model/index.js';
import { allFindings } from '../../src/report/order.js';
import { fixture } from './fixture.js';

const SPEC_B = '.sdd/specification/spec-0002-b.md';
const finding = (ruleId: string, extra: Partial<Finding> = {}): Finding => ({ ruleId, severity: 'warning', message: ruleId, ...extra });

// Shuffled on purpose: each sort must put them in the order of `expected`.
const findings: Finding[] = [
  finding('z/at-b-line-3', { location: { file: SPEC_B, line: 3 } }),
  finding('c/of-spec-b', { spec: SPEC_B }),
  finding('a/b-line-3-column-2', { location: { file: SPEC_B, line: 3, column: 2 } }),
  finding('b/nowhere'),
  finding('y/at-a-line-9', { location: { file: '.sdd/specification/spec-0001-a.md', line: 9 } }),
];
const expected = ['b/nowhere', 'y/at-a-line-9', 'c/of-spec-b', 'z/at-b-line-3', 'a/b-line-3-column-2'];

describe('one order of findings', () => {
  it('sorts a finding without a location under its spec file, before any line of it (compare and reports agree)', () => {
    expect(sortFindings(findings).map((one) => one.ruleId)).toEqual(expected);
    expect(allFindings({ ...fixture, findings, specs: [], taskLists: [] }).map((one) => one.ruleId)).toEqual(expected);
  });
});
