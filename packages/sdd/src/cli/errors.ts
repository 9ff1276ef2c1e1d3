import { EXIT } from './exit.js';
import type { CliIO } from './io.js';

/**
 * The one place a known failure becomes an exit code: a bad configuration,
 * a `--base` that names no commit, a request the library cannot serve, a
 * usage error of the CLI's own. Each is one line on stderr and exit 2;
 * anything else is a bug and propagates (main.ts prints it on one line).
 */

/** A request the CLI itself refuses (an --out file whose format it cannot tell). */
export class UsageError extends Error {}

export async function withExitCode(io: CliIO, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    const message = await knownFailure(error);
    if (message === null) throw error;
    io.stderr(`sdd: ${message}\n`);
    return EXIT.usage;
  }
}

/** The line to print for a known failure, or null. The error classes are loaded only here, on the way out. */
async function knownFailure(error: unknown): Promise<string | null> {
  if (!(error instanceof Error)) return null;
  const { ConfigError } = await import('../discover/config.js');
  if (error instanceof ConfigError) return `${error.line === undefined ? error.file : `${error.file}:${error.line}`}: ${error.message}`;
  const [{ GitBaseError }, { ValidateUsageError }, { AuthorError }] = await Promise.all([
    import('../discover/git.js'),
    import('../validate.js'),
    import('../author/workflow.js'),
  ]);
  const usage = [UsageError, GitBaseError, ValidateUsageError, AuthorError].some((known) => error instanceof known);
  return usage ? error.message : null;
}
