import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig, type Workspace } from '../../src/model/index.js';

export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const sddDist = path.join(workspaceRoot, 'packages/sdd/dist');
const shared = path.resolve(workspaceRoot, '../shared');
const corpus = path.join(shared, 'corpus/kevinryan-io/.sdd');

/** Malformed documents next to the real ones: the cache and the workers must give the same findings for them too. */
const MALFORMED: Record<string, string> = {
  '.sdd/specification/spec-0900-empty.md': '',
  '.sdd/specification/spec-0901-bad-yaml.md': '---\ntitle: [unclosed\n---\n\n## Validation steps\n\n1. `a.txt` exists\n',
  '.sdd/provenance/spec-0902-broken-table.provenance.md':
    '**Spec:** `.sdd/specification/spec-0902-x.md`\n\n## Artifacts Produced\n\n| File | Status |\n|---|---|\n| `a.txt` | Created | extra |\n| `b.txt`\n\n## Validation Results\n\n| # | Check | Result |\n|---|---|---|\n| 1 | x | Maybe |\n',
  '.sdd/provenance/spec-0903-binary.provenance.md': '\u0000\u0001\u0002binary',
};

/**
 * A scratch repository holding the corpus's specs and records, the seed
 * record and a few malformed documents; and a Workspace that lists them
 * (no git: parsing needs none).
 */
export async function makeDocumentsWorkspace(): Promise<{ workspace: Workspace; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-perf-'));
  for (const folder of ['specification', 'provenance']) {
    await mkdir(path.join(root, '.sdd', folder), { recursive: true });
    for (const name of await readdir(path.join(corpus, folder))) {
      if (name.endsWith('.md') && name !== 'template.md') {
        await copyFile(path.join(corpus, folder, name), path.join(root, '.sdd', folder, name));
      }
    }
  }
  await copyFile(
    path.join(shared, 'seed/spec-0001-second-k3s-node.provenance.md'),
    path.join(root, '.sdd/provenance/spec-0001-second-k3s-node.provenance.md'),
  );
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
