import type { Coverage, Finding, SpecResult, StepEvidence, Summary } from '../model/index.js';

/** Per spec: how many steps have checks declared, inferred, read as facts (partial), or none (manual). */
export function coverageOf(evidence: readonly StepEvidence[]): Coverage {
  return {
    steps: evidence.length,
    declared: evidence.filter((step) => step.source === 'declared').length,
    inferred: evidence.filter((step) => step.source === 'inferred').length,
    partial: evidence.filter((step) => step.source === 'partial').length,
    manual: evidence.filter((step) => step.source === 'manual').length,
  };
}

/** The counts every report's header shows; computed once here so that all formats agree. */
export function summarize(specs: readonly SpecResult[], findings: readonly Finding[]): Summary {
  const steps = { pass: 0, fail: 0, notRun: 0, manual: 0, consistent: 0, notReRun: 0, superseded: 0 };
  const claims = { total: 0, verified: 0, unverifiable: 0, contradicted: 0 };
  const artifacts = { total: 0, matching: 0, drift: 0 };
  const coverage: Coverage = { steps: 0, declared: 0, inferred: 0, partial: 0, manual: 0 };
  for (const spec of specs) {
    for (const step of spec.steps) {
      if (step.actual === 'pass') steps.pass++;
      else if (step.actual === 'fail') steps.fail++;
      else if (step.actual === 'not-run') steps.notRun++;
      else if (step.actual === 'manual') steps.manual++;
      else if (step.actual === 'consistent') steps.consistent++;
      else if (step.actual === 'not-re-run') steps.notReRun++;
      if (step.verdict === 'superseded') steps.superseded++;
      if (step.rawClaim === null) continue;
      claims.total++;
      // Superseded: confirmed at the record's change, which is what the record is about.
      if (step.verdict === 'confirmed' || step.verdict === 'superseded') claims.verified++;
      else if (step.verdict === 'overclaimed' || step.verdict === 'contradicted') claims.contradicted++;
      else claims.unverifiable++;
    }
    for (const artifact of spec.artifacts) {
      artifacts.total++;
      if (artifact.verdict === 'match') artifacts.matching++;
      else if (artifact.verdict !== 'unknown') artifacts.drift++;
    }
    coverage.steps += spec.coverage.steps;
    coverage.declared += spec.coverage.declared;
    coverage.inferred += spec.coverage.inferred;
    coverage.partial += spec.coverage.partial;
    coverage.manual += spec.coverage.manual;
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return {
    specs: specs.length,
    records: specs.filter((spec) => spec.provenance !== null).length,
    steps,
    claims,
    artifacts,
    findings: counts,
    coverage,
  };
}
