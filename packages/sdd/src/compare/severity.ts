import type { Finding, SddConfig, Severity } from '../model/index.js';
import { ruleEntry } from '../model/rules.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Applies the repository's severity settings, the one place they are applied:
 * strict first (`--strict` or `strict: true` raises each rule the registry
 * marks `strict` to that severity: claims sdd could not verify become errors),
 * then the per-rule setting from `.sdd/config.yaml` (which wins, so a team can
 * keep a rule a warning even in strict mode). `off` drops the finding.
 */
export function applySeverities(findings: readonly Finding[], config: SddConfig, strict: boolean): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    let severity = finding.severity;
    const raised = strict ? ruleEntry(finding.ruleId)?.strict : undefined;
    if (raised && RANK[raised] > RANK[severity]) severity = raised;
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
