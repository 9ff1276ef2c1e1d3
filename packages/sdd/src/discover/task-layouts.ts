import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TaskSource, TasksConfig } from '../model/index.js';
import { ConfigError } from './config.js';
import { isInside, leavesThroughSymlink, realPathOrNull } from '../repo-path.js';

/**
 * Which spec-driven layouts a repository holds, and the spec-kit features and
 * OpenSpec changes that keep a task list. The classification is pure (a list
 * of repository paths in, layouts out), so that `sdd init` can ask the same
 * question of any listing; `listTaskRoots` is the only I/O: a few `readdir`
 * of the configured roots.
 */

/** spec-kit names feature folders `NNN-slug` (three digits or more) or `YYYYMMDD-HHMMSS-slug`. */
const FEATURE_NAME = /^(?:\d{3,}|\d{8}-\d{6})-[^/]+$/;
/** OpenSpec archives a change as `changes/archive/YYYY-MM-DD-<id>/`. */
const ARCHIVED_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;

export interface RepositoryLayouts {
  /** sdd's own documents (`.sdd/specification`, `.sdd/provenance`), when present. */
  sdd: { specs: string; provenance: string } | null;
  /** Each spec-kit root (a `specs` folder holding features), with whether `.specify/` stands beside it. */
  specKit: { root: string; specify: boolean; features: string[] }[];
  /** Each OpenSpec root (an `openspec` folder), with its active and archived changes. */
  openSpec: { root: string; changes: string[]; archived: string[] }[];
}

/**
 * The layouts a repository holds, from its file paths (repository-relative,
 * forward slashes): sdd where `.sdd/specification/` or `.sdd/config.yaml` is,
 * spec-kit at every `specs/` folder with a feature in it, OpenSpec at every
 * `openspec/` folder with `changes/`, `specs/` or `project.md` in it. Pure.
 */
export function repositoryLayouts(paths: readonly string[]): RepositoryLayouts {
  const files = paths.map(toPosix);
  const sdd = files.some((file) => file.startsWith('.sdd/specification/') || file === '.sdd/config.yaml')
    ? { specs: '.sdd/specification', provenance: '.sdd/provenance' }
    : null;

  const specKitRoots = new Set<string>();
  const openSpecRoots = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    const specs = parts.lastIndexOf('specs', parts.length - 3);
    if (specs >= 0 && !parts.slice(0, specs).includes('openspec')) specKitRoots.add(parts.slice(0, specs + 1).join('/'));
    const openspec = parts.indexOf('openspec');
    if (openspec >= 0 && parts.length > openspec + 1) openSpecRoots.add(parts.slice(0, openspec + 1).join('/'));
  }
  const sources = taskSourcesIn(files, { specKit: [...specKitRoots], openSpec: [...openSpecRoots] });
  const specKit = [...specKitRoots]
    .sort()
    .map((root) => ({
      root,
      specify: files.some((file) => file.startsWith(`${joined(path.posix.dirname(root), '.specify')}/`)),
      features: sources.filter((source) => source.layout === 'spec-kit' && source.root === root).map((source) => source.id),
    }))
    .filter((layout) => layout.features.length > 0 || layout.specify);
  const openSpec = [...openSpecRoots]
    .sort()
    .filter((root) => files.some((file) => ['changes', 'specs', 'project.md', 'AGENTS.md', 'config.yaml'].some((name) => file === `${root}/${name}` || file.startsWith(`${root}/${name}/`))))
    .map((root) => {
      const own = sources.filter((source) => source.layout === 'openspec' && source.root === root);
      return { root, changes: own.filter((source) => source.archived === null).map((source) => source.id), archived: own.filter((source) => source.archived !== null).map((source) => source.dir) };
    });
  return { sdd, specKit, openSpec };
}

/**
 * The spec-kit features and OpenSpec changes under the given roots that hold
 * a `tasks.md`, sorted by folder. A spec-kit feature is a folder directly
 * under a root that holds `tasks.md` with `spec.md` or `plan.md`, or is named
 * like a feature; an OpenSpec change is `<root>/changes/<id>/` or
 * `<root>/changes/archive/<date>-<id>/`. Pure.
 */
