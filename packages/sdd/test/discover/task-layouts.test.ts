import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/discover/config.js';
import { listTaskRoots, repositoryLayouts, taskSourcesIn } from '../../src/discover/task-layouts.js';
import { DEFAULT_TASK_IGNORE, defaultConfig } from '../../src/model/index.js';

// Which layouts a repository holds, and which features and changes keep a task list.

const ROOTS = { specKit: ['specs'], openSpec: ['openspec'] };

describe('taskSourcesIn', () => {
  it('finds spec-kit features by their documents or their name', () => {
    const sources = taskSourcesIn(
      [
        'specs/001-user-auth/spec.md',
        'specs/001-user-auth/plan.md',
        'specs/001-user-auth/tasks.md',
        'specs/20260102-101500-export/tasks.md',
        'specs/notes/tasks.md', // neither spec.md nor plan.md, nor a feature name
        'specs/002-draft/spec.md', // no task list yet
        'specs/checkout/spec.md',
        'specs/checkout/tasks.md',
        'docs/specs/003-x/tasks.md', // not under a configured root
      ],
      ROOTS,
    );
    expect(sources.map((source) => [source.id, source.dir, source.specFile])).toEqual([
      ['001-user-auth', 'specs/001-user-auth', 'specs/001-user-auth/spec.md'],
      ['20260102-101500-export', 'specs/20260102-101500-export', null],
      ['checkout', 'specs/checkout', 'specs/checkout/spec.md'],
    ]);
    expect(sources.every((source) => source.layout === 'spec-kit' && source.root === 'specs' && source.archived === null)).toBe(true);
  });

  it('finds OpenSpec changes, active and archived, with the archive date and the folder they had', () => {
    const sources = taskSourcesIn(
      [
        'openspec/project.md',
        'openspec/changes/add-logout/proposal.md',
        'openspec/changes/add-logout/tasks.md',
        'openspec/changes/archive/2025-01-02-add-login/tasks.md',
        'openspec/changes/archive/old-style/tasks.md',
        'openspec/changes/add-logout/specs/auth/tasks.md', // deeper: not a change
      ],
      ROOTS,
    );
    expect(sources.map((source) => [source.id, source.dir, source.archived, source.activeDir])).toEqual([
      ['add-logout', 'openspec/changes/add-logout', null, 'openspec/changes/add-logout'],
      ['add-login', 'openspec/changes/archive/2025-01-02-add-login', '2025-01-02', 'openspec/changes/add-login'],
      ['old-style', 'openspec/changes/archive/old-style', 'undated', 'openspec/changes/old-style'],
    ]);
  });

  it('reads other roots when configured, and none when a layout is turned off', () => {
    expect(taskSourcesIn(['docs/features/001-a/tasks.md', 'tools/openspec/changes/x/tasks.md'], { specKit: ['docs/features/'], openSpec: ['./tools/openspec'] }).map((source) => source.dir)).toEqual([
      'docs/features/001-a',
      'tools/openspec/changes/x',
    ]);
    expect(taskSourcesIn(['specs/001-a/tasks.md', 'openspec/changes/x/tasks.md'], { specKit: [], openSpec: [] })).toEqual([]);
  });
});

describe('repositoryLayouts', () => {
  it('tells sdd, spec-kit and OpenSpec apart, with their roots (what `sdd init` asks)', () => {
    expect(
      repositoryLayouts([
        '.sdd/specification/spec-0001-a.md',
        '.specify/memory/constitution.md',
        'specs/001-a/spec.md',
        'specs/001-a/tasks.md',
        'apps/web/specs/002-b/tasks.md',
        'openspec/project.md',
        'openspec/changes/add-x/tasks.md',
        'openspec/changes/archive/2025-01-01-add-y/tasks.md',
        'test/specs/unit/a.spec.ts',
      ]),
    ).toEqual({
      sdd: { specs: '.sdd/specification', provenance: '.sdd/provenance' },
      specKit: [
        { root: 'apps/web/specs', specify: false, features: ['002-b'] },
        { root: 'specs', specify: true, features: ['001-a'] },
      ],
      openSpec: [{ root: 'openspec', changes: ['add-x'], archived: ['openspec/changes/archive/2025-01-01-add-y'] }],
    });
  });

  it('finds nothing in a repository without these layouts', () => {
    expect(repositoryLayouts(['src/index.ts', 'README.md', 'test/specs/a.spec.ts'])).toEqual({ sdd: null, specKit: [], openSpec: [] });
  });
});

describe('listTaskRoots', () => {
  let root: string | null = null;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
    root = null;
  });

  it('lists two levels under each root, and nothing where a root does not exist', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'sdd-layouts-'));
    for (const file of ['specs/001-a/tasks.md', 'specs/001-a/spec.md', 'specs/001-a/contracts/x.yaml', 'openspec/changes/archive/2025-01-01-b/tasks.md', 'specs/.hidden/tasks.md']) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), 'x\n');
    }
    expect(await listTaskRoots(root, ROOTS)).toEqual(['openspec/changes/archive/2025-01-01-b/tasks.md', 'specs/001-a/spec.md', 'specs/001-a/tasks.md']);
    await expect(listTaskRoots(root, { specKit: ['../elsewhere'], openSpec: [] })).rejects.toThrow(ConfigError);
  });
});

describe('configuration', () => {
  it('defaults keep a repository without these layouts as it was', () => {
    expect(defaultConfig().tasks).toEqual({ specKit: ['specs'], openSpec: ['openspec'], ignore: DEFAULT_TASK_IGNORE, testFiles: expect.arrayContaining(['**/*.test.*', '**/*_test.*']) });
    expect(DEFAULT_TASK_IGNORE).toEqual(expect.arrayContaining(['**/pnpm-lock.yaml', '**/package-lock.json', '**/dist/**', 'CLAUDE.md']));
  });

  it('reads other roots, an ignore list, and refuses an unknown key at its line', () => {
    const config = parseConfig('version: 1\ntasks:\n  specKit: [docs/features]\n  openSpec: []\n  ignore: ["**/*.lock"]\n', '.sdd/config.yaml');
    expect(config.tasks).toMatchObject({ specKit: ['docs/features'], openSpec: [], ignore: ['**/*.lock'] });
    expect(() => parseConfig('version: 1\ntasks:\n  specKits: [x]\n', '.sdd/config.yaml')).toThrow(/tasks: Unrecognized key/);
    let thrown: unknown = null;
    try {
      parseConfig('version: 1\ntasks:\n  specKit: 3\n', '.sdd/config.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ line: 3, message: expect.stringContaining('tasks.specKit') });
  });
});
