import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTLINE_READS, OUTLINE_UNREAD_FIELDS, parseProvenance, parseSpec } from '../../src/parse/index.js';
import { parseMarkdown } from '../../src/parse/markdown.js';
import { planReading } from '../../src/parse/reading-plan.js';
import { corpusDocuments, corpusAvailable, CORPUS_SKIP_REASON, repositoryDocuments } from '../support/corpus-material.js';
import { FIXTURES, REPO_ROOT } from './helpers.js';

// A parse at outline depth (what `sdd validate` reads) must give the same
// findings as a full parse, and the same document less the fields of the
// sections it does not read: on real documents, and on random ones built to
// hit every way a cut body could change the rest of the tree
// (`SDD_PROPERTY_RUNS=20000` for a longer search).

type Kind = 'spec' | 'provenance';

// The benchmark's own documents (plain JavaScript, loaded by URL so that tsc does not ask for its types).
const { specMarkdown, recordMarkdown } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts/bench/documents.mjs')).href)) as {
  specMarkdown: (index: number) => string;
  recordMarkdown: (index: number) => string;
};

function expectOutlineAgrees(file: string, text: string, kind: Kind): void {
  const parse = kind === 'spec' ? parseSpec : parseProvenance;
  const full = parse(file, text);
  const outline = parse(file, text, { depth: 'outline' });
  expect(outline.findings).toEqual(full.findings);
  if (full.document === null) {
    expect(outline.document).toBeNull();
    return;
  }
  const expected: Record<string, unknown> = { ...full.document };
  for (const field of OUTLINE_UNREAD_FIELDS[kind]) delete expected[field];
  expect(outline.document).toEqual(expected);
}

/** Characters remark did not parse at outline depth (0: the whole text was parsed). */
function unread(text: string, kind: Kind): number {
  return parseMarkdown('x.md', text, OUTLINE_READS[kind]).unreadChars;
}

const realDocuments = [
  ...corpusDocuments().map((one) => ({ ...one, kind: one.kind === 'spec' ? ('spec' as const) : ('provenance' as const) })),
  ...repositoryDocuments(),
  ...readdirSync(FIXTURES).map((name) => ({
    file: `.sdd/${name.startsWith('spec') ? 'specification' : 'provenance'}/${name}.md`,
    absolute: path.join(FIXTURES, name, 'input.md'),
    kind: name.startsWith('spec') ? ('spec' as const) : ('provenance' as const),
  })),
];

describe('outline depth on real documents', () => {
  it.each(realDocuments)('$file: same findings, same document less the unread fields', ({ file, absolute, kind }) => {
    expectOutlineAgrees(file, readFileSync(absolute, 'utf8'), kind);
  });

  it.skipIf(!corpusAvailable)(`cuts most of the narrative of the corpus's specs and records, and the plan holds (no second parse)${corpusAvailable ? '' : ` (skipped: ${CORPUS_SKIP_REASON})`}`, () => {
    const documents = corpusDocuments().filter((one) => one.kind !== 'scenario');
    let total = 0;
    let cut = 0;
    for (const { absolute, kind } of documents) {
      const text = readFileSync(absolute, 'utf8');
      const asKind = kind === 'spec' ? 'spec' : 'provenance';
      const plan = planReading(text, OUTLINE_READS[asKind]);
      total += text.length;
      cut += unread(text, asKind);
      // What the plan cuts is what was left unparsed: remark agreed with the plan.
      expect(unread(text, asKind)).toBe(plan?.cutChars ?? 0);
    }
    expect(cut / total).toBeGreaterThan(0.4);
  });

  it('on the benchmark documents too', () => {
    for (const index of [0, 48, 49, 99, 149]) {
      for (const [kind, text] of [['spec', specMarkdown(index)], ['provenance', recordMarkdown(index)]] as const) {
        expectOutlineAgrees(`.sdd/x/spec-0001-bench.${kind}.md`, text, kind);
        expect(unread(text, kind)).toBeGreaterThan(text.length * 0.35);
      }
    }
  });
});

