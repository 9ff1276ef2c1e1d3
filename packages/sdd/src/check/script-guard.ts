import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readAtBase } from '../discover/base-files.js';

/**
 * An allowed `pnpm lint` runs whatever `scripts.lint` says in the folder's
 * `package.json`, which a pull request can edit. With `--base`, a script
 * (or its `pre`/`post` hook) that differs from the base's is not run: CI
 * must not run code the pull request wrote under a name the base allowed.
 */
const MANAGERS = new Set(['npm', 'pnpm', 'yarn']);
// Subcommands that are not scripts (a bare `pnpm <name>` / `yarn <name>` runs the script `<name>`).
const BUILTINS = new Set([
  'add', 'audit', 'bin', 'cache', 'ci', 'config', 'create', 'dedupe', 'dlx', 'exec', 'fetch', 'help', 'i', 'import', 'info', 'init',
  'install', 'link', 'list', 'ls', 'outdated', 'pack', 'prune', 'publish', 'rebuild', 'remove', 'rm', 'root', 'store', 'uninstall',
  'unlink', 'up', 'update', 'upgrade', 'version', 'why', 'x',
]);
const NPM_SCRIPT_COMMANDS = new Set(['test', 't', 'start', 'stop', 'restart']);

// Words that make the package manager run a script of another package.json than the folder's own.
const SELECTORS = new Set(['--filter', '-F', '-C', '--dir', '--prefix', '--cwd', '-w', '--workspace', '--workspaces', '-r', '--recursive', 'workspace', 'workspaces']);

type ScriptRun = { script: string } | { selector: string } | null;

/** The package.json script a command line runs (null: none), or the word that makes it another package's. */
function scriptOf(commandLine: string): ScriptRun {
  const words = commandLine.trim().split(/\s+/);
  const manager = words[0] ?? '';
  if (!MANAGERS.has(manager)) return null;
  const selector = words.find((word) => SELECTORS.has(word.split('=')[0] ?? ''));
  let index = 1;
  // Flags before the subcommand (`pnpm -s lint`, `npm --silent run x`).
  while ((words[index] ?? '').startsWith('-')) index += 1;
  const first = words[index];
  if (first === undefined) return null;
  let script: string | null;
  if (first === 'run' || first === 'run-script') {
    let next = index + 1;
    while ((words[next] ?? '').startsWith('-')) next += 1;
    script = words[next] ?? null;
  } else if (manager === 'npm') script = NPM_SCRIPT_COMMANDS.has(first) ? (first === 't' ? 'test' : first) : null;
  else script = BUILTINS.has(first) ? null : first;
  if (script === null) return null;
  return selector === undefined ? { script } : { selector };
}

/** Why the command must not run (its script changed since `base`), or null when it may. */
export async function changedScript(root: string, cwd: string, commandLine: string, base: string): Promise<string | null> {
  const run = scriptOf(commandLine);
  if (run === null) return null;
  const since = `since base ${base.slice(0, 12)}`;
  if ('selector' in run) return `\`${run.selector}\` runs a script of another package.json, which sdd cannot compare with base ${base.slice(0, 12)}`;
  const file = path.posix.join(cwd, 'package.json');
  const [now, before] = await Promise.all([readFile(path.resolve(root, file), 'utf8').catch(() => null), readAtBase(root, base, file)]);
  const names = [`pre${run.script}`, run.script, `post${run.script}`];
  const changed = names.filter((name) => scriptText(now, name) !== scriptText(before, name));
  if (changed.length === 0) return null;
  return `script \`${changed[0]}\` in ${file} changed ${since}: a pull request's own script is not run under an allowed name`;
}

function scriptText(packageJson: string | null, name: string): string | undefined {
  if (packageJson === null) return undefined;
  try {
    const scripts = (JSON.parse(packageJson) as { scripts?: Record<string, unknown> }).scripts;
    const value = scripts?.[name];
    return typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value);
  } catch {
    return '\0unreadable';
  }
}
