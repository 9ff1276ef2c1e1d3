// The pipeline's layering, enforced (docs/architecture.md): a folder of packages/sdd/src may import
// only from folders before it. `pnpm lint` fails on an import that points later in the pipeline.
//
//   model → cache → discover → parse → parse-pool → check → compare → report → author → cli
//
// (report renders the result model only; the root's version.ts, output-pieces.ts, write-file.ts,
// repo-path.ts, git-env.ts, plural.ts and text-position.ts are shared utilities; validate.ts, early-checks.ts,
// validate-tasks.ts and reused-specs.ts assemble the stages, run-validation.ts adds output and the
// whole-run cache, and only author and cli may import them.)

const ORDER = ['model', 'cache', 'discover', 'parse', 'parse-pool', 'check', 'compare', 'report', 'author', 'cli'];
const ASSEMBLY = ['validate', 'early-checks', 'validate-tasks', 'reused-specs', 'run-validation', 'index'];

/** What each folder may not import, beyond everything after it in ORDER. */
const ALSO_FORBIDDEN = {
  parse: ['cache', 'discover'],
  report: ['cache', 'discover', 'parse', 'parse-pool', 'check', 'compare'],
  // The CLI is a face: running, caching and streaming output are run-validation.ts's and the stages'.
  cli: ['cache'],
};

/** Files of the root a folder must not import (besides the assembly). */
const FILES_FORBIDDEN = {
  cli: ['output-pieces'],
};

/** The folders `folder` must not import from. */
export function forbiddenFor(folder) {
  const later = ORDER.slice(ORDER.indexOf(folder) + 1);
  return [...new Set([...later, ...(ALSO_FORBIDDEN[folder] ?? [])])];
}

const escape = (name) => name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&');

function restriction(folder) {
  const folders = forbiddenFor(folder);
  const patterns = [
    {
      regex: `^(\\.\\./)+(${folders.map(escape).join('|')})/`,
      message:
        folder === 'cli'
          ? `cli/ must not import ${folders.join(', ')}: the CLI is a face; caching and streaming live in the library (eslint.layers.js).`
          : `${folder}/ comes before ${folders.join(', ')} in the pipeline and must not import them (eslint.layers.js).`,
    },
  ];
  const files = FILES_FORBIDDEN[folder] ?? [];
  if (files.length > 0) {
    patterns.push({
      regex: `^(\\.\\./)+(${files.map(escape).join('|')})\\.js$`,
      message: `${folder}/ must not import ${files.join(', ')}: the CLI is a face; running, caching and streaming live in the library (eslint.layers.js).`,
    });
  }
  if (folder !== 'author' && folder !== 'cli') {
    patterns.push({
      regex: `^(\\.\\./)+(${ASSEMBLY.map(escape).join('|')})\\.js$`,
      message: `${folder}/ must not import the pipeline's assembly (validate.ts and friends); only author/ and cli/ may.`,
    });
  }
  return patterns;
}

export const layers = ORDER.filter((folder) => forbiddenFor(folder).length > 0).map((folder) => ({
  files: [`packages/sdd/src/${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: restriction(folder) }] },
}));
