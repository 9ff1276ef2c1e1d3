import type { OutlineReads } from './reading-plan.js';

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

/**
 * What a parse at outline depth reads in full (with level-1 sections and
 * everything inside these): the sections `sdd validate`'s rules and checks
 * use. The other sections keep their heading; their content fields are
 * absent. Spanning: every section whose content a builder takes from its
 * whole body (builder and testing records only group sections).
 */
const { builderRecord: _builder, testingRecord: _testing, ...PROVENANCE_CONTENT } = PROVENANCE_SECTIONS;
const SPANNING: readonly string[] = [...Object.values(PROVENANCE_CONTENT), ...Object.values(SPEC_SECTIONS)].flat();

export const OUTLINE_READS: { spec: OutlineReads; provenance: OutlineReads } = {
  spec: { sections: [...SPEC_SECTIONS.validation, 'status'], spanning: SPANNING },
  provenance: {
    // Deviations too: they may explain a row for a step the spec no longer has.
    sections: [...PROVENANCE_SECTIONS.actions, ...PROVENANCE_SECTIONS.artifacts, ...PROVENANCE_SECTIONS.validationResults, ...PROVENANCE_SECTIONS.deviations, 'status'],
    spanning: SPANNING,
  },
};

/** The content fields a parse at outline depth leaves out: those of the sections it does not read. */
export const OUTLINE_UNREAD_FIELDS = {
  spec: ['prerequisites', 'outOfScope', 'manualSteps'],
  provenance: ['decisions', 'assumptions', 'ambiguities', 'buildStatus', 'postMergeSteps', 'testing'],
} as const;
