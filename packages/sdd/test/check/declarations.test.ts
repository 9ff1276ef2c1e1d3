import { readFile, writeFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checksJsonSchema, parseDeclarations } from '../../src/check/declarations.js';
import { block, spec, SPEC_FILE, step } from '../support/documents.js';

const steps = [step(1, '`a.md` exists'), step(2, '`b.md` exists'), step(3, 'something manual')];
const parse = (...blocks: ReturnType<typeof block>[]) => parseDeclarations(spec({ steps, checkBlocks: blocks }));
const lines = (result: ReturnType<typeof parse>) => result.findings.map((f) => `${f.location?.file}:${f.location?.line} ${f.message}`);

describe('sdd-checks declarations', () => {
  it('reads one check or a list per step, with the line of each step key', () => {
    const result = parse(block(['1:', '  kind: file.exists', '  path: a.md', '2:', '  - kind: file.contains', '    path: b.md', '    text: hello', '  - {kind: file.absent, path: c.md}'].join('\n'), 40));
    expect(result.findings).toEqual([]);
    expect(result.declarations).toEqual([
      { step: 1, checks: [{ kind: 'file.exists', args: { path: 'a.md' } }], rejected: [], location: { file: SPEC_FILE, line: 40 } },
      {
        step: 2,
        checks: [
          { kind: 'file.contains', args: { path: 'b.md', text: 'hello' } },
          { kind: 'file.absent', args: { path: 'c.md' } },
        ],
        rejected: [],
        location: { file: SPEC_FILE, line: 43 },
      },
    ]);
  });

  it('reports bad YAML at the spec line of the error', () => {
    const result = parse(block(['1:', '  kind: file.exists', '  path: [a.md', '2: {kind: file.exists, path: b.md}'].join('\n'), 40));
    expect(result.declarations).toEqual([]);
    expect(result.findings[0]?.ruleId).toBe('check/declaration');
    expect(result.findings[0]?.severity).toBe('error');
    expect(lines(result)[0]).toMatch(/^\.sdd\/specification\/spec-0001-demo\.md:4\d sdd-checks block is not valid YAML/);
  });

  it('reports an unknown kind at its line, suggesting the closest', () => {
    const result = parse(block(['1:', '  kind: file.exist', '  path: a.md'].join('\n'), 40));
    expect(lines(result)).toEqual([`${SPEC_FILE}:41 step 1: unknown check kind \`file.exist\` (did you mean \`file.exists\`?)`]);
    expect(result.declarations[0]?.rejected[0]?.reason).toMatch(/^invalid declaration: unknown check kind/);
  });

  it('reports bad and unknown arguments at the line of the argument', () => {
    const result = parse(block(['1:', '  kind: file.exists', '  path: a.md', '  colour: red', '2:', '  kind: dir.files', '  path: d', '  count: many'].join('\n'), 40));
    expect(lines(result)).toEqual([
      `${SPEC_FILE}:43 step 1: \`file.exists\`: Unrecognized key: "colour"`,
      `${SPEC_FILE}:47 step 2: \`dir.files\`: count: Invalid input: expected number, received string`,
    ]);
  });

  it('reports a step the spec does not have, and a step declared twice', () => {
    const result = parse(block('7: {kind: file.exists, path: a.md}\n1: {kind: file.exists, path: a.md}', 40), block('1: {kind: file.absent, path: a.md}', 60));
    expect(lines(result)).toEqual([
      `${SPEC_FILE}:40 sdd-checks declares step 7, but the spec has no validation step 7`,
      `${SPEC_FILE}:60 step 1 is declared twice (first at line 41); the first declaration is used`,
    ]);
    expect(result.declarations.map((d) => d.step)).toEqual([1]);
  });

  it('reports a block that is not a map of step numbers, and an empty block', () => {
    expect(lines(parse(block('- kind: file.exists\n  path: a.md', 40)))[0]).toMatch(/:40 sdd-checks block must map step numbers/);
    expect(lines(parse(block('first: {kind: file.exists, path: a.md}', 40)))).toEqual([`${SPEC_FILE}:40 sdd-checks key "first" is not a step number`]);
    expect(lines(parse(block('', 40)))).toEqual([`${SPEC_FILE}:39 sdd-checks block is empty: it declares no check`]);
    expect(lines(parse(block('1: a string', 40)))).toEqual([`${SPEC_FILE}:40 step 1: a check must be a mapping with \`kind\` and its arguments`]);
  });
});

describe('checks JSON Schema', () => {
  const file = new URL('../../schemas/checks.schema.json', import.meta.url);

  it('is the committed schemas/checks.schema.json (regenerate with SDD_UPDATE_SCHEMA=1)', async () => {
    if (process.env.SDD_UPDATE_SCHEMA === '1') await writeFile(file, `${JSON.stringify(checksJsonSchema(), null, 2)}\n`);
    const committed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(checksJsonSchema())));
  });

  it('describes every kind with strict arguments', () => {
    const schema = checksJsonSchema() as { $defs: { check: { anyOf: { title: string; additionalProperties: boolean; required: string[] }[] } } };
    const kinds = schema.$defs.check.anyOf;
    expect(kinds.map((k) => k.title)).toEqual(expect.arrayContaining(['file.exists', 'file.contains', 'data.path', 'command', 'git.committed-together', 'provenance.sections']));
    for (const kind of kinds) {
      expect(kind.additionalProperties).toBe(false);
      expect(kind.required[0]).toBe('kind');
    }
  });
});

describe('checks JSON Schema as a validator', () => {
  const validate = new Ajv2020({ strict: false }).compile(checksJsonSchema());

  it('accepts the example of docs/checks.md', () => {
    const example = { 1: { kind: 'file.exists', path: '.sdd/specification/spec-0001-second-k3s-node.md' }, 2: [{ kind: 'file.contains', path: 'a.yaml', pattern: '--components' }] };
    expect(validate(example)).toBe(true);
  });

  it('rejects an unknown kind, an unknown argument and a key that is not a step number', () => {
    expect(validate({ 1: { kind: 'file.exist', path: 'a' } })).toBe(false);
    expect(validate({ 1: { kind: 'file.exists', path: 'a', colour: 'red' } })).toBe(false);
    expect(validate({ one: { kind: 'file.exists', path: 'a' } })).toBe(false);
  });
});
