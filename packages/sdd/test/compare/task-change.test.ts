import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeOfTaskSource } from '../../src/compare/task-change.js';
import { readBranchRefs } from '../../src/discover/git-refs.js';
import { readGitFacts } from '../../src/discover/git.js';
import { taskSourcesIn } from '../../src/discover/task-layouts.js';
import type { TaskSource } from '../../src/model/index.js';
import { createRepo, type TempRepo } from '../support/repo.js';

// Which change a spec-kit feature or an OpenSpec change describes, on real git repositories.

const repos: TempRepo[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) repo.dispose();
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});
/** A repository with one commit on main. */
async function repo(): Promise<TempRepo> {
  const made = createRepo();
  repos.push(made);
  made.write('README.md', 'x\n');
  made.commit('initial');
  return made;
}

/** On branch `001-a` (when asked): the feature's documents, then its implementation, each a commit. */
async function featureOnBranch(at: TempRepo, branch: boolean): Promise<void> {
  if (branch) at.git('checkout', '-q', '-b', '001-a');
  await feature(at, '001-a', true);
  at.commit('spec');
  at.write('src/001-a.py', 'a\n');
  at.commit('implement');
}

const ROOTS = { specKit: ['specs'], openSpec: ['openspec'] };

async function changeOf(at: TempRepo, dir: string, base?: string) {
  const facts = await readGitFacts(at.root, base === undefined ? {} : { base });
  if (!facts) throw new Error('no git facts');
  const files = at.git('ls-files', '--cached', '--others', '--exclude-standard').trim().split('\n');
  const sources = taskSourcesIn(files, ROOTS);
  const source = sources.find((one) => one.dir === dir) as TaskSource;
  const result = changeOfTaskSource({ facts, source, folders: sources.flatMap((one) => [one.dir, ...(one.activeDir ? [one.activeDir] : [])]), refs: await readBranchRefs(at.root) });
  const subject = (hash: string) => at.git('log', '-1', '--format=%s', hash).trim();
  return { ...result, subjects: result.change.commits.map(subject), own: (result.ownFiles ?? []).map((file) => file.path) };
}

async function feature(at: TempRepo, name: string, ticked: boolean): Promise<void> {
  at.write(`specs/${name}/spec.md`, '# Spec\n');
  at.write(`specs/${name}/tasks.md`, `- [${ticked ? 'x' : ' '}] T001 Create \`src/${name}.py\`\n`);
}

