import type { Finding } from './finding.js';

/**
 * The one order of findings, for compare's results and every report: by
 * file, line, column, rule, message. A finding without a location sorts under
 * its spec's file, before any line of it (with neither, first). Strings
 * compare by code unit, not by locale, so the order is the same on every
 * machine.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location?.file ?? a.spec ?? '', b.location?.file ?? b.spec ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
