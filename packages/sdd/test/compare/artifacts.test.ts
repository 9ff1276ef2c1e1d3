import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareActions } from '../../src/compare/actions.js';
import { compareArtifacts } from '../../src/compare/artifacts.js';
import { changeOfRecord, shallowHistoryFinding } from '../../src/compare/change-of-record.js';
import { netChanges } from '../../src/discover/record-change.js';
import { fileActions } from '../../src/parse/actions.js';
import { readGitFacts } from '../../src/discover/git.js';
import { createFileProbe } from '../../src/discover/git-worktree.js';
import type { CommitInfo, ProvenanceDocument } from '../../src/model/index.js';
import { RECORD_FILE, SPEC_FILE, probeOf, record } from '../support/documents.js';
import { createRepo, type TempRepo } from '../support/repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const created of repos.splice(0)) created.dispose();
});

/** A repository whose first commit holds the spec and `old/*`, ready for the record's commit. */
function baseRepo(): TempRepo {
  const r = createRepo();
  repos.push(r);
  r.write(SPEC_FILE, '# Demo\n');
  r.write('src/keep.ts', 'export const keep = 1;\n');
  r.write('src/edit.ts', 'export const edit = 1;\n');
  r.write('src/gone.ts', 'export const gone = 1;\n');
  r.write('src/move-me.ts', 'export const moved = "a long enough body for rename detection";\n');
  r.commit('base');
  return r;
}

/** The real pipeline for one record: git facts → its change → rows against it. */
async function drift(r: TempRepo, doc: ProvenanceDocument) {
  const facts = await readGitFacts(r.root);
  if (!facts) throw new Error('no git facts');
  const change = changeOfRecord(facts, doc.file, SPEC_FILE);
  const compared = compareArtifacts({ record: doc, files: change.files, probe: createFileProbe(r.root), spec: SPEC_FILE });
  return { change, ...compared, findings: [...change.findings, ...compared.findings] };
}

const summary = (findings: { ruleId: string; location?: { file: string; line: number } }[]) =>
  findings.map((finding) => `${finding.ruleId} ${finding.location?.file}:${finding.location?.line}`);

/** The honest record of the change made by `implement`. */
const honestRows: [string, string][] = [
  ['src/new.ts', 'Created'],
  ['src/edit.ts', 'Modified'],
  ['src/gone.ts', 'Deleted'],
  ['src/keep.ts', 'Pre-existing'],
  [RECORD_FILE, 'Created'],
];

function implement(r: TempRepo) {
  r.write('src/new.ts', 'export const created = 1;\n');
  r.write('src/edit.ts', 'export const edit = 2;\n');
  r.remove('src/gone.ts');
}

