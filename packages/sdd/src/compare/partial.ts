import type { CheckOutcome, Finding, ResultRow, SourceLocation, StepEvidence, StepVerdict, ValidationStep } from '../model/index.js';
import { NOT_ALLOWED } from '../check/kinds/command.js';
import { finding } from './finding.js';

/**
 * Claims about steps sdd read only in part, as facts (`source: partial`).
 * A fact is a necessary condition of the step: one that fails refutes a
 * claimed Pass; facts that hold leave it *consistent*, which is not a pass;
 * facts that could not be checked leave it unverified. Pure.
 */

interface PartialJudgement {
  verdict: StepVerdict;
  finding?: Finding;
}

export function judgePartialClaim(row: ResultRow, step: ValidationStep, evidence: StepEvidence): PartialJudgement {
  const label = `step ${step.number}`;
  const failed = evidence.checks.filter((check) => check.status === 'fail');
  const held = evidence.checks.filter((check) => check.status === 'pass');
  const unchecked = evidence.checks.filter((check) => check.status === 'not-run');
  const data = {
    step: step.number,
    claimed: row.rawResult,
    actual: evidence.status,
    facts: evidence.checks.map((check) => ({ claim: check.fact?.claim ?? check.summary, status: check.status })),
  };
  if (row.result !== 'Pass') {
    // Fail is what a failed fact shows; otherwise, and for Not run, sdd cannot run the step to say more.
    return { verdict: row.result === 'Fail' && failed.length > 0 ? 'confirmed' : 'unverified' };
  }
  if (failed.length > 0) {
    const looked = failed.flatMap(placesLooked);
    const message = `${label} is claimed Pass, but ${failed.length === 1 ? 'a fact it states is' : `${failed.length} facts it states are`} false: ${failed.map(refutation).join('; ')}`;
    return { verdict: 'overclaimed', finding: finding('drift/overclaimed', message, row.location, undefined, data, [evidence.location, ...looked]) };
  }
  const rest = evidence.unjudged ? `; a person must still judge: “${evidence.unjudged}”` : '; a person must still judge the rest of the step';
  const notChecked = unchecked.length > 0 ? `; not checked: ${unchecked.map(uncheckedLine).join('; ')}` : '';
  if (held.length > 0) {
    const message = `${label} is claimed Pass; the facts it states hold (${held.map(claimOf).join('; ')})${notChecked}${rest}`;
    return { verdict: 'consistent', finding: finding('drift/partly-verified', message, row.location, undefined, data, [evidence.location]) };
  }
  const message = `${label} is claimed Pass, but sdd could not check the facts it states (${unchecked.map(uncheckedLine).join('; ')}): it cannot verify the claim`;
  return { verdict: 'unverified', finding: finding('drift/unverified', message, row.location, undefined, data, [evidence.location]) };
}

function claimOf(check: CheckOutcome): string {
  return check.fact?.claim ?? check.summary;
}

/** "`a.tsx` mentions `formatGreeting` — `a.tsx` does not mention `formatGreeting` (looked in a.tsx:1)". */
function refutation(check: CheckOutcome): string {
  const places = placesLooked(check).map((place) => `${place.file}:${place.line}`);
  const where = places.length > 0 ? ` (looked in ${[...new Set(places)].slice(0, 3).join(', ')})` : '';
  const said = check.fact ? `“${check.fact.quote}” (${check.fact.claim}): ` : '';
  return `${said}${check.summary}${where}`;
}

function uncheckedLine(check: CheckOutcome): string {
  return `${claimOf(check)}: ${check.reason ?? check.summary}`;
}

function placesLooked(check: CheckOutcome): SourceLocation[] {
  return check.evidence.flatMap((item) => (item.location ? [item.location] : []));
}

/**
 * A step sdd read from its wording (inferred or partial) whose only obstacle
 * is a command `commands.allow` does not list: sdd did not check it, which
 * says nothing against the claim. (A declared command that is not allowed is
 * the spec author's check failing to run: still overclaimed.)
 */
export function blockedByAllowList(evidence: StepEvidence): boolean {
  if (evidence.source === 'declared') return false;
  const unrun = evidence.checks.filter((check) => check.status !== 'pass');
  return unrun.length > 0 && unrun.every((check) => check.status === 'not-run' && check.kind === 'command' && check.reason === NOT_ALLOWED);
}
