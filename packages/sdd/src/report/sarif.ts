import type { Finding, RuleDefinition, Severity, SourceLocation, ValidateResult } from '../model/index.js';
import type { RenderOptions } from './options.js';
import { allFindings, orderResult } from './order.js';
import { pathToUri } from './sanitize.js';

/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the format
 * code-scanning services read: one run, one result per finding, the rules
 * the findings name in `tool.driver.rules`. URIs are repository-relative,
 * against `%SRCROOT%`.
 */

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const SRCROOT = '%SRCROOT%';

function region(location: SourceLocation) {
  return {
    startLine: location.line,
    ...(location.column === undefined ? {} : { startColumn: location.column }),
    ...(location.endLine === undefined ? {} : { endLine: location.endLine }),
    ...(location.endColumn === undefined ? {} : { endColumn: location.endColumn }),
  };
}

function physicalLocation(location: SourceLocation) {
  return { physicalLocation: { artifactLocation: { uri: pathToUri(location.file), uriBaseId: SRCROOT }, region: region(location) } };
}

/** A finding without a line still points at its spec's file, when it has one. */
function locationsOf(finding: Finding) {
  if (finding.location) return [physicalLocation(finding.location)];
  if (finding.spec) return [{ physicalLocation: { artifactLocation: { uri: pathToUri(finding.spec), uriBaseId: SRCROOT } } }];
  return [];
}

/** Every rule the caller described, plus any rule a finding names without a description; sorted by id. */
function rulesOf(findings: readonly Finding[], definitions: readonly RuleDefinition[]) {
  const byId = new Map<string, RuleDefinition | undefined>(definitions.map((rule) => [rule.id, rule]));
  for (const finding of findings) if (!byId.has(finding.ruleId)) byId.set(finding.ruleId, undefined);
  return [...byId.keys()].sort().map((id) => {
    const definition = byId.get(id);
    return {
      id,
      shortDescription: { text: definition?.description ?? id },
      ...(definition ? { defaultConfiguration: { level: LEVEL[definition.defaultSeverity] } } : {}),
    };
  });
}

export function renderSarif(result: ValidateResult, options: RenderOptions = {}): string {
  const findings = allFindings(result);
  const rules = rulesOf(findings, options.rules ?? []);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = findings.map((finding) => {
    const related = finding.related ?? [];
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: locationsOf(finding),
      ...(related.length > 0 ? { relatedLocations: related.map((location, id) => ({ id, ...physicalLocation(location) })) } : {}),
      ...(finding.spec ? { properties: { spec: finding.spec, ...(Array.isArray(finding.data?.facts) ? { facts: finding.data.facts } : {}) } } : {}),
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: result.tool.name, version: result.tool.version, rules } },
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The repository root.' } } },
        results,
        // Columns come from the markdown parser, which counts UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        // How many steps sdd checks, per spec: SARIF has no field for it; a property bag carries it.
        properties: {
          coverage: { ...result.summary.coverage, specs: orderResult(result).specs.map((spec) => ({ spec: spec.spec.file, ...spec.coverage })) },
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
