import { existsSync } from 'node:fs';
import path from 'node:path';
import { blobAtBase, blobInWorkingTree } from '../../discover/base-files.js';
import { isInside, toRepoRelative } from '../../repo-path.js';
import type { CheckContext, KindResult } from '../types.js';
import type { ProcessResult } from './exec.js';
import { runProcess, tail } from './exec.js';
import { processEnvironment } from '../../git-env.js';

/**
 * Running the terraform binary: where it is, with which environment, and
 * what it means when it could not run at all.
 */
function terraformBinary(context: CheckContext): string {
  const binary = context.config.terraform.binary;
  // `tools/terraform` is relative to the repository; a bare name is looked up on PATH.
  return binary.includes('/') && !path.isAbsolute(binary) ? path.resolve(context.root, binary) : binary;
}

/**
 * Non-interactive, no network calls home, nothing written under the user's
 * home: a data dir of our own, no shared plugin cache, and a CLI config file
 * only when the one named exists (a missing one makes terraform warn on every call).
 */
function terraformEnv(dataDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...processEnvironment(), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  delete env.TF_PLUGIN_CACHE_DIR;
  delete env.TF_WORKSPACE;
  if (env.TF_CLI_CONFIG_FILE !== undefined && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  if (dataDir !== undefined) env.TF_DATA_DIR = dataDir;
  else delete env.TF_DATA_DIR;
  return env;
}

export async function runTerraform(context: CheckContext, args: readonly string[], cwd: string, dataDir?: string): Promise<ProcessResult> {
  const refused = await context.memo.once(`terraform-binary-guard:${context.root}`, () => changedBinary(context));
  if (refused !== null) {
    const error: NodeJS.ErrnoException = Object.assign(new Error(refused), { code: 'ECHANGED' });
    return { exitCode: null, stdout: '', stderr: '', timedOut: false, spawnError: error };
  }
  return runProcess(terraformBinary(context), args, {
    cwd,
    env: terraformEnv(dataDir),
    timeoutMs: context.config.terraform.timeoutSeconds * 1000,
  });
}

/**
 * With `--base`, a terraform binary inside the repository that differs from
 * the base's is a script the pull request wrote: it is not run (it could
 * print anything and pass every check).
 */
async function changedBinary(context: CheckContext): Promise<string | null> {
  const base = context.git?.base ?? null;
  const binary = terraformBinary(context);
  if (base === null || !path.isAbsolute(binary) || !isInside(context.root, binary)) return null;
  const file = toRepoRelative(context.root, binary);
  const [before, now] = await Promise.all([blobAtBase(context.root, base, file), blobInWorkingTree(context.root, file)]);
  if (before !== null && before === now) return null;
  return `the terraform binary \`${file}\` ${before === null ? 'is not in' : 'changed since'} base ${base.slice(0, 12)}: a pull request's own binary is not run`;
}

/** Not run when terraform is missing or too slow: neither says anything about the configuration. */
export function couldNotRun(result: ProcessResult, command: string, context: CheckContext): KindResult | null {
  if (result.spawnError) {
    const reason =
      result.spawnError.code === 'ENOENT'
        ? `terraform not found (\`${context.config.terraform.binary}\`)`
        : result.spawnError.code === 'ECHANGED'
          ? result.spawnError.message
          : `terraform could not start: ${result.spawnError.message}`;
    return { status: 'not-run', summary: reason, reason, evidence: [] };
  }
  if (result.timedOut) {
    const reason = `\`${command}\` timed out after ${context.config.terraform.timeoutSeconds} s`;
    return { status: 'not-run', summary: reason, reason, evidence: [{ message: reason, output: tail(result.stdout + result.stderr) }] };
  }
  return null;
}
