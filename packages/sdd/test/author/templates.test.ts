import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SPEC_TEMPLATE, fillTemplate } from '../../src/author/templates.js';
import { parseDeclarations } from '../../src/check/index.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';

/** The repository's templates are what agents copy: they must read as sdd reads documents. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const template = (kind: string) => readFileSync(path.join(repoRoot, '.sdd', kind, 'template.md'), 'utf8');
const values = { number: '0042', slug: 'answer', title: 'The Answer' };

describe('spec templates', () => {
  for (const [name, text] of [
    ['repository', template('specification')],
    ['built-in', BUILT_IN_SPEC_TEMPLATE],
  ] as const) {
    it(`${name}: its sdd-checks block declares valid checks for existing steps`, () => {
      const { document } = parseSpec('.sdd/specification/spec-0042-answer.md', fillTemplate(text, values));
      expect(document?.title).toBe('Spec 0042: The Answer');
      expect(document?.checkBlocks).toHaveLength(1);
      const declared = parseDeclarations(document!);
      expect(declared.findings).toEqual([]);
      expect(declared.declarations.length).toBeGreaterThan(0);
    });
  }
});

describe('provenance template', () => {
  it('uses only words sdd normalises in its two tables', () => {
    const { document } = parseProvenance('.sdd/provenance/spec-0042-answer.provenance.md', fillTemplate(template('provenance'), values));
    expect(document?.artifacts?.rows.map((row) => row.status)).toEqual(['Created', 'Created', 'Modified', 'Deleted', 'Created']);
    expect(document?.validationResults?.rows.map((row) => row.result)).toEqual(['Pass', 'Fail', 'Not run', 'Not applicable']);
    expect(document?.specRef?.path).toBe('.sdd/specification/spec-0042-answer.md');
  });
});
