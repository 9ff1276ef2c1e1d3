import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig, type Workspace } from '../../src/model/index.js';
import { corpusDocuments, repositoryDocuments } from './corpus-material.js';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const sddDist = path.join(workspaceRoot, 'packages/sdd/dist');

/** Malformed documents next to the real ones: the cache and the workers must give the same findings for them too. */
const MALFORMED: Record<string, string> = {
  '.sdd/specification/spec-0900-empty.md': '',
  '.sdd/specification/spec-0901-bad-yaml.md': '---\ntitle: [unclosed\n---\n\n## Validation steps\n\n1. `a.txt` exists\n',
  '.sdd/provenance/spec-0902-broken-table.provenance.md':
    '**Spec:** `.sdd/specification/spec-0902-x.md`\n\n## Artifacts Produced\n\n| File | Status |\n|---|---|\n| `a.txt` | Created | extra |\n| `b.txt`\n\n## Validation Results\n\n| # | Check | Result |\n|---|---|---|\n| 1 | x | Maybe |\n',
  '.sdd/provenance/spec-0903-binary.provenance.md': '\u0000\u0001\u0002binary',
};

/**
 * A scratch repository holding real specs and records (this repository's
 * own, and with SDD_CORPUS the corpus's and the seed record) and a few
 * malformed documents; and a Workspace that lists them (no git: parsing
 * needs none).
 */
export async function makeDocumentsWorkspace(): Promise<{ workspace: Workspace; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-perf-'));
  for (const folder of ['specification', 'provenance']) await mkdir(path.join(root, '.sdd', folder), { recursive: true });
  // The corpus's documents keep their names; this repository's get a prefix, so that both sets fit side by side.
  for (const document of repositoryDocuments()) {
    await copyFile(document.absolute, path.join(root, path.dirname(document.file), `own-${path.basename(document.file)}`));
  }
  for (const document of corpusDocuments()) {
    if (document.kind === 'scenario' || !document.file.endsWith('.md') || document.file.endsWith('/template.md')) continue;
    await copyFile(document.absolute, path.join(root, document.file));
  }
  for (const [file, text] of Object.entries(MALFORMED)) await writeFile(path.join(root, file), text);

  const list = async (folder: string) =>
    (await readdir(path.join(root, folder))).filter((name) => name.endsWith('.md')).sort().map((name) => `${folder}/${name}`);
  const workspace: Workspace = {
    root,
    config: defaultConfig(),
    configFile: null,
    specFiles: await list('.sdd/specification'),
    provenanceFiles: await list('.sdd/provenance'),
    git: null,
    findings: [],
  };
  return { workspace, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Results compared as the JSON report would hold them. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
