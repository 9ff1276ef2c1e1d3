import type { SddConfig } from './config.js';
import type { Finding } from './finding.js';

/**
 * What the discover stage hands on: the repository's configuration, its
 * document files and the facts git holds about them, read once per run.
 * Every later stage works on this data, not on git itself.
 */

/** One entry of `git log --raw -M`: what a commit did to one path. */
export interface FileChange {
  /** A added, M modified, D deleted, R renamed (with oldPath), C copied, T type change. */
  status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  path: string;
  oldPath?: string;
  /** Blob ids before and after (all zeros when there is none). */
  oldBlob: string;
  newBlob: string;
  /** Rename/copy similarity, 0–100. */
  similarity?: number;
}

export interface CommitInfo {
  hash: string;
  parents: string[];
  /** Author date, ISO 8601. */
  date: string;
  author: string;
  subject: string;
  changes: FileChange[];
}

export interface GitFacts {
  /** HEAD commit, null in a repository without commits. */
  head: string | null;
  /** Commits reachable from HEAD, oldest first (first-parent order is not assumed). */
  commits: CommitInfo[];
  /** True when history is cut (shallow clone): the commit that added a record may be missing. */
  shallow: boolean;
  /** Paths with uncommitted changes (staged, unstaged or untracked), with their status letter. */
  workingTree: { status: 'A' | 'M' | 'D' | 'R' | '?'; path: string; oldPath?: string }[];
  /** The explicit range the user asked for (`--base REV`), resolved to a commit id. */
  base: string | null;
}

/**
 * What git says of the working tree, read once per run (spec 0041,
 * `discover/working-state.ts`): the whole-run cache's key and discovery share it.
 */
export interface WorkingState {
  /** The folder git ran in: the state serves a run of this root only. */
  root: string;
  /** `git status --porcelain=v2 --branch -z --untracked-files=all` (HEAD, branch, every changed or untracked path), without its ignored entries; null when git failed. */
  status: string | null;
  /** What git ignores under the root (a folder ignored whole is one entry); null when git failed. */
  ignored: string[] | null;
  /**
   * git's top level (as `rev-parse --show-toplevel` prints it) and whether the clone is shallow,
   * asked beside the status (spec 0049): reading git's facts then starts no process of its own
   * for them. Absent in a state built by hand; null when git failed.
   */
  repository?: { topLevel: string; shallow: boolean } | null;
}

export interface Workspace {
  /** Absolute path of the repository root. */
  root: string;
  config: SddConfig;
  /** Repository-relative path of the configuration file, null when defaults are used. */
  configFile: string | null;
  /** Repository-relative paths, sorted. */
  specFiles: string[];
  provenanceFiles: string[];
  /** Null when the root is not a git repository or git is not installed. */
  git: GitFacts | null;
  /** Problems found while discovering: unreadable config, missing folders, git unavailable. */
  findings: Finding[];
  /** Where this run may cache (absolute; null: nowhere), worked out once by discover; absent in a workspace built by hand. */
  cacheDir?: string | null;
}
