import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ValidateResult } from '../../src/model/index.js';
import { render, resultJsonSchema } from '../../src/report/index.js';
import { fixture } from './fixture.js';

const SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/result.schema.json');

function validator() {
  return new Ajv2020({ strict: false, allErrors: true }).compile(resultJsonSchema() as object);
}

// Compiled once: compiling a large schema is the slow part.
const resultValidator = validator();

describe('json report', () => {
  it('the committed schema is the one generated from the model (vitest -u rewrites it)', async () => {
    const generated = JSON.stringify(resultJsonSchema(), null, 2) + '\n';
    await expect(generated).toMatchFileSnapshot(SCHEMA_FILE);
  });

  it('validates against the schema', () => {
    const validate = resultValidator;
    expect(validate(JSON.parse(render(fixture, 'json'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a result that breaks the contract does not validate', () => {
    const validate = resultValidator;
    const broken = JSON.parse(render(fixture, 'json')) as Record<string, unknown>;
    delete broken.schemaVersion;
    expect(validate(broken)).toBe(false);
    expect(validate({ ...JSON.parse(render(fixture, 'json')), exitCode: 7 })).toBe(false);
  });

  it('is versioned, first key first', () => {
    expect(Object.keys(JSON.parse(render(fixture, 'json')) as object)[0]).toBe('schemaVersion');
  });

  it('sorts specs by file, steps by number (extra rows last), findings by file, line, rule', () => {
    const out = JSON.parse(render(fixture, 'json')) as ValidateResult;
    expect(out.specs.map((spec) => spec.spec.file)).toEqual([...fixture.specs.map((spec) => spec.spec.file)].sort());
    const steps = out.specs[0]!.steps.map((step) => step.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null]);
    const lines = out.specs[0]!.findings.filter((f) => f.location?.file.endsWith('.provenance.md')).map((f) => f.location!.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(out.specs[0]!.artifacts.map((a) => a.path)).toEqual([...out.specs[0]!.artifacts.map((a) => a.path)].sort());
  });

  it('gives the same bytes whatever order the stages produced', () => {
    const shuffled: ValidateResult = {
      ...fixture,
      findings: [...fixture.findings].reverse(),
      specs: [...fixture.specs].reverse().map((spec) => ({ ...spec, steps: [...spec.steps].reverse(), findings: [...spec.findings].reverse(), artifacts: [...spec.artifacts].reverse() })),
    };
    expect(render(shuffled, 'json')).toBe(render(fixture, 'json'));
  });

  it('keeps the data: nothing is lost in rendering', () => {
    const out = JSON.parse(render(fixture, 'json')) as ValidateResult;
    expect(out.summary).toEqual(fixture.summary);
    expect(out.specs.flatMap((spec) => spec.steps)).toHaveLength(fixture.specs.flatMap((spec) => spec.steps).length);
  });
});
