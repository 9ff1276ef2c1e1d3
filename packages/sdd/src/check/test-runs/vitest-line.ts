/**
 * Reading a command line as a vitest run over some test files or folders:
 * `pnpm exec vitest run packages/a test/b.test.ts` is the prefix
 * `pnpm exec`, then `vitest run`, then its filters. Anything else (a flag, a
 * shell operator, a quote) makes the line not one sdd may merge with others.
 */
interface VitestLine {
  /** The words before the runner (`pnpm exec`, `npx`, empty), joined by one space. */
  prefix: string;
  /** `vitest`, or a path to it (`node_modules/.bin/vitest`). */
  runner: string;
  /** vitest's file filters, as written: a test file belongs to the run when its path contains one. */
  filters: string[];
}

const PLAIN_WORD = /^[\w./@+-]+$/;

export function parseVitestLine(line: string): VitestLine | null {
  const words = line.trim().split(/\s+/);
  const at = words.findIndex((word) => word === 'vitest' || word.endsWith('/vitest'));
  if (at < 0 || words[at + 1] !== 'run') return null;
  const prefix = words.slice(0, at);
  const filters = words.slice(at + 2);
  if (filters.length === 0) return null;
  if (![...prefix, words[at]!, ...filters].every((word) => PLAIN_WORD.test(word))) return null;
  // A flag may change what runs or how (a config, a project, a reporter): such a line runs alone.
  if (filters.some((word) => word.startsWith('-'))) return null;
  if (prefix.some((word) => word.startsWith('-') && word !== '--silent' && word !== '-s')) return null;
  return { prefix: prefix.join(' '), runner: words[at]!, filters };
}

/**
 * vitest's own rule for a file filter: the file's path relative to the
 * working directory contains the filter, or the file lies under the folder
 * the filter names. Both compared without case, as vitest does.
 */
export function fileMatchesFilter(relativeFile: string, filter: string): boolean {
  const file = relativeFile.replace(/\\/g, '/').toLowerCase();
  const wanted = filter.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
  return file.includes(wanted);
}