describe('outline depth: what a cut must not change', () => {
  const record = (body: string, title = 'Decisions Made') =>
    [
      '**Spec:** `.sdd/specification/spec-0001-a.md`',
      '',
      '## Actions Taken',
      '',
      '1. Created `a.md`',
      '',
      `## ${title}`,
      '',
      body,
      '',
      '## Artifacts Produced',
      '',
      '| File | Status |',
      '|------|--------|',
      '| `a.md` | Created |',
      '',
      '## Validation Results',
      '',
      '| # | Check | Result |',
      '|---|-------|--------|',
      '| 1 | `a.md` exists | Pass |',
      '',
    ].join('\n');

  const cases: [string, string, boolean][] = [
    // [what, body of the unread section, whether it may be cut]
    ['prose', 'We chose A over B.', true],
    ['a closed fence at column 0', '```ts\nconst a = 1;\n## Artifacts Produced\n```', true],
    ['a tilde fence with a longer closer', '~~~\n## not a heading\n~~~~', true],
    ['an unclosed fence (swallows the rest)', '```\nconst a = 1;', false],
    ['a fence closed by a shorter run (still open)', '````\ncode\n```', false],
    ['a backtick "fence" whose info holds a backtick (not a fence)', '```a`b\n```\n## x', false],
    ['a fence in a list item, closed at column 0 (opens a new fence)', '- item\n  ```\n  code\n```', false],
    ['a fence in a quote', '> ```\n> code', false],
    ['an indented fence', '  ```\n  code\n  ```', false],
    ['an sdd-checks block (its placement is a finding)', '```yaml sdd-checks\n1: { kind: file.exists, path: a.md }\n```', false],
    ['a one-line HTML comment', '<!-- sdd: fill in: decisions -->', true],
    ['an HTML comment over two lines', '<!-- open\nclose -->', false],
    ['an HTML block', '<div>\nx', false],
    ['a link reference definition', '[ref]: https://example.com', false],
    ['a definition in a list item', '- [ref]: https://example.com', false],
    ['a table whose rows agree', '| A | B |\n|---|---|\n| 1 | 2 |', true],
    ['a table with a short row (a finding)', '| A | B |\n|---|---|\n| 1 |', false],
    ['a setext heading', 'Title\n-----', false],
  ];

  it.each(cases)('%s', (_, body, mayCut) => {
    const text = record(body);
    expectOutlineAgrees('.sdd/provenance/spec-0001-a.provenance.md', text, 'provenance');
    expect(unread(text, 'provenance') > 0).toBe(mayCut);
  });

  it('a section whose title only looks unread once its markup is read (`*Validation* Results`) is never cut', () => {
    const text = record('| # | Check | Result |\n|---|---|---|\n| 1 | x | Maybe |', '*Validation* Results');
    expectOutlineAgrees('.sdd/provenance/spec-0001-a.provenance.md', text, 'provenance');
  });

  it('a reference used in a read section, defined in an unread one, still resolves', () => {
    const text = record('[docs]: https://example.com').replace('1. Created `a.md`', '1. Created `a.md`, see [the docs][docs]');
    expectOutlineAgrees('.sdd/provenance/spec-0001-a.provenance.md', text, 'provenance');
    expect(unread(text, 'provenance')).toBe(0);
  });

  it('a BOM and CRLF line endings keep every location', () => {
    const text = `\uFEFF${record('A fence:\n\n```\ncode\n```\n\nand prose.')}`.replaceAll('\n', '\r\n');
    expectOutlineAgrees('.sdd/provenance/spec-0001-a.provenance.md', text, 'provenance');
    expect(unread(text, 'provenance')).toBeGreaterThan(0);
  });
});

