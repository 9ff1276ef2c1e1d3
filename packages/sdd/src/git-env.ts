/**
 * The environment of the processes sdd starts: its own, less the variables in which git tells a
 * hook where the repository of the running git command is (spec 0045). A `pre-commit` hook that
 * runs `sdd validate` inherits `GIT_INDEX_FILE`, often `GIT_DIR` and others, some as paths
 * relative to where git ran; passed on, they point sdd's git at another index or repository than
 * the one at `--root` (or at nothing, from another folder: a temporary worktree), and a spec's
 * test command that makes a scratch repository would commit into the user's. sdd reads the
 * repository at its root, from a hook as from a shell.
 */
const AMBIENT_REPOSITORY_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_PREFIX',
  'GIT_NAMESPACE',
  'GIT_QUARANTINE_PATH',
] as const;

export function processEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!AMBIENT_REPOSITORY_VARIABLES.some((name) => env[name] !== undefined)) return env;
  const kept = { ...env };
  for (const name of AMBIENT_REPOSITORY_VARIABLES) delete kept[name];
  return kept;
}
