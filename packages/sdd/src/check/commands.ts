import path from 'node:path/posix';
import type { CheckDefinition } from '../model/index.js';

/**
 * The check for a command a step says passes. A command one of sdd's own
 * kinds covers becomes that kind, which runs without an entry in
 * `commands.allow` (sdd knows what it does): `terraform fmt -check
 * -recursive <dir>` is `terraform.fmt`, `terraform validate` in a folder (or
 * with the one infra target the configuration has) is `terraform.validate`.
 * Any other command is a `command` check, run only when `commands.allow`
 * lists it exactly.
 */
export function commandCheck(run: string, cwd: string | null, infraTargets: readonly string[] = []): CheckDefinition {
  return terraformCheck(run, cwd, infraTargets) ?? { kind: 'command', args: cwd === null ? { run } : { run, cwd } };
}

const FMT_FLAGS = new Set(['-check', '-recursive', '-diff', '-no-color', '-list=false']);

function terraformCheck(run: string, cwd: string | null, infraTargets: readonly string[]): CheckDefinition | null {
  const [program, command, ...rest] = run.trim().split(/\s+/);
  if (program !== 'terraform') return null;
  const flags = rest.filter((word) => word.startsWith('-'));
  const operands = rest.filter((word) => !word.startsWith('-'));
  if (command === 'fmt') {
    // Without -recursive, fmt reads one folder; terraform.fmt reads the tree below it, and might find more to fail.
    if (!flags.includes('-check') || !flags.includes('-recursive') || flags.some((flag) => !FMT_FLAGS.has(flag)) || operands.length > 1) return null;
    return { kind: 'terraform.fmt', args: { dir: folder(cwd, operands[0]) } };
  }
  if (command === 'validate' && operands.length === 0 && flags.every((flag) => flag === '-no-color')) {
    if (cwd !== null) return { kind: 'terraform.validate', args: { dir: folder(cwd, undefined) } };
    if (infraTargets.length === 1) return { kind: 'terraform.validate', args: { target: infraTargets[0] } };
  }
  return null;
}

function folder(cwd: string | null, operand: string | undefined): string {
  const joined = path.normalize(path.join(cwd ?? '.', operand ?? '.'));
  return joined.replace(/\/+$/, '') || '.';
}
