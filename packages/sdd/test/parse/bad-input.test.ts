import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FindingSchema, ProvenanceDocumentSchema, SpecDocumentSchema } from '../../src/model/index.js';
import { parseProvenance, parseSpec } from '../../src/parse/index.js';
import { corpusDocuments, repositoryDocuments } from '../support/corpus-material.js';

const FILE = '.sdd/specification/spec-0001-x.md';

describe('unreadable files give a null document and a located finding', () => {
  it.each([
    ['empty', '', 'parse/empty', 1],
    ['whitespace only', '\n  \n\t\n', 'parse/empty', 1],
    ['a BOM only', '\uFEFF\n', 'parse/empty', 1],
    ['NUL bytes', '# Title\n\nsome\u0000binary', 'parse/binary', 3],
    ['mostly not UTF-8', '\uFFFD\uFFFDPNG\uFFFD\uFFFD\n\uFFFD', 'parse/binary', 1],
    ['several MB', `# Big\n\n${'x'.repeat(3_000_000)}`, 'parse/too-large', 1],
  ])('%s', (_, text, ruleId, line) => {
    for (const parse of [parseSpec, parseProvenance]) {
      const result = parse(FILE, text);
      expect(result.document).toBeNull();
      expect(result.findings).toEqual([expect.objectContaining({ ruleId, severity: 'error', location: { file: FILE, line } })]);
    }
  });
});

describe('suspect files are parsed, with a finding', () => {
  it('a few bytes that are not UTF-8: parse/encoding at the first one', () => {
    const result = parseSpec(FILE, '# Caf\uFFFD\n\n## Validation steps\n\n1. `a.md` exists\n2. na\uFFFDve\n3. done\n');
    expect(result.document?.validationSteps).toHaveLength(3);
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'parse/encoding', severity: 'warning', location: { file: FILE, line: 1 } })]);
  });

  it('a billion-laughs front matter is refused, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
    }
    const result = parseSpec(FILE, `---\n${levels.join('\n')}\n---\n\n# Title\n`);
    expect(result.document?.frontMatter).toBeNull();
    expect(result.document?.title).toBe('Title');
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'parse/front-matter', location: { file: FILE, line: 1 } })]);
    expect(result.findings[0]?.message).toMatch(/alias/i);
  });

  it('front matter that is not a mapping, or too large, is reported', () => {
    expect(parseSpec(FILE, '---\n- a\n- b\n---\n# T\n').findings).toMatchObject([{ ruleId: 'parse/front-matter', message: /not a mapping/ }]);
    expect(parseSpec(FILE, `---\nx: "${'y'.repeat(70_000)}"\n---\n# T\n`).findings).toMatchObject([{ ruleId: 'parse/front-matter', message: /at most/ }]);
    expect(parseSpec(FILE, '---\na: 1\na: 2\n---\n# T\n').findings).toMatchObject([{ ruleId: 'parse/front-matter', location: { line: 3 } }]);
  });

  it('a BOM and CRLF line endings keep spans exact', () => {
    const text = '\uFEFF---\r\ntitle: T\r\n---\r\n\r\n## Validation Results\r\n\r\n| # | Check | Result |\r\n|---|---|---|\r\n| 1 | x | Pass |\r\n';
    const table = parseProvenance('r.md', text).document?.validationResults?.table;
    expect(table && text.slice(table.span.start, table.span.end)).toBe('| # | Check | Result |\r\n|---|---|---|\r\n| 1 | x | Pass |');
  });
});

// Property-based: whatever the input, a parse returns schema-valid output and never throws.
function expectWellFormed(file: string, text: string): void {
  for (const [parse, schema] of [
    [parseSpec, SpecDocumentSchema],
    [parseProvenance, ProvenanceDocumentSchema],
  ] as const) {
    const result = parse(file, text);
    if (result.document !== null) expect(schema.safeParse(result.document).success).toBe(true);
    for (const finding of result.findings) {
      expect(FindingSchema.safeParse(finding).success).toBe(true);
      expect(finding.location?.file).toBe(file);
      expect(finding.ruleId).not.toBe('parse/internal');
    }
  }
}

const markdownPiece = fc.oneof(
  fc.constantFrom(
    '# ', '## ', '### ', '#### ', '## Validation steps\n', '## Validation Results\n', '## Artifacts Produced\n',
    '## Builder Agent Record\n', '## Testing Agent Record\n', '### Findings\n', '| # | Check | Result |\n', '|---|---|---|\n',
    '| File | Status |\n', '| 1 | `x` | Pass |\n', '| a |', '|', '`', '**Spec:** ', '**Status:**', '---\n', '---\ntitle: [\n---\n',
    '```yaml sdd-checks\n', '```\n', '~~~\n', '1. ', '- ', '  - ', '\n', '\n\n', '<!-- ', ' -->', '> ', '[x](', ')', '*', '_',
    '\uFEFF', '\r\n', '\t', '\\', '&amp;', '<div>', '1) ', '* [ ] ',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

describe('property: random markdown never throws and always yields schema-valid documents', () => {
  it('random sequences of markdown pieces', () => {
    fc.assert(
      fc.property(fc.array(markdownPiece, { maxLength: 60 }), (pieces) => expectWellFormed('.sdd/x/spec-0001-a.md', pieces.join(''))),
      { numRuns: 300 },
    );
  });

  it('random mutations of the corpus files', () => {
    // Real documents: this repository's own, and the corpus's when SDD_CORPUS names it.
    const sources = [...repositoryDocuments(), ...corpusDocuments()].map((one) => readFileSync(one.absolute, 'utf8'));
    const mutation = fc.record({
      source: fc.integer({ min: 0, max: sources.length - 1 }),
      at: fc.nat(),
      cut: fc.nat({ max: 400 }),
      insert: fc.array(markdownPiece, { maxLength: 5 }).map((pieces) => pieces.join('')),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = sources[mutations[0]?.source ?? 0] ?? '';
        for (const { at, cut, insert } of mutations) {
          const index = at % (text.length + 1);
          text = text.slice(0, index) + insert + text.slice(index + cut);
        }
        expectWellFormed('.sdd/provenance/spec-0001-a.provenance.md', text);
      }),
      { numRuns: 30 },
    );
  });
});
