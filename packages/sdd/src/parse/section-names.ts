/**
 * The titles sdd recognises, as `normalizeTitle` leaves them (lower case,
 * hyphens as spaces, no numbering, no parenthetical): "Artifacts produced",
 * "Post-merge Manual Steps (human)" and "3. Validation Results" all match.
 */
export const PROVENANCE_SECTIONS = {
  builderRecord: ['builder agent record', 'builder record'],
  testingRecord: ['testing agent record', 'testing agent findings', 'testing record'],
  actions: ['actions taken', 'actions'],
  decisions: ['decisions made', 'decisions'],
  assumptions: ['assumptions', 'assumptions made'],
  ambiguities: ['ambiguities', 'ambiguities found'],
  deviations: ['deviations from spec', 'deviations from the spec', 'deviations from specification', 'deviations'],
  artifacts: ['artifacts produced', 'artefacts produced', 'artifacts', 'artefacts', 'files changed'],
  buildStatus: ['build status'],
  validationResults: ['validation results', 'validation result'],
  postMerge: ['post merge manual steps', 'post merge steps', 'manual steps', 'post merge'],
  findings: ['findings', 'testing agent findings'],
  scenarioResults: ['scenario results'],
  recommendations: ['recommendations'],
} as const;

/** Only "Validation steps" holds validation steps: other headings ("Phase 6: Validation") are not guessed at. */
export const SPEC_SECTIONS = {
  validation: ['validation steps', 'validation step'],
  prerequisites: ['prerequisites', 'prerequisite'],
  outOfScope: ['out of scope', 'non goals'],
  manualSteps: ['manual steps', 'manual step', 'post merge manual steps', 'manual steps after merge'],
} as const;