describe('a spec-kit feature', () => {
  it('on a linear history: every commit from the first that touched the folder to the last; unmentioned files from the folder’s own commits', async () => {
    const at = await repo();
    await feature(at, '001-a', false);
    at.commit('spec');
    at.write('src/001-a.py', 'a\n');
    at.commit('implement');
    await feature(at, '001-a', true);
    at.write('docs/a.md', 'a\n');
    at.commit('tick');
    at.write('src/later.py', 'later\n');
    at.commit('later work');
    const { change, subjects, own } = await changeOf(at, 'specs/001-a');
    expect(change.source).toBe('folder-span');
    expect(subjects).toEqual(['spec', 'implement', 'tick']);
    expect(change.folderCommits).toHaveLength(2);
    expect(own).toEqual(['docs/a.md', 'specs/001-a/spec.md', 'specs/001-a/tasks.md']);
    expect(change.includesWorkingTree).toBe(false);
  });

  it('on its branch: up to HEAD, working tree included', async () => {
    const at = await repo();
    at.git('checkout', '-q', '-b', '001-a');
    await feature(at, '001-a', false);
    at.commit('spec');
    at.write('src/001-a.py', 'a\n');
    at.commit('implement');
    at.write('src/wip.py', 'wip\n');
    const { change, subjects, own } = await changeOf(at, 'specs/001-a');
    expect(change.branch).toMatchObject({ name: '001-a', ref: 'refs/heads/001-a', current: true, onHistory: true });
    expect(subjects).toEqual(['spec', 'implement']);
    expect(change.includesWorkingTree).toBe(true);
    expect(own).toEqual(['specs/001-a/spec.md', 'specs/001-a/tasks.md', 'src/001-a.py', 'src/wip.py']);
  });

  it('merged by fast-forward with its branch kept: to the branch’s tip, even past the last commit that touched the folder', async () => {
    const at = await repo();
    await featureOnBranch(at, true);
    at.git('checkout', '-q', 'main');
    at.git('merge', '-q', '--ff-only', '001-a');
    at.write('src/other.py', 'o\n');
    at.commit('other work');
    const { change, subjects, own } = await changeOf(at, 'specs/001-a');
    expect(change.branch).toMatchObject({ name: '001-a', current: false, onHistory: true });
    expect(subjects).toEqual(['spec', 'implement']);
    expect(own).toContain('src/001-a.py');
  });

  it('merged with a merge commit: that commit, which holds the whole branch', async () => {
    const at = await repo();
    await featureOnBranch(at, true);
    at.git('checkout', '-q', 'main');
    at.git('merge', '-q', '--no-ff', '-m', 'Merge 001-a', '001-a');
    at.git('branch', '-q', '-D', '001-a');
    const { change, subjects, own } = await changeOf(at, 'specs/001-a');
    expect(change.branch).toBeNull();
    expect(subjects).toEqual(['Merge 001-a']);
    expect(own).toEqual(['specs/001-a/spec.md', 'specs/001-a/tasks.md', 'src/001-a.py']);
  });

  it('a commit that also touched another feature is shared: it neither ends the span nor adds unmentioned files', async () => {
    const at = await repo();
    await feature(at, '001-a', true);
    at.write('src/001-a.py', 'a\n');
    at.commit('feature a');
    await feature(at, '002-b', true);
    at.write('src/002-b.py', 'b\n');
    at.commit('feature b');
    at.write('specs/001-a/tasks.md', '- [x] T001 Create `src/001-a.py` (reworded)\n');
    at.write('specs/002-b/tasks.md', '- [x] T001 Create `src/002-b.py` (reworded)\n');
    at.write('tooling/format.sh', 'x\n');
    at.commit('sweep every tasks.md');
    const { change, subjects, own } = await changeOf(at, 'specs/001-a');
    expect(subjects).toEqual(['feature a', 'sweep every tasks.md']);
    expect(change.sharedCommits).toHaveLength(1);
    expect(own).toEqual(['specs/001-a/spec.md', 'specs/001-a/tasks.md', 'src/001-a.py']);
  });

  it('with --base: the range and the working tree when the range touched the folder, else its own commits', async () => {
    const at = await repo();
    const first = at.git('rev-parse', 'HEAD').trim();
    await feature(at, '001-a', true);
    at.commit('feature a');
    const middle = at.git('rev-parse', 'HEAD').trim();
    await feature(at, '002-b', true);
    at.commit('feature b');
    const touched = await changeOf(at, 'specs/002-b', middle);
    expect(touched.change).toMatchObject({ source: 'base-range', base: middle, includesWorkingTree: false });
    expect(touched.subjects).toEqual(['feature b']);
    const untouched = await changeOf(at, 'specs/001-a', middle);
    expect(untouched.change.source).toBe('folder-span');
    expect(untouched.subjects).toEqual(['feature a']);
    expect((await changeOf(at, 'specs/001-a', first)).change.source).toBe('base-range');
  });

  it('new and uncommitted: the working tree; ignored: no history, with the reason', async () => {
    const at = await repo();
    at.write('.gitignore', 'specs/003-c/\n');
    at.commit('ignore');
    await feature(at, '001-a', false);
    const fresh = await changeOf(at, 'specs/001-a');
    expect(fresh.change).toMatchObject({ source: 'working-tree', includesWorkingTree: true, commits: [] });
    await feature(at, '003-c', false);
    const facts = await readGitFacts(at.root);
    const [ignored] = taskSourcesIn(['specs/003-c/spec.md', 'specs/003-c/tasks.md'], ROOTS);
    const result = changeOfTaskSource({ facts: facts!, source: ignored!, folders: ['specs/003-c'], refs: [] });
    expect(result.files).toBeNull();
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'tasks/no-history', location: { file: 'specs/003-c/tasks.md', line: 1 } })]);
  });

  it('cut by a shallow clone where the folder appears: no history, with the advice', async () => {
    const at = await repo();
    await feature(at, '001-a', true);
    at.commit('feature a');
    const clone = await mkdtemp(path.join(os.tmpdir(), 'sdd-shallow-'));
    folders.push(clone);
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${at.root}`, clone]);
    const facts = await readGitFacts(clone);
    const [source] = taskSourcesIn(['specs/001-a/spec.md', 'specs/001-a/tasks.md'], ROOTS);
    const result = changeOfTaskSource({ facts: facts!, source: source!, folders: ['specs/001-a'], refs: [] });
    expect(result.files).toBeNull();
    expect(result.findings[0]?.message).toContain('fetch full history, or pass --base');
  });
});

describe('an OpenSpec change', () => {
  it('archived: its commits up to and including the move into the archive, not later ones', async () => {
    const at = await repo();
    at.write('openspec/project.md', 'x\n');
    at.commit('initial');
    at.write('openspec/changes/add-x/proposal.md', 'p\n');
    at.write('openspec/changes/add-x/tasks.md', '- [ ] 1.1 Create `src/x.ts`\n');
    at.commit('proposal');
    at.write('src/x.ts', 'x\n');
    at.write('openspec/changes/add-x/tasks.md', '- [x] 1.1 Create `src/x.ts`\n');
    at.commit('implement');
    at.write('openspec/changes/archive/.keep', '');
    at.git('mv', 'openspec/changes/add-x', 'openspec/changes/archive/2026-01-01-add-x');
    at.write('openspec/specs/x/spec.md', 'x\n');
    at.commit('archive');
    at.write('openspec/changes/archive/2026-01-01-add-x/proposal.md', 'reformatted\n');
    at.commit('reformat the archive');
    const { change, subjects } = await changeOf(at, 'openspec/changes/archive/2026-01-01-add-x');
    expect(subjects).toEqual(['proposal', 'implement', 'archive']);
    expect(change.archiveCommit).toBe(change.commits.at(-1));
  });
});
