import type { Finding, SddConfig } from '../model/index.js';

/**
 * Rules whose findings are warnings about claims sdd could not verify; strict
 * mode (`--strict` or `strict: true`) makes them errors.
 */
const STRICT_RULES = new Set([
  'drift/unverified',
  'drift/suspect-record',
  'drift/unrecorded-change',
  'drift/actions-vs-artifacts',
]);

/**
 * Applies the repository's severity settings: strict first, then the
 * per-rule setting from `.sdd/config.yaml` (which wins, so a team can keep a
 * rule a warning even in strict mode). `off` drops the finding.
 */
export function applySeverities(findings: readonly Finding[], config: SddConfig, strict: boolean): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    let severity = finding.severity;
    if (strict && STRICT_RULES.has(finding.ruleId) && severity === 'warning') severity = 'error';
    const setting = config.rules[finding.ruleId];
    if (setting === 'off') continue;
    if (setting) severity = setting;
    result.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return result;
}

/** Stable order for every report: by file, line, column, rule, message; findings without a file first. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareStrings(a.location?.file ?? '', b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.message, b.message),
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