// Random documents: headings (read and unread names, with and without markup)
// over bodies made of the constructs that can leave something open.
const title = fc.constantFrom(
  'Actions Taken', 'Artifacts Produced', 'Validation Results', 'Validation steps', 'Decisions Made', 'Deviations from Spec',
  'Assumptions', 'Context', 'Build Status', 'Status', 'Builder Agent Record', 'Testing Agent Record', 'Findings',
  'Scenario Results', '`Validation` steps', '*Artifacts* Produced', '3. Validation results', 'Notes #', 'Prerequisites',
);
// Pieces a cut body may hold, and pieces that may leave something open (or raise a finding).
const safePiece = fc.constantFrom(
  'Some prose.', '', '- item', '  continued', '1. Created `a.md`', '```ts\nconst a = 1;\n```', '~~~\n## in code\n~~~~',
  '<!-- note -->', '| File | Status |\n|------|--------|\n| `a.md` | Created |', '**Status:** Draft', '#not-a-heading',
  '| # | Check | Result |\n|---|---|---|\n| 1 | `a.md` exists | Pass |', '    indented', 'see [x][ref]',
);
const hostilePiece = fc.constantFrom(
  '```', '````', '~~~', '  ```', '> ```', '- ```', '```a`b', '<!-- open', 'close -->', '<div>', '</div>', '[ref]: /x',
  '| `b.md` |', '| 2 | b | Perhaps |', '---', '===', '```yaml sdd-checks', '1: { kind: file.exists, path: a }',
  '**Spec:** `.sdd/specification/spec-0001-a.md`', '  ## indented heading', '\t```', 'code line',
);
const bodyPiece = fc.oneof({ arbitrary: safePiece, weight: 12 }, { arbitrary: hostilePiece, weight: 1 });
const section = fc.record({
  depth: fc.integer({ min: 1, max: 4 }),
  title,
  body: fc.array(bodyPiece, { maxLength: 8 }),
});
const documentText = fc
  .record({ frontMatter: fc.boolean(), header: fc.array(bodyPiece, { maxLength: 3 }), sections: fc.array(section, { maxLength: 9 }), crlf: fc.boolean() })
  .map(({ frontMatter, header, sections, crlf }) => {
    const lines = [...(frontMatter ? ['---', 'title: "A"', '---'] : []), ...header];
    for (const one of sections) lines.push(`${'#'.repeat(one.depth)} ${one.title}`, ...one.body);
    const text = `${lines.join('\n')}\n`;
    return crlf ? text.replaceAll('\n', '\r\n') : text;
  });

describe('property: outline depth agrees with a full parse', () => {
  it('on random documents of read and unread sections', () => {
    let cutSome = 0;
    fc.assert(
      fc.property(documentText, fc.constantFrom<Kind>('spec', 'provenance'), (text, kind) => {
        expectOutlineAgrees(kind === 'spec' ? '.sdd/specification/spec-0001-a.md' : '.sdd/provenance/spec-0001-a.provenance.md', text, kind);
        if (unread(text, kind) > 0) cutSome += 1;
      }),
      { numRuns: Number(process.env.SDD_PROPERTY_RUNS ?? 400) },
    );
    // The property is about cut documents: enough of the random ones must have been cut.
    expect(cutSome).toBeGreaterThan(60);
  }, 120_000);

  it('on random mutations of real records and specs', () => {
    // Real documents: this repository's own, and the corpus's when SDD_CORPUS names it.
    const sources: [string, Kind][] = [...repositoryDocuments(), ...corpusDocuments().filter((one) => one.kind !== 'scenario')].map((one) => [
      readFileSync(one.absolute, 'utf8'),
      one.kind === 'spec' ? 'spec' : 'provenance',
    ]);
    const mutation = fc.record({ at: fc.nat(), cut: fc.nat({ max: 200 }), insert: fc.array(bodyPiece, { maxLength: 3 }).map((pieces) => `\n${pieces.join('\n')}\n`) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (source, mutations) => {
        const [original, kind] = sources[source] as [string, Kind];
        let text = original;
        for (const { at, cut, insert } of mutations) {
          const index = at % (text.length + 1);
          text = text.slice(0, index) + insert + text.slice(index + cut);
        }
        expectOutlineAgrees('.sdd/provenance/spec-0001-a.provenance.md', text, kind);
      }),
      { numRuns: Number(process.env.SDD_PROPERTY_RUNS ?? 400) / 5 },
    );
  }, 120_000);
});
