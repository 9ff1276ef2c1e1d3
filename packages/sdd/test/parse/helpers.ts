import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, and the shared read-only material beside it (`../shared`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHARED = path.resolve(REPO_ROOT, '../shared');
export const CORPUS = path.join(SHARED, 'corpus/kevinryan-io/.sdd');
export const SEED = path.join(SHARED, 'seed');
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parse');

export function readShared(relative: string): string {
  return readFileSync(path.join(SHARED, relative), 'utf8');
}

/** Every file under the corpus and the seed, as repository-like paths (`.sdd/provenance/…`) and absolute paths. */
export function sharedDocuments(): { file: string; absolute: string; kind: 'spec' | 'provenance' | 'scenario' }[] {
  const list = (dir: string) => readdirSync(dir).map((name) => path.join(dir, name));
  const corpus = ['specification', 'provenance', 'scenarios'].flatMap((folder) =>
    list(path.join(CORPUS, folder)).map((absolute) => ({
      file: `.sdd/${folder}/${path.basename(absolute)}`,
      absolute,
      kind: folder === 'specification' ? ('spec' as const) : folder === 'provenance' ? ('provenance' as const) : ('scenario' as const),
    })),
  );
  const seed = list(SEED).map((absolute) => ({
    file: `.sdd/provenance/${path.basename(absolute)}`,
    absolute,
    kind: 'provenance' as const,
  }));
  return [...corpus, ...seed];
}
