import path from 'node:path';
import type { AllowedCommand, SddConfig } from '../model/index.js';

/**
 * Whether the allow-list lets a command line run in a working directory.
 * A plain entry allows its command line in the repository root; an entry
 * `{ run, cwd }` in that folder. A pull request cannot move an allowed
 * `pnpm lint` into a folder whose `package.json` it wrote.
 */
export const NOT_ALLOWED = 'not allowed by .sdd/config.yaml commands.allow';

type Permission = { ok: true } | { ok: false; reason: string };

export function commandPermission(commands: SddConfig['commands'], run: string, cwd: string): Permission {
  const cwds = allowedCwds(commands.allow, run);
  if (cwds.length === 0) return { ok: false, reason: NOT_ALLOWED };
  if (cwds.includes(normalCwd(cwd))) return { ok: true };
  const listed = cwds.map((one) => `\`${one}\``).join(', ');
  return { ok: false, reason: `not allowed in \`${normalCwd(cwd)}\`: commands.allow lists it only in ${listed}` };
}

/** Whether the command line is listed at all (the synth step: its folder is the configuration's own). */
export function isListed(commands: SddConfig['commands'], run: string): boolean {
  return allowedCwds(commands.allow, run).length > 0;
}

function allowedCwds(allow: readonly AllowedCommand[], run: string): string[] {
  return allow.flatMap((entry) => {
    if (typeof entry === 'string') return entry === run ? ['.'] : [];
    return entry.run === run ? [normalCwd(entry.cwd)] : [];
  });
}

/** `sub/dir/`, `./sub//dir` and `sub\dir` are one folder. */
function normalCwd(cwd: string): string {
  const normal = path.posix.normalize(cwd.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}
