import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { REPORT_FORMATS, renderPieces } from '../../src/report/index.js';
import { allRules } from '../../src/model/rules.js';
import { validate } from '../../src/validate.js';
import { REPO_ROOT } from '../support/corpus-material.js';

/**
 * The fuzz suite's machinery: real documents (this repository's specs and
 * records, the parse fixtures) mutated the ways a hostile or careless author
 * would, run through the whole pipeline (`validate` on a folder of them) and
 * every report format. Deterministic: a seed gives the same documents.
 */

/** Documents per suite file: four files share the 10,000, so vitest's workers run them side by side. */
export const FUZZ_RUNS = Number(process.env.SDD_FUZZ_RUNS ?? 2_500);
/** Documents in one temporary repository (one `validate` run). */
export const BATCH = 250;

type Kind = 'spec' | 'provenance';
interface Seed {
  kind: Kind;
  text: string;
}

function readFolder(folder: string, kind: Kind): Seed[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .map((name) => ({ kind, text: readFileSync(path.join(folder, name), 'utf8') }));
}

/** The material mutations start from. */
export function seedDocuments(): Seed[] {
  const fixtures = path.join(REPO_ROOT, 'packages/sdd/test/fixtures/parse');
  const fromFixtures = readdirSync(fixtures).map((name) => ({
    kind: (name.startsWith('record') ? 'provenance' : 'spec') as Kind,
    text: readFileSync(path.join(fixtures, name, 'input.md'), 'utf8'),
  }));
  return [
    ...readFolder(path.join(REPO_ROOT, '.sdd/specification'), 'spec'),
    ...readFolder(path.join(REPO_ROOT, '.sdd/provenance'), 'provenance'),
    ...fromFixtures,
  ];
}

/** mulberry32: a small seeded PRNG, so a failing document can be rebuilt from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHOLOGICAL = [
  () => `${'- '.repeat(200)}x`,
  () => Array.from({ length: 80 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'),
  () => '[a]('.repeat(3_000),
  () => 'a*b_'.repeat(5_000),
  () => `| ${'a | '.repeat(60)}\n|${'---|'.repeat(60)}\n${`| ${'x | '.repeat(60)}\n`.repeat(200)}`,
  () => '```yaml sdd-checks\n1: { kind: file.exists, path: *a }\n```',
  () => '```yaml sdd-checks\n1: &a [*a]\n2: { kind: data.path, path: x.yaml, query: "a[*]", exists: true }\n```',
  () => '---\ntitle: &a ["x", *a]\n',
  () => '> '.repeat(100) + 'quote',
  () => '\u0000',
  () => '\uFFFD\uFFFD',
  () => '<!--',
  () => '```',
  () => '| a |\n|---|\n| `x` | y | z |',
];
const NOISE = ['|', '`', '*', '_', '[', ']', '(', ')', '#', '-', '>', ':', '&', '!', '\n', ' ', '\t', '\r', '---', '\\', '"', "'", '{', '}', '1.', '~'];

/** One mutated document: a few of byte flips, line edits, YAML corruption and inserted pathological constructs. */
export function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let lines = text.split('\n');
  const edits = 1 + Math.floor(random() * 4);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(random() * lines.length);
    const line = lines[at] ?? '';
    switch (Math.floor(random() * 9)) {
      case 0: {
        // Characters replaced by markdown and YAML punctuation.
        const chars = [...line];
        for (let flips = 1 + Math.floor(random() * 4); flips > 0 && chars.length > 0; flips--) chars[Math.floor(random() * chars.length)] = pick(NOISE);
        lines[at] = chars.join('');
        break;
      }
      case 1:
        lines.splice(at, 0, line);
        break;
      case 2:
        lines.splice(at, 1 + Math.floor(random() * 5));
        break;
      case 3:
        lines.splice(at, 0, pick(PATHOLOGICAL)());
        break;
      case 4:
        // YAML corruption: a value becomes an alias, an anchor, a flow opener, a tab.
        lines[at] = line.replace(/: /, pick([': *a ', ': &a ', ': [', ': {', ':\t', ': !!binary ', ': |\n']));
        break;
      case 5:
        // The front matter's closing fence goes.
        lines = lines.filter((l, index) => !(index > 0 && l === '---' && lines[0] === '---'));
        break;
      case 6: {
        const other = Math.floor(random() * lines.length);
        [lines[at], lines[other]] = [lines[other] ?? '', line];
        break;
      }
      case 7:
        lines[at] = line.slice(0, Math.floor(random() * line.length));
        break;
      default:
        lines[at] = `${pick(['  ', '    ', '> ', '- ', '1. ', '| ', '#', '\uFEFF'])}${line}`;
    }
  }
  return lines.join('\n');
}

