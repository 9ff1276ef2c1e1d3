import { describe, expect, it } from 'vitest';
import { keptFromSummary, packCounts, packSettledSummary, unpackSettledSummary, unpackTotal, type SettledEntry, type SettledSummary } from '../../src/compare/settled.js';
import type { GitFacts, SpecCounts } from '../../src/model/index.js';
import { commit, factsOf } from '../support/commits.js';

// The settled summary (spec 0052): which of its entries a later pull request's run may take as
// they are, decided from git's facts alone, and the summary as the cache stores it.

const COUNTS: SpecCounts = {
  steps: { pass: 3, fail: 0, notRun: 0, manual: 1, consistent: 0, notReRun: 1, superseded: 0 },
  claims: { total: 5, verified: 3, unverifiable: 2, contradicted: 0 },
  artifacts: { total: 2, matching: 2, drift: 0 },
};
const COVERAGE = { steps: 5, declared: 1, inferred: 3, partial: 0, manual: 1 };

function entry(number: number, reads: string[], extra: Partial<SettledEntry> = {}): SettledEntry {
  const spec = `.sdd/specification/spec-000${number}-s.md`;
  const record = `.sdd/provenance/spec-000${number}-s.provenance.md`;
  return {
    spec: { file: spec, number, slug: 's' },
    record: { file: record, specRef: spec },
    reads: [spec, record, ...reads],
    counts: packCounts(COUNTS, COVERAGE),
    described: [],
    undescribed: [],
    ...extra,
  };
}

// c1 and c2 land specs 1 and 2; c3 is the base; c4 is the pull request's commit the summary was made at.
const HISTORY = [commit('c1', ['A', 'src/a.ts']), commit('c2', ['A', 'docs/guide.md']), commit('c3', ['A', 'README.md']), commit('c4', ['A', 'src/new.ts'])];
const SUMMARY: SettledSummary = { base: 'c3', at: 'c4', entries: [entry(1, ['src']), entry(2, ['docs/guide.md'])], heads: {} };

function context(git: Partial<GitFacts> = {}, ignored: string[] = []) {
  const facts: GitFacts = { ...factsOf(HISTORY), base: 'c3', ...git };
  const files = SUMMARY.entries;
  return {
    git: facts,
    specFiles: new Set(files.map((one) => one.spec.file)),
    provenanceFiles: new Set(files.map((one) => one.record.file)),
    ignored,
    described: () => new Set<string>(),
  };
}

const numbers = (entries: SettledEntry[] | null) => entries?.map((one) => one.spec.number) ?? null;

describe('a settled summary holds for a later run', () => {
  it('keeps every entry when nothing after its HEAD touched what they read', () => {
    expect(numbers(keptFromSummary(SUMMARY, context()))).toEqual([1, 2]);
  });

  it('takes out an entry whose read a later commit, an uncommitted change or an ignored file touches', () => {
    const later = [...HISTORY, commit('c5', ['M', 'src/a.ts'])];
    expect(numbers(keptFromSummary(SUMMARY, context({ commits: later, head: 'c5' })))).toEqual([2]);
    expect(numbers(keptFromSummary(SUMMARY, context({ workingTree: [{ status: 'M', path: 'docs/guide.md' }] })))).toEqual([1]);
    // An ignored file where a folder read looked: no commit vouches for it.
    expect(numbers(keptFromSummary(SUMMARY, context({}, ['src/debug.log'])))).toEqual([2]);
    // A change to the record itself moves where the record is judged.
    const record = SUMMARY.entries[1]?.record.file ?? '';
    expect(numbers(keptFromSummary(SUMMARY, context({ workingTree: [{ status: 'M', path: record }] })))).toEqual([1]);
  });

  it('takes out an entry whose spec or record is gone', () => {
    const gone = context();
    gone.specFiles.delete(SUMMARY.entries[0]?.spec.file ?? '');
    expect(numbers(keptFromSummary(SUMMARY, gone))).toEqual([2]);
  });

  it('takes out an entry whose later artifact commits another record now describes', () => {
    const described = { ...SUMMARY, entries: [entry(1, ['src'], { undescribed: ['c2'] })] };
    expect(numbers(keptFromSummary(described, { ...context(), described: () => new Set(['c2']) }))).toEqual([]);
    expect(numbers(keptFromSummary(described, context()))).toEqual([1]);
  });

  it('does not apply with no base, in a shallow clone, to an older base, or off this history', () => {
    expect(keptFromSummary(SUMMARY, context({ base: null }))).toBeNull();
    expect(keptFromSummary(SUMMARY, context({ shallow: true }))).toBeNull();
    // Entries settled at c3 may have reads last changed after c2.
    expect(keptFromSummary(SUMMARY, context({ base: 'c2' }))).toBeNull();
    // A newer base is fine: what was settled at c3 is settled at c4.
    expect(numbers(keptFromSummary(SUMMARY, context({ base: 'c4' })))).toEqual([1, 2]);
    // A rebase rewrote the commit the summary was made at.
    const rebased = [...HISTORY.slice(0, 3), commit('c4b', ['A', 'src/new.ts'])];
    expect(keptFromSummary(SUMMARY, context({ commits: rebased, head: 'c4b' }))).toBeNull();
  });
});

describe('the settled summary as stored', () => {
  it('reads back what it wrote', () => {
    // An entry's reads hold its spec and record (a result always read them); read back, they come first.
    const third = entry(3, [], { described: ['c2'] });
    const unlinked = { ...third, record: { file: third.record.file, specRef: null } };
    const withDescribed = { ...SUMMARY, entries: [...SUMMARY.entries, unlinked] };
    expect(unpackSettledSummary(JSON.parse(JSON.stringify(packSettledSummary(withDescribed))))).toEqual(withDescribed);
  });

  it('stores an entry as a row, without repeating its spec and record among its reads', () => {
    const stored = packSettledSummary(SUMMARY) as { entries: unknown[][] };
    expect(stored.entries[0]).toEqual([SUMMARY.entries[0]?.spec.file, 1, 's', SUMMARY.entries[0]?.record.file, 0, ['src'], packCounts(COUNTS, COVERAGE)]);
  });

  it('is a miss when it has another shape', () => {
    const stored = packSettledSummary(SUMMARY) as { entries: unknown[][] };
    for (const broken of [null, 'summary', { ...stored, heads: [] }, { ...stored, base: 1 }, { ...stored, entries: [['only a file']] }, { ...stored, entries: [[...(stored.entries[0] ?? []).slice(0, 6), [1, 2]]] }]) {
      expect(unpackSettledSummary(broken)).toBeUndefined();
    }
  });

  it('adds up the packed counts of many entries', () => {
    const total = unpackTotal([packCounts(COUNTS, COVERAGE), packCounts(COUNTS, COVERAGE)]);
    expect(total.counts.steps.pass).toBe(6);
    expect(total.counts.claims.unverifiable).toBe(4);
    expect(total.counts.artifacts.matching).toBe(4);
    expect(total.coverage).toEqual({ steps: 10, declared: 2, inferred: 6, partial: 0, manual: 2 });
  });
});
