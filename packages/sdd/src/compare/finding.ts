import type { Finding, SourceLocation } from '../model/index.js';
import { driftSeverity } from './drift-rules.js';

/** A drift finding, its severity the rule's default (applied once more in compare). */
export function finding(
  ruleId: string,
  message: string,
  location: SourceLocation | undefined,
  spec: string | undefined,
  data?: Record<string, unknown>,
  related?: SourceLocation[],
): Finding {
  return {
    ruleId,
    severity: driftSeverity(ruleId),
    message,
    ...(location ? { location } : {}),
    ...(related && related.length > 0 ? { related } : {}),
    ...(spec === undefined ? {} : { spec }),
    ...(data ? { data } : {}),
  };
}
