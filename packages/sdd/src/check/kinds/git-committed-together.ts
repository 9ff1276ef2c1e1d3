import { shortHash } from '../../discover/git-parse.js';
import { z } from 'zod';
import type { CommitInfo, EvidenceItem, GitFacts } from '../../model/index.js';
import { commitIndex, latestCommon } from '../commit-index.js';
import { resolveRepoPath } from '../../repo-path.js';
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
  // git's history: the same whichever commit the record is judged at.
  reads: () => 'nothing',
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

/** For each path, the last commits (from position `from` on) that touched it, and any uncommitted change. */
function perPath(git: GitFacts, from: number, paths: readonly string[]): EvidenceItem[] {
  const index = commitIndex(git);
  return paths.map((path) => {
    const touching = index.touching(path).filter((position) => position >= from);
    const pending = git.workingTree.some((entry) => entry.path === path || (path.endsWith('/') && entry.path.startsWith(path)));
    const where = touching.length === 0 ? 'in no commit' : `in ${touching.slice(-3).map((position) => shortHash(commitAt(git, position).hash)).join(', ')}`;
    return { message: `\`${path}\` changed ${where}${pending ? ' (uncommitted changes in the working tree)' : ''}` };
  });
}

function commitAt(git: GitFacts, position: number): CommitInfo {
  return git.commits[position] as CommitInfo;
}

function inOneCommit(git: GitFacts, paths: readonly string[]): ReturnType<typeof pass> {
  const index = commitIndex(git);
  const position = latestCommon(paths.map((path) => index.touching(path)));
  if (position !== -1) {
    const last = commitAt(git, position);
    return pass(`all ${paths.length} paths changed together in ${shortHash(last.hash)} (${last.subject})`, [
      { message: `commit ${last.hash} ${last.date} ${last.subject}`, address: last.hash },
    ]);
  }
  return fail(`no single commit changed all ${paths.length} paths`, perPath(git, 0, paths));
}

function inRange(git: GitFacts, paths: readonly string[]): ReturnType<typeof pass> {
  if (!git.base) return notRun('scope `range` needs a reviewed range: run with --base');
  const start = git.commits.findIndex((commit) => commit.hash === git.base);
  if (start === -1) return notRun(`the base commit ${shortHash(git.base)} is not in the history sdd read`);
  const index = commitIndex(git);
  const missing = paths.filter((path) => !index.touching(path).some((position) => position > start));
  const evidence = perPath(git, start + 1, paths);
  if (missing.length === 0) return pass(`all ${paths.length} paths changed within ${shortHash(git.base)}..${shortHash(git.head ?? '')}`, evidence);
  return fail(`${missing.length} of ${paths.length} paths did not change within ${shortHash(git.base)}..HEAD: ${missing.map((p) => `\`${p}\``).join(', ')}`, evidence);
}
