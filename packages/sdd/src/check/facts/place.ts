import type { FileMention, StatedFact } from './extract.js';

/**
 * Where the files a fact names are: a bare name (`Greeting.tsx`), a path
 * written from another folder (`app/page.tsx` for `sites/hq/app/page.tsx`)
 * or "the workflow" becomes one repository path, or the fact is dropped.
 * The record's Artifacts Produced table is asked first (it says which files
 * the change touched), then the paths the spec names, then the repository;
 * the first that knows exactly one file decides. Two candidates where one
 * is asked for: no fact.
 */

export interface NameSources {
  /** Paths the record's Artifacts Produced table lists. */
  artifacts: readonly string[];
  /** Paths the spec's steps name. */
  specPaths: readonly string[];
  /** Paths the repository has or had (git history and the working tree). */
  repository: RepositoryPaths;
}

/** The repository's paths, indexed by file name (a long history has many). */
export interface RepositoryPaths {
  /** Paths whose last segment is `name`. */
  named(name: string): readonly string[];
  has(path: string): boolean;
  /** Whether some path lies below `folder` (so `folder` is a directory). */
  isFolder(folder: string): boolean;
}

type PlacedBy = 'as-written' | 'artifacts' | 'spec' | 'repository';

export interface Placement {
  path: string;
  by: PlacedBy;
}

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** Indexed on first use: most runs place no fact (every step declared or inferred), and a long history has many paths. */
export function repositoryPaths(paths: Iterable<string>): RepositoryPaths {
  let index: ReturnType<typeof indexPaths> | null = null;
  const indexed = () => (index ??= indexPaths(paths));
  return {
    named: (name) => indexed().byName.get(name) ?? [],
    has: (path) => indexed().all.has(path),
    isFolder: (folder) => indexed().folders.has(folder.replace(/\/+$/, '')),
  };
}

function indexPaths(paths: Iterable<string>) {
  const byName = new Map<string, string[]>();
  const all = new Set<string>();
  const folders = new Set<string>();
  for (const full of paths) {
    const clean = full.replace(/^\.\//, '');
    if (all.has(clean)) continue;
    all.add(clean);
    const name = clean.slice(clean.lastIndexOf('/') + 1);
    const list = byName.get(name);
    if (list) list.push(clean);
    else byName.set(name, [clean]);
    for (let at = clean.indexOf('/'); at !== -1; at = clean.indexOf('/', at + 1)) folders.add(clean.slice(0, at));
  }
  return { byName, all, folders };
}

/** The one path a file mention means, or null (unknown, or two candidates). */
export function placeFile(file: FileMention, sources: NameSources): Placement | null {
  if (file.form === 'workflow') {
    return (
      firstUnique([
        ['artifacts', sources.artifacts.filter((p) => WORKFLOW.test(p))],
        ['spec', sources.specPaths.filter((p) => WORKFLOW.test(p))],
      ]) ?? null
    );
  }
  const written = file.written;
  if (file.directory) return file.form === 'path' ? { path: written, by: 'as-written' } : null;
  const name = written.slice(written.lastIndexOf('/') + 1);
  const fits = (candidate: string) => candidate === written || candidate.endsWith(`/${written}`);
  if (file.form === 'path' && (sources.artifacts.includes(written) || sources.specPaths.includes(written) || sources.repository.has(written))) {
    return { path: written, by: 'as-written' };
  }
  const placed = firstUnique([
    ['artifacts', sources.artifacts.filter(fits)],
    ['spec', sources.specPaths.filter(fits)],
    ['repository', sources.repository.named(name).filter(fits)],
  ]);
  if (placed !== undefined) return placed;
  // A full path that no source knows: the statement is about that path (and its file is not there).
  return file.form === 'path' ? { path: written, by: 'as-written' } : null;
}

/** The first source that knows exactly one candidate; null when one knows several; undefined when none knows any. */
function firstUnique(tiers: [PlacedBy, readonly string[]][]): Placement | null | undefined {
  for (const [by, candidates] of tiers) {
    const unique = [...new Set(candidates)];
    if (unique.length === 1) return { path: unique[0] as string, by };
    if (unique.length > 1) return null;
  }
  return undefined;
}

/** A fact with its file placed. */
export type PlacedFact = StatedFact & { placed: Placement | null };

/**
 * Places every fact's file; drops the facts whose file cannot be placed.
 * A command's folder must be a folder the step names as a path.
 */
export function placeFacts(facts: readonly StatedFact[], sources: NameSources): PlacedFact[] {
  const placed: PlacedFact[] = [];
  for (const fact of facts) {
    if (fact.kind === 'unchanged-files') {
      placed.push({ ...fact, placed: null });
      continue;
    }
    const file = fact.kind === 'command' ? fact.cwd : fact.file;
    if (file === null) {
      placed.push({ ...fact, placed: null });
      continue;
    }
    const where = placeFile(file, sources);
    if (where === null) continue;
    placed.push({ ...fact, placed: where });
  }
  return placed;
}

/** What other steps of the spec and the record say about a path, against which a fact is weighed. */
export interface Statements {
  /** Paths another step says exist or hold something. */
  present: ReadonlySet<string>;
  /** Paths another step says are gone. */
  gone: ReadonlySet<string>;
  /** Artifacts Produced rows: path → status word as written. */
  artifactStatus: ReadonlyMap<string, string | null>;
}

/**
 * Drops a fact when the spec or the record says otherwise about the same
 * path: then the step must mean another version of the file ("the static
 * `Dockerfile` no longer exists" beside "`Dockerfile` exists", or beside a
 * record that lists `Dockerfile` as replaced), and a fact read from it could
 * fail on a true claim.
 */
export function withoutContradictions(facts: readonly PlacedFact[], statements: Statements, repository: RepositoryPaths): PlacedFact[] {
  return facts.filter((fact) => {
    const path = fact.placed?.path;
    if (path === undefined || fact.kind === 'command') return true;
    if (fact.kind === 'absent') {
      if (statements.present.has(path)) return false;
      // A row that keeps the path (Created, Modified, "Replaced") says a file is there now: the step means an old one.
      const status = statements.artifactStatus.get(path);
      return status === undefined || status === 'Deleted';
    }
    if (fact.kind === 'exists' || fact.kind === 'mentions' || fact.kind === 'lacks') {
      if (statements.gone.has(path)) return false;
      if (statements.artifactStatus.get(path) === 'Deleted') return false;
    }
    // What a file holds is about a file, not a folder.
    if ((fact.kind === 'mentions' || fact.kind === 'lacks') && repository.isFolder(path)) return false;
    return true;
  });
}
