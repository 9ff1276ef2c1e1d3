import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/index.js';
import { matchRecordsToSpecs } from '../../src/compare/document-rules.js';
import { discover, discoverDocuments } from '../../src/discover/index.js';
import { startEarlyChecks } from '../../src/early-checks.js';
import type { ProvenanceDocument, SpecDocument, Workspace } from '../../src/model/index.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { createRepo, type TempRepo } from '../support/repo.js';
import { HONEST, recordText, specText } from '../support/markdown.js';

// The check stage started during the parse must give what runChecks gives for
// the real pairs, whatever order the documents arrive in, and whatever the
// early pairing guessed.

let repo: TempRepo;
beforeEach(async () => {
  repo = createRepo();
});
afterEach(async () => {
  repo.dispose();
});

const specFile = (n: number) => `.sdd/specification/spec-000${n}-greeting.md`;
const recordFile = (n: number, suffix = '') => `.sdd/provenance/spec-000${n}-greeting${suffix}.provenance.md`;

/**
 * Three specs; records for 1 and 2, a second record for 2, and an orphan. Of
 * the two records of spec 2 the pipeline pairs the first by `localeCompare`:
 * `-z` (which the listing's order puts first too).
 */
async function documents() {
  repo.write('hello.txt', 'hello world\n');
  const specs = [1, 2, 3].map((n) => [specFile(n), specText().replace('Spec 0001', `Spec 000${n}`)] as const);
  const linkTo = (n: number) => recordText(HONEST).replace('spec-0001-greeting.md', `spec-000${n}-greeting.md`);
  const records = [
    // In the listing's (code unit) order, as the parse hands them over.
    [recordFile(1), linkTo(1)],
    [recordFile(2, '-z'), linkTo(2)],
    [recordFile(2), linkTo(2)],
    ['.sdd/provenance/spec-0009-nothing.provenance.md', linkTo(9)],
  ] as const;
  for (const [file, text] of [...specs, ...records]) repo.write(file, text);
  repo.commit('documents');
  const parsedSpecs = specs.map(([file, text]) => parseSpec(file, text, { depth: 'outline' }).document as SpecDocument);
  const parsedRecords = records.map(([file, text]) => parseProvenance(file, text, { depth: 'outline' }).document as ProvenanceDocument);
  return { specs: parsedSpecs, records: parsedRecords };
}

const withoutTimes = (value: unknown) => JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'durationMs' ? undefined : inner))) as unknown;

async function earlyResult(order: ('spec' | 'provenance')[], specs: SpecDocument[], records: ProvenanceDocument[], workspace: Workspace) {
  const early = startEarlyChecks({
    documents: await discoverDocuments(repo.root),
    workspace: Promise.resolve(workspace),
    selected: (all) => new Set(all),
  });
  const queues = { spec: [...specs], provenance: [...records] };
  for (const kind of order) early.offer(kind, queues[kind].shift() ?? null);
  const pairs = matchRecordsToSpecs(specs, records).pairs;
  return { result: await early.finish(workspace, pairs), stats: early.stats, pairs };
}

describe('early checks', () => {
  it('in parse order (specs, then records): every pair checked early, the same result as runChecks', async () => {
    const { specs, records } = await documents();
    const workspace = await discover(repo.root);
    const order = [...specs.map(() => 'spec' as const), ...records.map(() => 'provenance' as const)];
    const { result, stats, pairs } = await earlyResult(order, specs, records, workspace);
    expect(withoutTimes(result)).toEqual(withoutTimes(await runChecks({ workspace, specs: pairs })));
    // Specs 1 and 2 early (with their first record); spec 3 has none and is checked at the end.
    expect(stats).toEqual({ early: 2, discarded: 0, late: 1 });
    expect(result.evidence.length).toBe(6);
  });

  it('records that come before the last spec wait for it; a wrong guess is set aside and checked again', async () => {
    const { specs, records } = await documents();
    const workspace = await discover(repo.root);
    // The plain record of spec 2 arrives first (from the cache, say): it is not the one the pipeline pairs.
    const reordered = [records[2], records[0], records[1], records[3]] as ProvenanceDocument[];
    const order = ['provenance', 'spec', 'provenance', 'spec', 'provenance', 'provenance', 'spec'] as const;
    const { result, stats, pairs } = await earlyResult([...order], specs, reordered, workspace);
    expect(pairs.find((pair) => pair.spec === specs[1])?.record).toBe(records[1]);
    expect(withoutTimes(result)).toEqual(withoutTimes(await runChecks({ workspace, specs: pairs })));
    expect(stats).toEqual({ early: 2, discarded: 0, late: 1 });
  });

  it('a record offered alone after the specs, paired with another record at the end, is discarded', async () => {
    const { specs, records } = await documents();
    const workspace = await discover(repo.root);
    const order = ['spec', 'spec', 'spec', 'provenance'] as const;
    // Only the plain record of spec 2 was offered; the real pairing takes `-z`.
    const early = startEarlyChecks({ documents: await discoverDocuments(repo.root), workspace: Promise.resolve(workspace), selected: (all) => new Set(all) });
    const queue = { spec: [...specs], provenance: [records[2] as ProvenanceDocument] };
    for (const kind of order) early.offer(kind, queue[kind].shift() ?? null);
    const pairs = matchRecordsToSpecs(specs, records).pairs;
    const result = await early.finish(workspace, pairs);
    expect(withoutTimes(result)).toEqual(withoutTimes(await runChecks({ workspace, specs: pairs })));
    expect(early.stats).toEqual({ early: 1, discarded: 1, late: 3 });
  });

  it('checks nothing early outside the selection, nor before every spec is in', async () => {
    const { specs, records } = await documents();
    const workspace = await discover(repo.root);
    const early = startEarlyChecks({ documents: await discoverDocuments(repo.root), workspace: Promise.resolve(workspace), selected: () => new Set([specs[0] as SpecDocument]) });
    early.offer('spec', specs[0] ?? null);
    early.offer('provenance', records[0] ?? null);
    expect(early.stats.early).toBe(0);
    early.offer('spec', specs[1] ?? null);
    early.offer('spec', null); // a spec that could not be parsed still counts
    for (const record of records.slice(1)) early.offer('provenance', record);
    expect(early.stats.early).toBe(1);
  });
});
