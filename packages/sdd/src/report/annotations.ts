import type { Finding, ValidateResult } from '../model/index.js';
import { coverageLine } from './labels.js';
import { allFindings, orderResult } from './order.js';

/**
 * GitHub Actions workflow commands, one per finding:
 * `::error file=…,line=…,col=…,title=…::message`. Escaping follows the
 * runner's rules (@actions/core): `%`, CR and LF in the message; also `:`
 * and `,` in properties, which would otherwise end a property.
 */

const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function properties(finding: Finding): string {
  const location = finding.location;
  const file = location?.file ?? finding.spec;
  const pairs: [string, string | number | undefined][] = [
    ['file', file],
    ['line', location?.line],
    ['col', location?.column],
    ['endLine', location?.endLine],
    ['endColumn', location?.endColumn],
    ['title', finding.ruleId],
  ];
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
}

export function annotationOf(finding: Finding): string {
  return `::${COMMAND[finding.severity]} ${properties(finding)}::${escapeData(finding.message)}`;
}

/** One notice with each spec's coverage (how many steps sdd checks, at least in part), after the findings. */
function coverageNotice(result: ValidateResult): string | null {
  const specs = orderResult(result).specs.filter((spec) => spec.coverage.steps > 0);
  if (specs.length === 0) return null;
  const lines = specs.map((spec) => `${spec.spec.file}: ${coverageLine(spec.coverage)}`);
  return `::notice title=${escapeProperty('sdd coverage')}::${escapeData(lines.join('\n'))}`;
}

export function renderAnnotations(result: ValidateResult): string {
  const notice = coverageNotice(result);
  const lines = [...allFindings(result).map(annotationOf), ...(notice ? [notice] : [])];
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
