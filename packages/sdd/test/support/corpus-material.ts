import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * Real-world material that is not part of this repository: specs and records
 * of another project that follows the convention (`corpus/<project>/.sdd/…`)
 * and the seed record (`seed/…`). It is read only from the folder the
 * environment variable `SDD_CORPUS` names (`.ci/run` sets it to the folder
 * `shared/` beside the clone
 * when that folder exists); without it, the tests that need it are reported
 * as skipped, with the reason in their name, and everything else still runs on
 * the repository's own documents and fixtures.
 */
export const CORPUS_VARIABLE = 'SDD_CORPUS';

const configured = process.env[CORPUS_VARIABLE]?.trim() || null;

/** The folder, absolute; null when the variable is unset. */
export const CORPUS_ROOT: string | null = configured === null ? null : path.resolve(configured);

/** Set, but naming no folder that holds `corpus/` and `seed/`: a broken set-up must fail, not skip. */
const misconfigured = CORPUS_ROOT !== null && !(existsSync(path.join(CORPUS_ROOT, 'corpus')) && existsSync(path.join(CORPUS_ROOT, 'seed')));

export const corpusAvailable = CORPUS_ROOT !== null && !misconfigured;

export const CORPUS_SKIP_REASON = `${CORPUS_VARIABLE} is not set (a folder holding corpus/ and seed/)`;

/** The corpus's `.sdd` folder (specs, records, templates of the real project). */
export const CORPUS_SDD = CORPUS_ROOT === null ? null : path.join(CORPUS_ROOT, 'corpus/kevinryan-io/.sdd');
export const SEED_DIR = CORPUS_ROOT === null ? null : path.join(CORPUS_ROOT, 'seed');

/** The repository root (for tests that read this repository's own documents). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Text of a file of the material, by its path inside the folder (`seed/…`, `corpus/…`). Only inside `describeCorpus`. */
export function readCorpus(relative: string): string {
  if (!corpusAvailable || CORPUS_ROOT === null) throw new Error(`readCorpus(${relative}): ${CORPUS_SKIP_REASON}`);
  return readFileSync(path.join(CORPUS_ROOT, relative), 'utf8');
}

export type DocumentKind = 'spec' | 'provenance' | 'scenario';

/** Every corpus and seed document, as repository-like paths (`.sdd/provenance/…`) and absolute paths; empty without the material. */
export function corpusDocuments(): { file: string; absolute: string; kind: DocumentKind }[] {
  if (!corpusAvailable || CORPUS_SDD === null || SEED_DIR === null) return [];
  const list = (dir: string) => readdirSync(dir).map((name) => path.join(dir, name));
  const corpus = ['specification', 'provenance', 'scenarios'].flatMap((folder) =>
    list(path.join(CORPUS_SDD, folder)).map((absolute) => ({
      file: `.sdd/${folder}/${path.basename(absolute)}`,
      absolute,
      kind: folder === 'specification' ? ('spec' as const) : folder === 'provenance' ? ('provenance' as const) : ('scenario' as const),
    })),
  );
  const seed = list(SEED_DIR).map((absolute) => ({ file: `.sdd/provenance/${path.basename(absolute)}`, absolute, kind: 'provenance' as const }));
  return [...corpus, ...seed];
}

/** This repository's own specs and records: real documents that every clone has. */
export function repositoryDocuments(): { file: string; absolute: string; kind: 'spec' | 'provenance' }[] {
  const folder = (name: string, kind: 'spec' | 'provenance') =>
    readdirSync(path.join(REPO_ROOT, '.sdd', name))
      .filter((file) => file.startsWith('spec-') && file.endsWith('.md'))
      .sort()
      .map((file) => ({ file: `.sdd/${name}/${file}`, absolute: path.join(REPO_ROOT, '.sdd', name, file), kind }));
  return [...folder('specification', 'spec'), ...folder('provenance', 'provenance')];
}

/**
 * `describe` for tests on the material. Without it, one skipped test stands
 * in, named with the reason, and `body` is never called (it may read files at
 * collection time). With the variable set to a folder that is not the
 * material, one failing test says so.
 */
export function describeCorpus(name: string, body: () => void | Promise<void>): void {
  if (corpusAvailable) {
    describe(name, body);
  } else if (misconfigured) {
    describe(name, () => {
      it(`${CORPUS_VARIABLE} names a folder holding corpus/ and seed/`, () => {
        throw new Error(`${CORPUS_VARIABLE}=${configured}: no corpus/ and seed/ there`);
      });
    });
  } else {
    describe.skip(name, () => {
      it(`skipped: ${CORPUS_SKIP_REASON}`, () => undefined);
    });
  }
}
