import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, fuzzPart } from './fuzz.js';

// Part 4 of 4: the fuzz's 10,000 documents are split over four files so that vitest's workers share them.
describe('fuzz: mutated documents through the whole pipeline and every report format', () => {
  it(`part 4: ${FUZZ_RUNS} mutated specs and records end in findings with file:line, and every report is well-formed`, async () => {
    expect(await fuzzPart(3)).toBeGreaterThan(FUZZ_RUNS / 2);
  }, 300_000);
});
