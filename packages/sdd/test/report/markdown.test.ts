import type { Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import type { SpecResult, StepComparison, ValidateResult } from '../../src/model/index.js';
import { GITHUB_COMMENT_LIMIT, render } from '../../src/report/index.js';
import { cleanFixture, fixture } from './fixture.js';

function tables(markdown: string): Table[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const found: Table[] = [];
  visit(tree, 'table', (node) => {
    found.push(node);
  });
  return found;
}

function rowTexts(table: Table): string[][] {
  return table.children.map((row) => row.children.map((cell) => toString(cell)));
}

/** A spec with many steps: every tenth one overclaimed, the rest confirmed. */
function bigResult(steps: number, specs = 1): ValidateResult {
  const base = fixture.specs.find((spec) => spec.spec.number === 1)!;
  const template = base.steps.find((step) => step.step === 1)!;
  const many: SpecResult[] = Array.from({ length: specs }, (_, s) => ({
    ...base,
    spec: { ...base.spec, file: `.sdd/specification/spec-${String(s).padStart(4, '0')}-big.md` },
    steps: Array.from({ length: steps }, (_, i): StepComparison => ({
      ...template,
      step: i + 1,
      stepText: `Step ${i + 1}: ${'a rather long validation step text '.repeat(3)}`,
      verdict: i % 10 === 9 ? 'overclaimed' : 'confirmed',
    })),
  }));
  return { ...fixture, specs: many };
}

describe('markdown report', () => {
  it('every table row parses back with as many cells as its header: `|` and newlines are escaped', () => {
    const found = tables(render(fixture, 'markdown'));
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const table of found) {
      const width = table.children[0]!.children.length;
      for (const row of table.children) expect(row.children).toHaveLength(width);
    }
  });

  it('a cell keeps its text: the pipe, the backticks and the <br> for a newline', () => {
    const texts = tables(render(fixture, 'markdown')).flatMap(rowTexts);
    expect(texts).toContainEqual(['2', '`infra/main.tf` has `helm-controller` in `--components` | flux', 'Pass', 'Fail', 'overclaimed', expect.stringContaining('not found')]);
    const suspect = texts.find((row) => row[3] === 'record/suspect')!;
    expect(suspect[2]).toBe('The spec changed after the record:<br>2 commits, step 2 reworded');
  });

  it('a <script> from a document stays text, never HTML', () => {
    const tree = unified().use(remarkParse).use(remarkGfm).parse(render(fixture, 'markdown')) as Root;
    const html: string[] = [];
    visit(tree, 'html', (node) => {
      html.push(node.value);
    });
    expect(html.every((value) => value === '<br>')).toBe(true);
    expect(toString(tree)).toContain('<script>alert("title")</script>');
  });

  it('shows the summary and says clean when clean', () => {
    expect(render(fixture, 'markdown')).toMatch(/^## sdd: ❌ 6 errors\n/);
    expect(render(cleanFixture, 'markdown')).toMatch(/^## sdd: ✅ no errors\n/);
  });

  it('stays under the comment limit by cutting long tables, problem rows kept first', () => {
    const markdown = render(bigResult(3000), 'markdown');
    expect(markdown.length).toBeLessThanOrEqual(65_000);
    expect(65_000).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(/… \d+ more rows not shown/);
    const steps = tables(markdown).find((table) => toString(table.children[0]!.children[1]!) === 'Step')!;
    const verdicts = rowTexts(steps).slice(1).map((row) => row[4]);
    // 300 overclaimed steps; whatever fits of them comes before any confirmed one.
    expect(verdicts.filter((v) => v === 'overclaimed').length).toBe(Math.min(300, verdicts.length));
  });

  it('does not cut what fits', () => {
    expect(render(bigResult(20), 'markdown')).not.toContain('not shown');
  });

  it('cuts the text itself, with a note, when even short tables do not fit', () => {
    const markdown = render(bigResult(5, 200), 'markdown', { maxLength: 4000 });
    expect(markdown.length).toBeLessThanOrEqual(4000);
    expect(markdown).toContain('report cut here');
  });
});
