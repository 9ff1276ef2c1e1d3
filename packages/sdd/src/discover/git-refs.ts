import { simpleGit } from 'simple-git';

/** A local or remote-tracking branch, as `git for-each-ref` lists it. */
export interface BranchRef {
  /** `refs/heads/001-user-auth`, `refs/remotes/origin/001-user-auth`. */
  ref: string;
  /** The branch name without `refs/heads/` or `refs/remotes/<remote>/`. */
  name: string;
  tip: string;
  remote: boolean;
  /** HEAD is this (local) branch. */
  current: boolean;
}

/**
 * Every local and remote-tracking branch, with HEAD's marked: one
 * `git for-each-ref`. spec-kit names a feature's branch like its folder
 * (`001-user-auth`); the task stage looks it up here. Empty when git fails.
 */
export async function readBranchRefs(root: string): Promise<BranchRef[]> {
  let output: string;
  try {
    output = await simpleGit({ baseDir: root, config: ['core.quotepath=off'], trimmed: false }).raw([
      'for-each-ref',
      '--format=%(HEAD)%00%(refname)%00%(objectname)',
      'refs/heads',
      'refs/remotes',
    ]);
  } catch {
    return [];
  }
  return parseBranchRefs(output);
}

/** The lines of `git for-each-ref --format=%(HEAD)%00%(refname)%00%(objectname)`. Pure. */
function parseBranchRefs(output: string): BranchRef[] {
  const refs: BranchRef[] = [];
  for (const line of output.split('\n')) {
    const [head = '', ref = '', tip = ''] = line.split('\0');
    if (!/^[0-9a-f]{40,64}$/.test(tip)) continue;
    const local = /^refs\/heads\/(.+)$/.exec(ref);
    const remote = /^refs\/remotes\/[^/]+\/(.+)$/.exec(ref);
    const name = local?.[1] ?? remote?.[1];
    // `origin/HEAD` points at another branch; it names no feature.
    if (name === undefined || (remote && name === 'HEAD')) continue;
    refs.push({ ref, name, tip, remote: !local, current: head === '*' });
  }
  return refs;
}
