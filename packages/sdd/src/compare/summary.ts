import type { Coverage, Finding, SettledGroup, SpecCounts, SpecResult, StepEvidence, Summary } from '../model/index.js';

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

/** One spec's share of the summary's counts: its steps, its record's claims, its artifact rows. */
export function countsOf(spec: Pick<SpecResult, 'steps' | 'artifacts'>): SpecCounts {
  const steps = { pass: 0, fail: 0, notRun: 0, manual: 0, consistent: 0, notReRun: 0, superseded: 0 };
  const claims = { total: 0, verified: 0, unverifiable: 0, contradicted: 0 };
  const artifacts = { total: 0, matching: 0, drift: 0 };
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
  return { steps, claims, artifacts };
}

/** Adds each count of `from` to `into` (both of one shape). */
function addCounts<T extends Record<string, number>>(into: T, from: T): void {
  for (const key of Object.keys(from) as (keyof T)[]) (into[key] as number) += from[key] ?? 0;
}

/**
 * The counts every report's header shows; computed once here so that all formats agree. A settled
 * spec adds the counts it carries; the group of settled specs without findings (spec 0052) adds its own.
 */
export function summarize(specs: readonly SpecResult[], findings: readonly Finding[], group?: SettledGroup): Summary {
  const total: SpecCounts = countsOf({ steps: [], artifacts: [] });
  const coverage: Coverage = { steps: 0, declared: 0, inferred: 0, partial: 0, manual: 0 };
  let settled = group?.specs.length ?? 0;
  if (group) {
    addCounts(total.steps, group.counts.steps);
    addCounts(total.claims, group.counts.claims);
    addCounts(total.artifacts, group.counts.artifacts);
    addCounts(coverage, group.coverage);
  }
  for (const spec of specs) {
    const counts = spec.settled?.counts ?? countsOf(spec);
    if (spec.settled) settled++;
    addCounts(total.steps, counts.steps);
    addCounts(total.claims, counts.claims);
    addCounts(total.artifacts, counts.artifacts);
    addCounts(coverage, spec.coverage);
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return {
    // Every settled spec has a record.
    specs: specs.length + (group?.specs.length ?? 0),
    records: specs.filter((spec) => spec.provenance !== null).length + (group?.specs.length ?? 0),
    ...total,
    findings: counts,
    coverage,
    ...(settled > 0 ? { settled } : {}),
  };
}
