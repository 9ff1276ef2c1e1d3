/**
 * Facts from prose: what a validation step (or any sentence) states that sdd
 * can check without understanding the rest of it. Three pure steps, each
 * usable alone: `extractFacts` (text → facts with spans), `placeFacts`
 * (bare names → repository paths), `factChecks` (facts → check definitions).
 * docs/inference.md says what becomes a fact and what does not.
 */
export { extractFacts, namesOf,  } from './extract.js';
export type {  FileMention, StatedFact } from './extract.js';
export { placeFacts, placeFile, repositoryPaths, withoutContradictions } from './place.js';
export type { NameSources,  PlacedFact,  RepositoryPaths, Statements } from './place.js';
export { factChecks } from './checks.js';
export type { FactCheck,  } from './checks.js';
export { unjudgedText } from './unjudged.js';
export { tokenize } from './tokens.js';
;
