/**
 * What to do about a shallow clone, in the words of the CI systems a team
 * uses: said wherever sdd meets history it cannot see.
 */
export const SHALLOW_FIX =
  'Fetch full history: `fetch-depth: 0` in actions/checkout, `GIT_DEPTH: 0` in GitLab CI, or `git fetch --unshallow` (sdd init writes CI recipes that do).';
