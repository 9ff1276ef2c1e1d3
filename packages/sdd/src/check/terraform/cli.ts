import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CheckContext, KindResult } from '../types.js';
import type { ProcessResult } from './exec.js';
import { runProcess, tail } from './exec.js';

/**
 * Running the terraform binary: where it is, with which environment, and
 * what it means when it could not run at all.
 */
export function terraformBinary(context: CheckContext): string {
  const binary = context.config.terraform.binary;
  // `tools/terraform` is relative to the repository; a bare name is looked up on PATH.
  return binary.includes('/') && !path.isAbsolute(binary) ? path.resolve(context.root, binary) : binary;
}

/**
 * Non-interactive, no network calls home, nothing written under the user's
 * home: a data dir of our own, no shared plugin cache, and a CLI config file
 * only when the one named exists (a missing one makes terraform warn on every call).
 */
export function terraformEnv(dataDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  delete env.TF_PLUGIN_CACHE_DIR;
  delete env.TF_WORKSPACE;
  if (env.TF_CLI_CONFIG_FILE !== undefined && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  if (dataDir !== undefined) env.TF_DATA_DIR = dataDir;
  else delete env.TF_DATA_DIR;
  return env;
}

export function runTerraform(context: CheckContext, args: readonly string[], cwd: string, dataDir?: string): Promise<ProcessResult> {
  return runProcess(terraformBinary(context), args, {
    cwd,
    env: terraformEnv(dataDir),
    timeoutMs: context.config.terraform.timeoutSeconds * 1000,
  });
}

/** Not run when terraform is missing or too slow: neither says anything about the configuration. */
export function couldNotRun(result: ProcessResult, command: string, context: CheckContext): KindResult | null {
  if (result.spawnError) {
    const reason =
      result.spawnError.code === 'ENOENT'
        ? `terraform not found (\`${context.config.terraform.binary}\`)`
        : `terraform could not start: ${result.spawnError.message}`;
    return { status: 'not-run', summary: reason, reason, evidence: [] };
  }
  if (result.timedOut) {
    const reason = `\`${command}\` timed out after ${context.config.terraform.timeoutSeconds} s`;
    return { status: 'not-run', summary: reason, reason, evidence: [{ message: reason, output: tail(result.stdout + result.stderr) }] };
  }
  return null;
}
