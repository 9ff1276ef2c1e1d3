import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileMentions } from '../../../src/check/kinds/file-mentions.js';
import { changedFiles, gitUnchanged } from '../../../src/check/kinds/git-unchanged.js';
import { context, gitFacts, record } from '../../support/documents.js';
import { git, tempFolder, writeFiles } from '../../support/repo.js';

let repo: ReturnType<typeof tempFolder>;
const RECORD = '.sdd/provenance/spec-0001-demo.provenance.md';

beforeAll(async () => {
  repo = tempFolder({
    'src/Greeting.tsx': 'export function formatGreeting(name: string) {\n  return `Hello, ${name}`;\n}\n',
    'infra/variables.tf': 'variable "db_password" {\n  type        = string\n  sensitive   = true\n}\n',
    'infra/main.tf': 'resource "x" "y" {}\n',
    '.github/workflows/ci.yml': 'on: push\n',
    'docs/': null,
  });
  git(repo.root, 'init', '-q', '-b', 'main');
  git(repo.root, 'add', '.');
  git(repo.root, 'commit', '-q', '-m', 'before');
  // The change the record describes: a new workflow, an edited variables file, the record itself.
  writeFiles(repo.root, { '.github/workflows/new.yml': 'on: pull_request\n', 'infra/variables.tf': 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n', [RECORD]: '# record\n' });
  git(repo.root, 'add', '.');
  git(repo.root, 'commit', '-q', '-m', 'spec 0001');
});
afterAll(() => repo.dispose());

describe('file.mentions', () => {
  const ctx = () => context(repo.root);

  it('passes when every name occurs, ignoring case and the width of whitespace, naming each line', async () => {
    const result = await fileMentions.run({ path: 'src/Greeting.tsx', names: ['formatgreeting', 'return   `Hello'] }, ctx());
    expect(result.status).toBe('pass');
    expect(result.evidence.map((e) => e.location)).toEqual([{ file: 'src/Greeting.tsx', line: 1 }, { file: 'src/Greeting.tsx', line: 2 }]);
    expect(result.inputs?.[0]?.blob).toMatch(/^[0-9a-f]{40}$/);
  });

  it('fails naming the names that do not occur, and where it looked', async () => {
    const result = await fileMentions.run({ path: 'src/Greeting.tsx', names: ['formatGreeting', 'parseGreeting'] }, ctx());
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('`src/Greeting.tsx` does not mention `parseGreeting`');
    expect(result.evidence[0]).toEqual({ message: 'no occurrence of `parseGreeting` in `src/Greeting.tsx`', location: { file: 'src/Greeting.tsx', line: 1 } });
  });

  it('matches case exactly when asked', async () => {
    expect((await fileMentions.run({ path: 'src/Greeting.tsx', names: ['FORMATGREETING'], matchCase: true }, ctx())).status).toBe('fail');
  });

  it('fails for a missing file, and for a folder', async () => {
    expect((await fileMentions.run({ path: 'src/Missing.tsx', names: ['x'] }, ctx())).summary).toBe('`src/Missing.tsx` does not exist');
    expect((await fileMentions.run({ path: 'docs', names: ['x'] }, ctx())).status).toBe('fail');
  });

  it('takes a name with regular-expression characters literally', async () => {
    expect((await fileMentions.run({ path: 'src/Greeting.tsx', names: ['${name}'] }, ctx())).status).toBe('pass');
    expect((await fileMentions.run({ path: 'src/Greeting.tsx', names: ['(.*)'] }, ctx())).status).toBe('fail');
  });
});

describe('git.unchanged', () => {
  const ctx = (withRecord = true) => context(repo.root, { git: gitFacts(repo.root), record: withRecord ? record() : null });

  it('passes when the change left the named files alone', async () => {
    const result = await gitUnchanged.run({ paths: ['infra/main.tf', 'src/'] }, ctx());
    expect(result.status).toBe('pass');
    expect(result.summary).toBe("`infra/main.tf`, `src/` unchanged by the record's change (1 commit)");
  });

  it('fails naming the file the change modified', async () => {
    const result = await gitUnchanged.run({ paths: ['infra/variables.tf'] }, ctx());
    expect(result.status).toBe('fail');
    expect(result.summary).toBe("the record's change modified `infra/variables.tf`");
    expect(result.evidence[0]?.location).toEqual({ file: 'infra/variables.tf', line: 1 });
  });

  it('with globs, counts modified files only: a new workflow is no change to an existing one', async () => {
    expect((await gitUnchanged.run({ globs: ['.github/workflows/**'] }, ctx())).status).toBe('pass');
    expect((await gitUnchanged.run({ globs: ['**/*.tf'] }, ctx())).status).toBe('fail');
    expect((await gitUnchanged.run({ globs: ['**/*.tf'], except: ['infra/variables.tf'] }, ctx())).status).toBe('pass');
  });

  it('is Not run without git or without a record', async () => {
    expect((await gitUnchanged.run({ paths: ['a'] }, context(repo.root))).status).toBe('not-run');
    expect((await gitUnchanged.run({ paths: ['a'] }, ctx(false))).reason).toBe('no provenance record: the change it describes is unknown');
  });

  it('is Not run where a shallow clone cut the change, naming the fix', async () => {
    const facts = gitFacts(repo.root);
    // The record's commit as a depth-1 clone holds it: fetched without its parent.
    const cut = { ...facts, shallow: true, commits: facts.commits.slice(-1).map((commit) => ({ ...commit, parents: [] })) };
    const result = await gitUnchanged.run({ paths: ['infra/main.tf'] }, context(repo.root, { git: cut, record: record() }));
    expect(result.status).toBe('not-run');
    expect(result.reason).toContain('shallow clone: history is cut');
    expect(result.reason).toContain('fetch-depth: 0');
  });

  it('rejects arguments with neither paths nor globs, or except without globs', () => {
    expect(gitUnchanged.args.safeParse({}).success).toBe(false);
    expect(gitUnchanged.args.safeParse({ paths: ['a'], except: ['b'] }).success).toBe(false);
  });

  it('counts deletions and renames of a named path, not of a glob', () => {
    const files = [
      { path: 'a.tf', actual: 'deleted' as const },
      { path: 'c.tf', oldPath: 'b.tf', actual: 'renamed' as const },
      { path: 'd.tf', actual: 'added' as const },
    ];
    expect(changedFiles(files, { paths: ['a.tf', 'b.tf', 'd.tf'] }).map((c) => c.path)).toEqual(['a.tf', 'c.tf']);
    expect(changedFiles(files, { globs: ['*.tf'] })).toEqual([]);
  });
});