describe('the change a record describes', () => {
  it('is the commit that added the record: a clean record gives no findings', async () => {
    const r = baseRepo();
    implement(r);
    r.write(RECORD_FILE, 'record');
    const commit = r.commit('implement');
    const result = await drift(r, record({ artifacts: honestRows }));
    expect(result.findings).toEqual([]);
    expect(result.change.change).toEqual({ source: 'record-commits', base: null, commits: [commit], includesWorkingTree: false });
    expect(result.change.recordCommit).toBe(commit);
    expect(result.artifacts.map((artifact) => [artifact.path, artifact.actual, artifact.verdict])).toEqual([
      ['src/new.ts', 'added', 'match'],
      ['src/edit.ts', 'modified', 'match'],
      ['src/gone.ts', 'deleted', 'match'],
      ['src/keep.ts', 'untouched', 'match'],
      [RECORD_FILE, 'added', 'match'],
    ]);
  });

  it('adds the commits that amended the record, but not commits in between that did not touch it', async () => {
    const r = baseRepo();
    r.write('src/new.ts');
    r.write(RECORD_FILE, 'record');
    const added = r.commit('implement');
    r.write('src/unrelated.ts');
    r.commit('someone else');
    r.write('src/edit.ts', 'fixed');
    r.write(RECORD_FILE, 'record, amended');
    const amended = r.commit('fix and amend the record');
    const result = await drift(r, record({ artifacts: [['src/new.ts', 'Created'], ['src/edit.ts', 'Modified'], [RECORD_FILE, 'Created']] }));
    expect(result.change.change.commits).toEqual([added, amended]);
    expect(result.findings).toEqual([]);
  });

  it('includes the working tree when the record itself is uncommitted', async () => {
    const r = baseRepo();
    implement(r);
    r.write(RECORD_FILE, 'record');
    const result = await drift(r, record({ artifacts: honestRows }));
    expect(result.change.change).toEqual({ source: 'working-tree', base: null, commits: [], includesWorkingTree: true });
    expect(result.findings).toEqual([]);
  });

  it('with --base is base..HEAD plus the working tree', async () => {
    const r = baseRepo();
    const base = r.git('rev-parse', 'HEAD').trim();
    r.write('src/new.ts');
    r.commit('first part');
    r.write(RECORD_FILE, 'record');
    r.commit('record');
    r.write('src/edit.ts', 'uncommitted');
    const facts = await readGitFacts(r.root, { base });
    if (!facts) throw new Error('no git facts');
    const change = changeOfRecord(facts, RECORD_FILE);
    expect(change.change.source).toBe('base-range');
    expect(change.change.commits).toHaveLength(2);
    expect(change.files?.map((file) => [file.path, file.actual])).toEqual([
      [RECORD_FILE, 'added'],
      ['src/edit.ts', 'modified'],
      ['src/new.ts', 'added'],
    ]);
  });

  it('says so when the record is in no history at all', () => {
    const facts = { head: null, commits: [], shallow: false, workingTree: [], base: null };
    const change = changeOfRecord(facts, RECORD_FILE, SPEC_FILE);
    expect(change.files).toBeNull();
    expect(summary(change.findings)).toEqual([`drift/no-history ${RECORD_FILE}:1`]);
  });

  it('refuses to read a change from a shallow boundary commit', () => {
    const commit: CommitInfo = {
      hash: 'a'.repeat(40),
      parents: [],
      date: '',
      author: '',
      subject: 'grafted',
      changes: [{ status: 'A', path: RECORD_FILE, oldBlob: '0'.repeat(40), newBlob: 'b'.repeat(40) }],
    };
    const shallow = changeOfRecord({ head: commit.hash, commits: [commit], shallow: true, workingTree: [], base: null }, RECORD_FILE);
    expect(shallow.files).toBeNull();
    // The record is cut; compare reports every cut record in one finding (below).
    expect(shallow.cutAt).toBe(commit.hash);
    expect(shallow.findings).toEqual([]);
    const full = changeOfRecord({ head: commit.hash, commits: [commit], shallow: false, workingTree: [], base: null }, RECORD_FILE);
    expect(full.files).toEqual([{ path: RECORD_FILE, actual: 'added' }]);
    expect(full.cutAt).toBeUndefined();
  });

  it('reports every record a shallow clone cut in one error that names the fix', () => {
    expect(shallowHistoryFinding([])).toBeNull();
    const one = shallowHistoryFinding([{ record: RECORD_FILE, commit: 'a'.repeat(40) }]);
    expect(one).toMatchObject({ ruleId: 'drift/shallow-history', severity: 'error', related: [{ file: RECORD_FILE, line: 1 }] });
    expect(one?.message).toContain(`history is cut at aaaaaaa, before the change ${RECORD_FILE} describes: it was not judged`);
    expect(one?.message).toContain('fetch-depth: 0');
    expect(one?.message).toContain('git fetch --unshallow');
    const many = shallowHistoryFinding(Array.from({ length: 7 }, (_, index) => ({ record: `r${index}.md`, commit: 'b'.repeat(40) })));
    expect(many?.message).toContain('before the changes 7 records describe: they were not judged (r0.md, r1.md, r2.md, r3.md, r4.md, and 2 more)');
    expect(many?.related).toHaveLength(7);
  });
});