export function taskSourcesIn(paths: readonly string[], roots: Pick<TasksConfig, 'specKit' | 'openSpec'>): TaskSource[] {
  const byFolder = new Map<string, Set<string>>();
  for (const file of paths) {
    const posix = toPosix(file);
    const folder = path.posix.dirname(posix);
    const names = byFolder.get(folder) ?? new Set<string>();
    names.add(path.posix.basename(posix));
    byFolder.set(folder, names);
  }
  const sources: TaskSource[] = [];
  for (const [folder, names] of byFolder) {
    if (!names.has('tasks.md')) continue;
    const parent = path.posix.dirname(folder);
    const name = path.posix.basename(folder);
    const specKitRoot = roots.specKit.map(normalRoot).find((root) => root === parent);
    if (specKitRoot !== undefined && (names.has('spec.md') || names.has('plan.md') || FEATURE_NAME.test(name))) {
      sources.push({
        layout: 'spec-kit',
        id: name,
        dir: folder,
        root: specKitRoot,
        tasksFile: `${folder}/tasks.md`,
        specFile: names.has('spec.md') ? `${folder}/spec.md` : null,
        archived: null,
        activeDir: null,
      });
      continue;
    }
    for (const root of roots.openSpec.map(normalRoot)) {
      const changes = joined(root, 'changes');
      if (parent === changes && name !== 'archive') {
        sources.push({ layout: 'openspec', id: name, dir: folder, root, tasksFile: `${folder}/tasks.md`, specFile: null, archived: null, activeDir: folder });
      } else if (parent === `${changes}/archive`) {
        const dated = ARCHIVED_NAME.exec(name);
        const id = dated?.[2] ?? name;
        sources.push({
          layout: 'openspec',
          id,
          dir: folder,
          root,
          tasksFile: `${folder}/tasks.md`,
          specFile: null,
          archived: dated?.[1] ?? 'undated',
          activeDir: `${changes}/${id}`,
        });
      }
    }
  }
  return sources.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

/**
 * The files two levels under each configured root (`specs/<feature>/<file>`,
 * `openspec/changes/<id>/<file>`, `openspec/changes/archive/<dated-id>/<file>`),
 * repository-relative: what `taskSourcesIn` classifies. A root that does not
 * exist lists nothing; one that leaves the repository is a configuration error.
 */
export async function listTaskRoots(root: string, config: Pick<TasksConfig, 'specKit' | 'openSpec'>, configFile = '.sdd/config.yaml'): Promise<string[]> {
  const folders = [
    ...config.specKit.map(normalRoot),
    ...config.openSpec.flatMap((openSpec) => [joined(normalRoot(openSpec), 'changes'), joined(normalRoot(openSpec), 'changes/archive')]),
  ];
  for (const folder of folders) {
    if (!isInside(root, path.resolve(root, folder))) throw new ConfigError(`tasks: folder "${folder}" leaves the repository`, configFile);
  }
  const lists = await Promise.all(
    [...new Set(folders)].map(async (folder) => {
      const children = await entries(root, path.join(root, folder));
      const nested = await Promise.all(
        children.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map(async (entry) => {
          const files = await entries(root, path.join(root, folder, entry.name));
          return files.filter((file) => file.isFile()).map((file) => joined(folder, `${entry.name}/${file.name}`));
        }),
      );
      return nested.flat();
    }),
  );
  return lists.flat().sort();
}

/** A folder's entries; none when it is missing or a symlink out of the repository (outside files never reach a report). */
async function entries(root: string, folder: string): Promise<Dirent[]> {
  if (realPathOrNull(folder) === null || leavesThroughSymlink(root, folder)) return [];
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

function normalRoot(root: string): string {
  const normal = path.posix.normalize(toPosix(root)).replace(/^\.\/+/, '').replace(/\/+$/, '');
  return normal === '.' ? '' : normal;
}

function joined(root: string, rest: string): string {
  return root === '' || root === '.' ? rest : `${root}/${rest}`;
}

function toPosix(file: string): string {
  return file.split('\\').join('/');
}
