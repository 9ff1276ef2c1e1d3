import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepo, type TempRepo } from './repo.js';

/**
 * Git repositories built from the fixture trees in `test/fixtures/tasks/`:
 * the tree before the feature, the feature's documents with every task open,
 * the implementation, the ticked task list (each a commit), then a merge or
 * an archive. Options break one claim at a time.
 */

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/tasks');

export interface FixtureOptions {
  /** Files of the implementation that are not written (a task claims one that is not there). */
  skip?: string[];
  /** Files of the tree before the feature that the implementation does not change (a task claims one it did not touch). */
  untouched?: string[];
  /** More files the implementation writes, that no task names. */
  extra?: Record<string, string>;
  /** Task ids left open in the final list. */
  open?: string[];
  /** Replace text of the final task list (a task that names another file). */
  edit?: (tasks: string) => string;
  /** Merge the branch into main with a merge commit (default: true). */
  merge?: boolean;
  /** OpenSpec: archive the change after the merge. */
  archive?: boolean;
}

/** Every file of a fixture tree, repository-relative. */
function treeOf(name: string): string[] {
  const root = path.join(FIXTURES, name);
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export function fixtureText(name: string, file: string): string {
  return readFileSync(path.join(FIXTURES, name, file), 'utf8');
}

/** Every task open (`- [ ]`), or only the given ids. */
export function untick(tasks: string, ids?: readonly string[]): string {
  return tasks.replace(/^(\s*[-*] )\[[xX]\] (\S+)/gm, (whole, bullet: string, id: string) => (ids === undefined || ids.includes(id) ? `${bullet}[ ] ${id}` : whole));
}

async function writeAll(repo: TempRepo, name: string, files: readonly string[], overrides: Record<string, string> = {}): Promise<void> {
  for (const file of files) repo.write(file, overrides[file] ?? fixtureText(name, file));
}

export const SPEC_KIT_TASKS = 'specs/001-user-auth/tasks.md';
export const SPEC_KIT_BRANCH = '001-user-auth';

interface Layout {
  /** The fixture folder. */
  name: string;
  /** Files of the tree before the feature, from the fixture or with the text given. */
  base: Record<string, string | null>;
  /** Where the feature's documents are, and its task list. */
  docs: string;
  tasks: string;
  branch: string;
  /** Files the implementation deletes. */
  deletes?: string[];
}

/**
 * The history every fixture repository has: the tree before the feature on main; on the
 * feature's branch its documents with every task open, the implementation, the ticked list;
 * then a merge commit into main.
 */
async function build(layout: Layout, options: FixtureOptions): Promise<TempRepo> {
  const repo = createRepo();
  const tree = treeOf(layout.name);
  const base = Object.keys(layout.base);
  for (const [file, text] of Object.entries(layout.base)) repo.write(file, text ?? fixtureText(layout.name, file));
  for (const file of options.untouched ?? []) repo.write(file, `${file}: as it was\n`);
  repo.commit('initial');

  repo.git('checkout', '-q', '-b', layout.branch);
  const docs = tree.filter((file) => file.startsWith(layout.docs));
  await writeAll(repo, layout.name, docs, { [layout.tasks]: untick(fixtureText(layout.name, layout.tasks)) });
  repo.commit(`documents: ${layout.branch}`);

  const left = new Set([...docs, ...(options.skip ?? []), ...(options.untouched ?? [])]);
  const implementation = tree.filter((file) => !left.has(file) && (!base.includes(file) || layout.base[file] !== null));
  await writeAll(repo, layout.name, implementation);
  for (const file of layout.deletes ?? []) repo.remove(file);
  for (const [file, text] of Object.entries(options.extra ?? {})) repo.write(file, text);
  repo.commit(`implement ${layout.branch}`);

  const final = fixtureText(layout.name, layout.tasks);
  repo.write(layout.tasks, (options.edit ?? ((text) => text))(options.open ? untick(final, options.open) : final));
  repo.commit(`tasks: ${layout.branch} done`);

  if (options.merge !== false) {
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', `Merge ${layout.branch}`, layout.branch);
  }
  return repo;
}

/** A spec-kit feature built on its branch `001-user-auth`, merged into main with a merge commit. */
export function specKitRepo(options: FixtureOptions = {}): Promise<TempRepo> {
  return build(
    {
      name: 'spec-kit',
      base: {
        'README.md': null,
        '.specify/memory/constitution.md': null,
        'backend/src/config.py': null,
        'backend/requirements.txt': 'fastapi==0.115.0\n',
        'backend/src/auth_stub.py': 'def login():\n    return None\n',
      },
      docs: 'specs/',
      tasks: SPEC_KIT_TASKS,
      branch: SPEC_KIT_BRANCH,
      deletes: ['backend/src/auth_stub.py'],
    },
    options,
  );
}

export const OPENSPEC_TASKS = 'openspec/changes/add-logout/tasks.md';
export const OPENSPEC_ARCHIVED_TASKS = 'openspec/changes/archive/2026-01-20-add-logout/tasks.md';

const SESSION_BEFORE = `// Package auth keeps sessions in a signed cookie.
package auth

import "net/http"

const sessionCookie = "sid"

// StartSession sets the session cookie.
func StartSession(w http.ResponseWriter, id string) {
\thttp.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, HttpOnly: true, Secure: true})
}
`;

/** An OpenSpec change `add-logout`, built on a branch and merged into main; archived when asked. */
export async function openSpecRepo(options: FixtureOptions = {}): Promise<TempRepo> {
  const name = 'openspec';
  const repo = await build(
    {
      name,
      base: {
        'README.md': null,
        'go.mod': null,
        'openspec/project.md': null,
        'openspec/specs/auth/spec.md': null,
        'docs/style.md': null,
        'internal/auth/session.go': SESSION_BEFORE,
        'docs/api.md': '# API\n\n- `POST /login`: starts a session.\n',
      },
      docs: 'openspec/changes/',
      tasks: OPENSPEC_TASKS,
      branch: 'add-logout',
    },
    options,
  );
  if (options.archive) {
    repo.write('openspec/changes/archive/.keep', '');
    repo.git('mv', 'openspec/changes/add-logout', 'openspec/changes/archive/2026-01-20-add-logout');
    const delta = fixtureText(name, 'openspec/changes/add-logout/specs/auth/spec.md').replace('## ADDED Requirements\n', '');
    repo.write('openspec/specs/auth/spec.md', `${fixtureText(name, 'openspec/specs/auth/spec.md')}\n${delta}`);
    repo.commit('archive add-logout');
  }
  return repo;
}
