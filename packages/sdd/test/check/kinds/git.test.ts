import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitCommittedTogether } from '../../../src/check/kinds/git-committed-together.js';
import { context, gitFacts, record } from '../../support/documents.js';
import { git, tempFolder, writeFiles } from '../../support/repo.js';

let repo: ReturnType<typeof tempFolder>;
let first = '';
let second = '';

beforeAll(async () => {
  repo = tempFolder({ 'README.md': 'hello\n' });
  git(repo.root, 'init', '-q', '-b', 'main');
  git(repo.root, 'add', '.');
  git(repo.root, 'commit', '-q', '-m', 'initial');
  first = git(repo.root, 'rev-parse', 'HEAD').trim();
  writeFiles(repo.root, { 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', 'spec.md': 'spec\n' });
  git(repo.root, 'add', '.');
  git(repo.root, 'commit', '-q', '-m', 'implement spec');
  second = git(repo.root, 'rev-parse', 'HEAD').trim();
  writeFiles(repo.root, { 'src/c.ts': 'c\n' });
  git(repo.root, 'add', '.');
  git(repo.root, 'commit', '-q', '-m', 'later fix');
  await writeFile(path.join(repo.root, 'src/a.ts'), 'a changed\n');
});
afterAll(() => repo.dispose());

const ctx = (paths: string[] | null, base: string | null = null) =>
  context(repo.root, { git: gitFacts(repo.root, base), record: paths ? record({ artifacts: paths.map((path): [string, string] => [path, 'Created']) }) : null });

describe('git.committed-together', () => {
  it("passes when one commit changed every artifact the record lists, naming it", async () => {
    const result = await gitCommittedTogether.run({}, ctx(['src/a.ts', 'src/b.ts', 'spec.md']));
    expect(result.status).toBe('pass');
    expect(result.summary).toBe(`all 3 paths changed together in ${second.slice(0, 7)} (implement spec)`);
    expect(result.evidence[0]?.address).toBe(second);
  });

  it('fails when the artifacts were committed apart, saying where each changed', async () => {
    const result = await gitCommittedTogether.run({ paths: ['src/a.ts', 'src/c.ts', 'src/never.ts'] }, ctx(null));
    expect(result.status).toBe('fail');
    expect(result.evidence.map((e) => e.message)).toEqual([
      `\`src/a.ts\` changed in ${second.slice(0, 7)} (uncommitted changes in the working tree)`,
      expect.stringMatching(/^`src\/c.ts` changed in [0-9a-f]{7}$/),
      '`src/never.ts` changed in no commit',
    ]);
  });

  it('matches a directory path against what changed under it', async () => {
    expect((await gitCommittedTogether.run({ paths: ['src/', 'spec.md'] }, ctx(null))).status).toBe('pass');
  });

  it('with scope range, passes when each path changed after --base, and fails otherwise', async () => {
    expect((await gitCommittedTogether.run({ paths: ['src/b.ts', 'src/c.ts'], scope: 'range' }, ctx(null, first))).status).toBe('pass');
    const result = await gitCommittedTogether.run({ paths: ['README.md', 'src/c.ts'], scope: 'range' }, ctx(null, first));
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('`README.md`');
  });

  it('is Not run outside git, without paths, or with a range but no base', async () => {
    expect((await gitCommittedTogether.run({}, context(repo.root))).reason).toBe('not a git repository');
    expect((await gitCommittedTogether.run({}, ctx(null))).status).toBe('not-run');
    expect((await gitCommittedTogether.run({ paths: ['src/a.ts'], scope: 'range' }, ctx(null))).reason).toMatch(/--base/);
  });

  it('is Not run, not Fail, when a shallow history may hide the commit', async () => {
    const c = ctx(null);
    const result = await gitCommittedTogether.run({ paths: ['src/a.ts', 'src/c.ts'] }, { ...c, git: { ...c.git!, shallow: true } });
    expect(result.status).toBe('not-run');
  });

  it('fails for a path that leaves the repository', async () => {
    const result = await gitCommittedTogether.run({ paths: ['../outside.txt'] }, ctx(null));
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/path leaves the repository/);
  });
});
