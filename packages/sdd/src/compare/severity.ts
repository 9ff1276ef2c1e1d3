import { compareFindings } from '../model/finding-order.js';
import type { Finding, SddConfig, Severity } from '../model/index.js';
import { isRuleId, ruleEntry } from '../model/rules.js';

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
    const setting = isRuleId(finding.ruleId) ? config.rules[finding.ruleId] : undefined;
    if (setting === 'off') continue;
    if (setting) severity = setting;
    result.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return result;
}

/** Findings in the one order every report uses (`model/finding-order.ts`). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
