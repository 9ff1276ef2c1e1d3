import { z } from 'zod';
import type { CommitInfo, EvidenceItem, GitFacts } from '../../model/index.js';
import { resolveRepoPath } from '../paths.js';
import type { CheckKind } from '../types.js';
import { fail, notRun, pass } from './common.js';

const Args = z
  .object({
    paths: z.array(z.string().min(1)).min(1).optional().describe('default: every artifact the provenance record lists (except Unchanged)'),
    scope: z.enum(['commit', 'range']).optional().describe('commit (default): one commit changed them all; range: each changed within the reviewed range (--base)'),
  })
  .strict();
type Args = z.infer<typeof Args>;

export const gitCommittedTogether: CheckKind<Args> = {
  kind: 'git.committed-together',
  description: 'every path changed in one commit (or within the reviewed range)',
  args: Args,
  async run(args, context) {
    if (!context.git) return notRun('not a git repository');
    const paths = args.paths ?? context.record?.artifacts?.rows.filter((row) => row.status !== 'Unchanged').map((row) => row.path);
    if (!paths) return notRun('no paths given and no provenance record with an Artifacts Produced table');
    if (paths.length === 0) return notRun('the provenance record lists no changed artifact');
    const normalised: string[] = [];
    for (const p of paths) {
      const resolved = resolveRepoPath(context.root, p);
      if (!resolved.ok) return fail(resolved.reason, [{ message: resolved.reason }]);
      normalised.push(p.endsWith('/') ? `${resolved.rel}/` : resolved.rel);
    }
    const result = (args.scope ?? 'commit') === 'commit' ? inOneCommit(context.git, normalised) : inRange(context.git, normalised);
    // A cut history may lack the commit that would have passed: that is no evidence of a fail.
    if (result.status === 'fail' && context.git.shallow) return notRun('shallow clone: the history that would show these commits is missing', result.evidence);
    return result;
  },
};

/** Whether a commit's change touches `path` (a directory path, ending in `/`, matches what is under it). */
function touches(commit: CommitInfo, path: string): boolean {
  const exact = path.endsWith('/') ? null : touchedPaths(commit);
  if (exact) return exact.has(path);
  return commit.changes.some((change) =>
    [change.path, change.oldPath].some((p) => p !== undefined && (p === path || p === path.replace(/\/$/, '') || (path.endsWith('/') && p.startsWith(path)))),
  );
}

// Each commit's paths as a set, built once per run: a check asks about every commit of a long history.
const pathSets = new WeakMap<CommitInfo, Set<string>>();
function touchedPaths(commit: CommitInfo): Set<string> {
  let paths = pathSets.get(commit);
  if (!paths) {
    paths = new Set();
    for (const change of commit.changes) {
      paths.add(change.path);
      if (change.oldPath) paths.add(change.oldPath);
    }
    pathSets.set(commit, paths);
  }
  return paths;
}

function short(hash: string): string {
  return hash.slice(0, 7);
}

function perPath(commits: readonly CommitInfo[], paths: readonly string[], git: GitFacts): EvidenceItem[] {
  return paths.map((path) => {
    const touching = commits.filter((commit) => touches(commit, path));
    const pending = git.workingTree.some((entry) => entry.path === path || (path.endsWith('/') && entry.path.startsWith(path)));
    const where = touching.length === 0 ? 'in no commit' : `in ${touching.slice(-3).map((c) => short(c.hash)).join(', ')}`;
    return { message: `\`${path}\` changed ${where}${pending ? ' (uncommitted changes in the working tree)' : ''}` };
  });
}

function inOneCommit(git: GitFacts, paths: readonly string[]): ReturnType<typeof pass> {
  const together = git.commits.filter((commit) => paths.every((path) => touches(commit, path)));
  const last = together.at(-1);
  if (last) {
    return pass(`all ${paths.length} paths changed together in ${short(last.hash)} (${last.subject})`, [
      { message: `commit ${last.hash} ${last.date} ${last.subject}`, address: last.hash },
    ]);
  }
  return fail(`no single commit changed all ${paths.length} paths`, perPath(git.commits, paths, git));
}

function inRange(git: GitFacts, paths: readonly string[]): ReturnType<typeof pass> {
  if (!git.base) return notRun('scope `range` needs a reviewed range: run with --base');
  const start = git.commits.findIndex((commit) => commit.hash === git.base);
  if (start === -1) return notRun(`the base commit ${short(git.base)} is not in the history sdd read`);
  const range = git.commits.slice(start + 1);
  const missing = paths.filter((path) => !range.some((commit) => touches(commit, path)));
  const evidence = perPath(range, paths, git);
  if (missing.length === 0) return pass(`all ${paths.length} paths changed within ${short(git.base)}..${short(git.head ?? '')}`, evidence);
  return fail(`${missing.length} of ${paths.length} paths did not change within ${short(git.base)}..HEAD: ${missing.map((p) => `\`${p}\``).join(', ')}`, evidence);
}