describe('netChanges', () => {
  const commit = (...changes: CommitInfo['changes']): CommitInfo => ({ hash: 'h', parents: [], date: '', author: '', subject: '', changes });
  const blob = { oldBlob: '0', newBlob: '1' };
  it('nets out several commits and the working tree', () => {
    expect(
      netChanges(
        [
          commit({ status: 'A', path: 'a', ...blob }, { status: 'M', path: 'm', ...blob }, { status: 'A', path: 'tmp', ...blob }),
          commit({ status: 'M', path: 'a', ...blob }, { status: 'D', path: 'tmp', ...blob }, { status: 'R', path: 'r2', oldPath: 'r1', ...blob }),
          commit({ status: 'R', path: 'r3', oldPath: 'r2', ...blob }, { status: 'D', path: 'm', ...blob }, { status: 'A', path: 'm', ...blob }),
        ],
        [{ status: '?', path: 'u' }],
      ),
    ).toEqual([
      { path: 'a', actual: 'added' },
      { path: 'm', actual: 'modified' },
      { path: 'r3', oldPath: 'r1', actual: 'renamed' },
      { path: 'u', actual: 'added' },
    ]);
  });
});

describe('rows against the change', () => {
  it('reports unlisted, phantom and wrong-status files at the row (or table) line', async () => {
    const r = baseRepo();
    implement(r);
    r.write(RECORD_FILE, 'record');
    r.commit('implement');
    const doc = record({
      artifacts: [
        ['src/new.ts', 'Modified'], // 42: it was added
        ['src/keep.ts', 'Modified'], // 43: untouched
        ['src/gone.ts', 'Deleted'], // 44
        [RECORD_FILE, 'Created'], // 45
        // src/edit.ts is not listed
      ],
    });
    const result = await drift(r, doc);
    expect(summary(result.findings)).toEqual([
      `drift/wrong-status ${RECORD_FILE}:42`,
      `drift/phantom ${RECORD_FILE}:43`,
      `drift/unlisted ${RECORD_FILE}:40`,
    ]);
    expect(result.findings[0]?.message).toBe('`src/new.ts` is listed as Modified, but the change added it');
    expect(result.findings[2]?.message).toBe('the change modified `src/edit.ts`, which Artifacts Produced does not list');
    expect(result.artifacts.at(-1)).toMatchObject({ path: 'src/edit.ts', claimed: null, actual: 'modified', verdict: 'unlisted', existsNow: true });
  });

  it('reports Deleted-but-present and Created-but-missing', async () => {
    const r = baseRepo();
    r.write('src/gone.ts', 'still here');
    r.write('src/new.ts');
    r.write(RECORD_FILE, 'record');
    r.commit('implement');
    r.remove('src/new.ts');
    r.git('commit', '-qam', 'lost it');
    // The record was not amended: its change is the first commit; the file is gone now.
    const result = await drift(r, record({ artifacts: [['src/gone.ts', 'Deleted'], ['src/new.ts', 'Created'], [RECORD_FILE, 'Created']] }));
    expect(summary(result.findings)).toEqual([`drift/wrong-status ${RECORD_FILE}:42`, `drift/missing ${RECORD_FILE}:43`]);

    // Without git only existence can be compared, and is.
    const offline = compareArtifacts({
      record: record({ artifacts: [['src/gone.ts', 'Deleted'], ['src/new.ts', 'Created'], ['src/edit.ts', 'Modified']] }),
      files: null,
      probe: probeOf(['src/gone.ts', 'src/edit.ts']),
    });
    expect(summary(offline.findings)).toEqual([`drift/still-present ${RECORD_FILE}:42`, `drift/missing ${RECORD_FILE}:43`]);
    expect(offline.artifacts[2]?.verdict).toBe('unknown');
  });

  it('recognises a rename: as Renamed, as old Deleted + new Created, and as Created alone (accepted, with a note)', async () => {
    const r = baseRepo();
    r.git('mv', 'src/move-me.ts', 'src/moved.ts');
    r.write(RECORD_FILE, 'record');
    r.commit('rename');
    const asRenamed = await drift(r, record({ artifacts: [['src/move-me.ts → src/moved.ts', 'Renamed'], [RECORD_FILE, 'Created']] }));
    expect(asRenamed.findings).toEqual([]);
    expect(asRenamed.artifacts[0]).toMatchObject({ path: 'src/moved.ts', oldPath: 'src/move-me.ts', actual: 'renamed', verdict: 'match' });

    const asPair = await drift(r, record({ artifacts: [['src/move-me.ts', 'Deleted'], ['src/moved.ts', 'Created'], [RECORD_FILE, 'Created']] }));
    expect(asPair.findings).toEqual([]);

    const asCreated = await drift(r, record({ artifacts: [['src/moved.ts', 'Created'], [RECORD_FILE, 'Created']] }));
    expect(summary(asCreated.findings)).toEqual([`drift/rename-listed-as-created ${RECORD_FILE}:42`]);
    expect(asCreated.findings[0]?.severity).toBe('info');

    const oldOnly = await drift(r, record({ artifacts: [['src/move-me.ts', 'Deleted'], [RECORD_FILE, 'Created']] }));
    expect(summary(oldOnly.findings)).toEqual([`drift/unlisted ${RECORD_FILE}:40`]);
  });

  it('rejects paths that leave the repository, including through a symlink, without reading them', async () => {
    const r = baseRepo();
    symlinkSync(path.dirname(r.root), path.join(r.root, 'escape'));
    r.write(RECORD_FILE, 'record');
    r.commit('record');
    const result = await drift(
      r,
      record({ artifacts: [['../outside.md', 'Created'], ['/etc/passwd', 'Modified'], ['escape/secret.md', 'Created'], ['src/../../x', 'Created'], [RECORD_FILE, 'Created']] }),
    );
    expect(summary(result.findings.filter((finding) => finding.ruleId === 'drift/outside-repo'))).toEqual([
      `drift/outside-repo ${RECORD_FILE}:42`,
      `drift/outside-repo ${RECORD_FILE}:43`,
      `drift/outside-repo ${RECORD_FILE}:44`,
      `drift/outside-repo ${RECORD_FILE}:45`,
    ]);
    expect(result.artifacts.slice(0, 4).every((artifact) => artifact.verdict === 'outside-repo' && !artifact.existsNow)).toBe(true);
  });

  it('lets a directory row or a glob row cover the files under it', async () => {
    const r = baseRepo();
    r.write('infra/modules/keyvault/main.tf');
    r.write('infra/modules/keyvault/outputs.tf');
    r.write('k8s/app/deployment.yaml');
    r.write('k8s/app/service.yaml');
    r.write(RECORD_FILE, 'record');
    r.commit('modules');
    const clean = await drift(
      r,
      record({ artifacts: [['infra/modules/keyvault/', 'Created'], ['k8s/app/*.yaml', 'Created'], [RECORD_FILE, 'Created']] }),
    );
    expect(clean.findings).toEqual([]);
    expect(clean.artifacts[0]).toMatchObject({ actual: 'added', verdict: 'match', existsNow: true });

    const wrong = await drift(r, record({ artifacts: [['infra/modules/keyvault', 'Deleted'], ['k8s/**/*.json', 'Created'], [RECORD_FILE, 'Created']] }));
    expect(summary(wrong.findings)).toEqual([
      `drift/wrong-status ${RECORD_FILE}:42`,
      `drift/phantom ${RECORD_FILE}:43`,
      `drift/unlisted ${RECORD_FILE}:40`,
      `drift/unlisted ${RECORD_FILE}:40`,
    ]);
  });

  it('reports a pre-existing file the change touched', async () => {
    const r = baseRepo();
    r.write('src/keep.ts', 'touched');
    r.write(RECORD_FILE, 'record');
    r.commit('touch');
    const result = await drift(r, record({ artifacts: [['src/keep.ts', 'Pre-existing'], [RECORD_FILE, 'Created']] }));
    expect(summary(result.findings)).toEqual([`drift/wrong-status ${RECORD_FILE}:42`]);
    expect(result.findings[0]?.message).toContain('pre-existing');
  });
});

