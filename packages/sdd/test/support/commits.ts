import type { CommitInfo, GitFacts } from '../../src/model/index.js';

/** A commit for pure history tests: each change as `[status, path, old path?]`. */
export function commit(hash: string, ...changes: [string, string, string?][]): CommitInfo {
  return {
    hash,
    parents: [],
    date: '2026-01-01T00:00:00Z',
    author: 'a',
    subject: hash,
    changes: changes.map(([status, file, oldPath]) => ({ status: status as 'A', path: file, oldBlob: '0', newBlob: '1', ...(oldPath ? { oldPath } : {}) })),
  };
}

/** git's facts for a history of such commits: HEAD its last, a clean working tree, no base. */
export function factsOf(commits: CommitInfo[]): GitFacts {
  return { head: commits.at(-1)?.hash ?? null, shallow: false, workingTree: [], base: null, commits };
}
