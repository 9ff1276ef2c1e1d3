import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStatus, splitStatus } from '../../src/discover/git-parse.js';
import { readWorkingState } from '../../src/discover/working-state.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// One `git status --ignored=matching` gives a run both the working tree's changes and what git
// ignores (spec 0044): one walk of the tree instead of a status and an `ls-files` listing.

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.dispose();
});

function repoWithIgnoredFiles(): TempRepo {
  const repo = createRepo();
  repos.push(repo);
  repo.write('.gitignore', 'node_modules/\n*.log\n');
  repo.write('app/src/main.ts', 'export {};\n');
  repo.commit('first');
  repo.write('node_modules/pkg/index.js', 'module.exports = 1;\n');
  repo.write('app/node_modules/dep/a.js', '1\n');
  repo.write('app/debug.log', 'trace\n');
  repo.write('app/new.ts', 'export {};\n');
  return repo;
}

describe('the working state of a run', () => {
  it('lists what git ignores from the status, a folder ignored whole as one entry', async () => {
    const repo = repoWithIgnoredFiles();
    const state = await readWorkingState(repo.root);
    expect(state.ignored?.sort()).toEqual(['app/debug.log', 'app/node_modules', 'node_modules']);
    // The same text still reads as the working tree's changes: ignored entries are not changes.
    expect(parseStatus(state.status ?? '')).toEqual([{ status: '?', path: 'app/new.ts' }]);
    // The state's status is the changes alone: the whole-run cache keys a run without --base by it.
    expect(state.status?.split('\0').filter((token) => token.startsWith('! '))).toEqual([]);
  });

  it('names ignored paths from a root inside the repository, as the rest of sdd does', async () => {
    const repo = repoWithIgnoredFiles();
    const state = await readWorkingState(path.join(repo.root, 'app'));
    expect(state.ignored?.sort()).toEqual(['debug.log', 'node_modules']);
  });

  it('takes a root inside an ignored folder as ignored whole', async () => {
    const repo = repoWithIgnoredFiles();
    mkdirSync(path.join(repo.root, 'node_modules', 'pkg', 'lib'), { recursive: true });
    repo.write('node_modules/pkg/lib/a.js', '1\n');
    const state = await readWorkingState(path.join(repo.root, 'node_modules', 'pkg'));
    expect(state.ignored).toEqual(['.']);
  });

  it('gives nulls outside git, never throws', async () => {
    const state = await readWorkingState(path.parse(process.cwd()).root);
    expect(state).toEqual({ root: path.parse(process.cwd()).root, status: null, ignored: null, repository: null });
  });
});

describe('splitStatus (pure)', () => {
  it('takes out the `!` entries, and keeps a rename’s old path with its entry, whatever it is called', () => {
    const rename = '2 R. N... 100644 100644 100644 a b R100 new.md';
    const text = ['# branch.oid abc', '! build/', rename, '! old name.md', '? x.ts', '! a b.log', ''].join('\0');
    expect(splitStatus(text)).toEqual({ changes: ['# branch.oid abc', rename, '! old name.md', '? x.ts', ''].join('\0'), ignored: ['build', 'a b.log'] });
  });
});
