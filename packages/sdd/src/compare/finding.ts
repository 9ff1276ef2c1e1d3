import type { Finding, SourceLocation } from '../model/index.js';
import { ruleFinding, type RuleId } from '../model/rules.js';

/** A drift finding in the stage's positional form: absent places, owners and details are left out. */
export function finding(
  ruleId: RuleId,
  message: string,
  location: SourceLocation | undefined,
  spec: string | undefined,
  data?: Record<string, unknown>,
  related?: SourceLocation[],
): Finding {
  return ruleFinding(ruleId, message, {
    ...(location ? { location } : {}),
    ...(related && related.length > 0 ? { related } : {}),
    ...(spec === undefined ? {} : { spec }),
    ...(data ? { data } : {}),
  });
}