/**
 * The front matter (mostly) and a run of lines from a heading on: real
 * structure (sections, tables, lists, check blocks) at a tenth of a whole
 * document's size, so that 10,000 of them fit a CI run.
 */
export function excerpt(text: string, random: () => number): string {
  const lines = text.split('\n');
  const close = lines[0] === '---' ? lines.indexOf('---', 1) : -1;
  const head = close > 0 && random() < 0.8 ? lines.slice(0, close + 1) : [];
  const headings = lines.flatMap((line, index) => (line.startsWith('#') && index > close ? [index] : []));
  const start = headings.length > 0 && random() < 0.8 ? (headings[Math.floor(random() * headings.length)] as number) : Math.floor(random() * lines.length);
  return [...head, ...lines.slice(start, start + 6 + Math.floor(random() * 24))].join('\n');
}

export interface Batch {
  /** What each document was made from, by file name: enough to rebuild it. */
  made: Map<string, { seed: number; text: string }>;
  root: string;
}

/** A temporary repository (no git: the pipeline says so and goes on) with one batch of mutated documents. */
export async function writeBatch(seeds: Seed[], firstSeed: number, count: number): Promise<Batch> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-fuzz-'));
  await mkdir(path.join(root, '.sdd/specification'), { recursive: true });
  await mkdir(path.join(root, '.sdd/provenance'), { recursive: true });
  await writeFile(path.join(root, 'x.yaml'), 'a: &a [1, 2]\nb: [*a, *a]\n');
  const made = new Map<string, { seed: number; text: string }>();
  for (let index = 0; index < count; index++) {
    const seed = firstSeed + index;
    const random = prng(seed);
    const source = seeds[Math.floor(random() * seeds.length)] as Seed;
    const text = mutate(excerpt(source.text, random), random);
    // Each spec has a record of the same number, so that the compare stage runs on the pair.
    const number = String(Math.floor(index / 2) + 1).padStart(4, '0');
    const file = source.kind === 'spec' ? `.sdd/specification/spec-${number}-fuzz.md` : `.sdd/provenance/spec-${number}-fuzz.provenance.md`;
    if (made.has(file)) continue;
    made.set(file, { seed, text });
    await writeFile(path.join(root, file), text);
  }
  return { made, root };
}

/** Runs the pipeline on a batch and renders every report format; fails with the seeds of the batch when anything throws. */
export async function runBatch(batch: Batch): Promise<{ result: ValidateResult; documents: number }> {
  const seeds = [...batch.made.values()].map((entry) => entry.seed);
  let result: ValidateResult;
  try {
    result = await validate({ root: batch.root, cache: false, runChecks: true });
  } catch (error) {
    throw new Error(`validate threw on seeds ${seeds[0]}…${seeds.at(-1)}: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await rm(batch.root, { recursive: true, force: true });
  }
  for (const finding of documentFindings(result)) {
    expect(finding.location?.file, `${finding.ruleId} has no file`).toBeTruthy();
    expect(finding.location?.line, `${finding.ruleId} has no line`).toBeGreaterThan(0);
  }
  for (const format of REPORT_FORMATS) expectWellFormed(format, [...renderPieces(result, format, { rules: allRules() })].join(''));
  return { result, documents: batch.made.size };
}

/** Findings about a document (a spec or record file); run-wide ones (no git) have no file to name. */
function documentFindings(result: ValidateResult) {
  const all = [...result.findings, ...result.specs.flatMap((spec) => spec.findings)];
  return all.filter((finding) => !finding.ruleId.startsWith('discover/') && !finding.ruleId.startsWith('validate/'));
}

const xml = new XMLParser();

function expectWellFormed(format: string, text: string): void {
  expect(text.length, `${format} report is empty`).toBeGreaterThan(0);
  if (format === 'json' || format === 'sarif') JSON.parse(text);
  if (format === 'junit') {
    expect(XMLValidator.validate(text), 'JUnit report is not well-formed XML').toBe(true);
    xml.parse(text);
  }
  if (format === 'html') expect(text).toMatch(/<\/html>\s*$/);
}

/** The suite file's share of the fuzz: `part` of `parts`, each of FUZZ_RUNS documents in batches. */
export async function fuzzPart(part: number): Promise<number> {
  const seeds = seedDocuments();
  let documents = 0;
  for (let first = part * 1_000_000; first < part * 1_000_000 + FUZZ_RUNS; first += BATCH) {
    const count = Math.min(BATCH, part * 1_000_000 + FUZZ_RUNS - first);
    documents += (await runBatch(await writeBatch(seeds, first, count))).documents;
  }
  return documents;
}
