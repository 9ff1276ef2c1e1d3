// The documents every measure reads: the repository's specs and provenance records.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function documentFiles(repo) {
  return ['.sdd/specification', '.sdd/provenance'].flatMap((folder) =>
    readdirSync(path.join(repo, folder))
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => path.join(repo, folder, name)),
  );
}
