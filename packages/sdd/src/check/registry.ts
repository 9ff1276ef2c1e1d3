import { command } from './kinds/command.js';
import { dataPath } from './kinds/data-path.js';
import { dirFiles } from './kinds/dir-files.js';
import { fileAbsent } from './kinds/file-absent.js';
import { fileContains, fileNotContains } from './kinds/file-contains.js';
import { fileExists } from './kinds/file-exists.js';
import { fileMentions } from './kinds/file-mentions.js';
import { fileIdentical } from './kinds/file-identical.js';
import { gitCommittedTogether } from './kinds/git-committed-together.js';
import { gitUnchanged } from './kinds/git-unchanged.js';
import { provenanceExists, provenanceSections } from './kinds/provenance.js';
import { terraformKinds } from './terraform/index.js';
import type { AnyCheckKind } from './types.js';

/** Every check kind a spec may declare, by name (docs/checks.md). */
export const checkKinds: readonly AnyCheckKind[] = [
  fileExists,
  fileAbsent,
  fileContains,
  fileNotContains,
  fileMentions,
  fileIdentical,
  dirFiles,
  dataPath,
  command,
  gitCommittedTogether,
  gitUnchanged,
  provenanceExists,
  provenanceSections,
  ...terraformKinds,
];

export type Registry = ReadonlyMap<string, AnyCheckKind>;

export function createRegistry(kinds: readonly AnyCheckKind[] = checkKinds): Registry {
  return new Map(kinds.map((kind) => [kind.kind, kind]));
}

export const registry: Registry = createRegistry();
