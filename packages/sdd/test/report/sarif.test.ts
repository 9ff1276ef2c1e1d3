import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/report/index.js';
import { cleanFixture, fixture } from './fixture.js';

// The official SARIF 2.1.0 schema, vendored from an npm package: see test/fixtures/report/README.md.
const SCHEMA = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/report/sarif-2.1.0.schema.json'), 'utf8')) as object;

function sarifValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(SCHEMA);
}

const sarifLogValidator = sarifValidator();

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } }[] }[];
  }[];
}

describe('sarif report', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifLogValidator;
    for (const result of [fixture, cleanFixture]) {
      expect(validate(JSON.parse(render(result, 'sarif'))), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
  });

  it('the schema rejects a log that breaks it (the validation is not vacuous)', () => {
    const validate = sarifLogValidator;
    const log = JSON.parse(render(fixture, 'sarif')) as SarifLog;
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has one result per finding, with level, rule and repository-relative location', () => {
    const log = JSON.parse(render(fixture, 'sarif')) as SarifLog;
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('sdd');
    expect(run.tool.driver.version).toBe('0.1.0');
    const count = fixture.findings.length + fixture.specs.reduce((sum, spec) => sum + spec.findings.length, 0);
    expect(run.results).toHaveLength(count);
    const overclaimed = run.results.find((r) => r.locations[0]?.physicalLocation.region?.startColumn === 3)!;
    expect(overclaimed).toMatchObject({ ruleId: 'claim/overclaimed', level: 'error' });
    expect(overclaimed.locations[0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: '.sdd/provenance/spec-0001-second-k3s-node.provenance.md' },
      region: { startLine: 62, startColumn: 3 },
    });
    expect(run.results.map((r) => r.level)).toContain('note');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('percent-encodes paths, so unicode and odd names stay valid URIs', () => {
    const log = JSON.parse(render(fixture, 'sarif')) as SarifLog;
    const uris = log.runs[0]!.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('.sdd/specification/spec-0002-%C3%BCn%C3%AFcode-%E5%90%8D%E5%89%8D.md');
  });

  it('describes rules from the rules option, else by id', () => {
    const log = JSON.parse(render(fixture, 'sarif', { rules: [{ id: 'claim/overclaimed', defaultSeverity: 'error', description: 'A claimed Pass that sdd did not confirm.' }] })) as SarifLog;
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.find((r) => r.id === 'claim/overclaimed')!.shortDescription.text).toBe('A claimed Pass that sdd did not confirm.');
    expect(rules.find((r) => r.id === 'record/suspect')!.shortDescription.text).toBe('record/suspect');
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
  });
});