describe('Actions Taken against Artifacts Produced', () => {
  it('reads the file changes the actions claim, conservatively', () => {
    const doc = record({
      actions: [
        'Read `docs/adr/adr-016.md` for context.',
        ['Created `infra/modules/keyvault/` directory with 2 files:', ['`versions.tf` — Terraform >= 1.5', 'Read `x.md`']],
        'Modified `infra/main.tf` — added `azurerm_public_ip.node2` resource (`pip-kevinryan-node2`).',
        'Deleted `infra/old.yaml` — replaced by templates.',
        'Overwrote `k8s/app/service.yaml` — targetPort 3000',
        'Removed `acr_name` from the variables',
        'Committed all changes to branch `claude/x`.',
      ],
    });
    expect(fileActions(doc.actions).map((action) => `${action.kind} ${action.path} :${action.location.line}`)).toEqual([
      'created infra/modules/keyvault :11',
      'created infra/modules/keyvault/versions.tf :12',
      'modified infra/main.tf :14',
      'deleted infra/old.yaml :15',
      'modified k8s/app/service.yaml :16',
    ]);
  });

  it('reads a list of paths after a lead-in phrase and a colon', () => {
    const doc = record({
      actions: [
        'Modified, for the changes in action 5 and the merge: `infra/main.tf`, `infra/outputs.tf` and `k8s/app.yaml`.',
        'Created the tests: `test/a.test.ts`.',
        'Ran the tests: `pnpm test` passed.',
        'Updated the docs (see `README.md`): nothing else.',
      ],
    });
    expect(fileActions(doc.actions).map((action) => `${action.kind} ${action.path}`)).toEqual([
      'modified infra/main.tf',
      'modified infra/outputs.tf',
      'modified k8s/app.yaml',
      'created test/a.test.ts',
    ]);
  });

  it('is silent when actions and table agree', () => {
    const doc = record({
      actions: ['Read `infra/variables.tf`', ['Created `infra/modules/keyvault/` with:', ['`versions.tf` — x']], 'Modified `infra/main.tf` and `infra/outputs.tf` — wiring'],
      artifacts: [['infra/modules/keyvault/versions.tf', 'Created'], ['infra/main.tf', 'Modified'], ['infra/outputs.tf', 'Modified']],
    });
    expect(compareActions(doc, SPEC_FILE)).toEqual([]);
  });

  it('warns at the action when the table omits its file, and at the row when no action mentions it', () => {
    const doc = record({
      actions: ['Modified `infra/main.tf` — wiring', 'Deleted `infra/old.yaml`', 'Read `infra/variables.tf`'],
      artifacts: [['infra/main.tf', 'Modified'], ['infra/variables.tf', 'Created'], [RECORD_FILE, 'Created']],
    });
    const findings = compareActions(doc, SPEC_FILE);
    expect(summary(findings)).toEqual([`drift/actions-vs-artifacts ${RECORD_FILE}:11`, `drift/actions-vs-artifacts ${RECORD_FILE}:43`]);
    expect(findings.map((finding) => finding.severity)).toEqual(['warning', 'warning']);
    expect(findings[0]?.message).toBe('Actions Taken say deleted `infra/old.yaml`; Artifacts Produced does not list it');
  });
});

describe('looksLikePath (Actions Taken)', () => {
  it('reads paths, file names and dotfiles as paths, and commands and words as not', async () => {
    const { looksLikePath } = await import('../../src/parse/classify.js');
    expect(['infra/main.tf', 'README.md', 'Dockerfile', '.npmrc', '.gitignore', 'k8s/app/'].every(looksLikePath)).toBe(true);
    expect(['pnpm lint', 'exit 1', '...', '.', '--components', 'var.keyvault_name'].some(looksLikePath)).toBe(false);
  });
});
