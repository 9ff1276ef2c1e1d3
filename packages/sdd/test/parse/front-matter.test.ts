import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { simpleFrontMatter } from '../../src/parse/front-matter.js';

// The fast path reads only what YAML reads one way; whatever it returns must
// be what the YAML parser gives for the same text.

const yamlOf = (text: string): unknown => parseYaml(text, { uniqueKeys: true }) as unknown;

describe('simpleFrontMatter', () => {
  it('reads the front matter specs and records have', () => {
    const text = 'title: "Provenance: Spec 0009 — HQ: Next.js + Auth0 (#12)"\ndraft: false\nstatus: Approved\nowner: \'kevin\'\n';
    expect(simpleFrontMatter(text)).toEqual({ title: 'Provenance: Spec 0009 — HQ: Next.js + Auth0 (#12)', draft: false, status: 'Approved', owner: 'kevin' });
    expect(simpleFrontMatter(text)).toEqual(yamlOf(text));
  });

  it.each([
    ['an escape', 'title: "a\\"b"'],
    ['a number', 'version: 1'],
    ['null', 'owner: null'],
    ['a YAML 1.1 boolean spelled otherwise', 'draft: False'],
    ['a comment', 'title: a # note'],
    ['a list', 'tags: [a, b]'],
    ['a nested map', 'meta:\n  a: 1'],
    ['a repeated key', 'a: x\na: y'],
    ['an indented line', ' title: x'],
    ['a key YAML reads as null', 'null: x'],
    ['a prototype key', '__proto__: x'],
    ['a colon in a plain value', 'title: a: b'],
    ['a trailing space', 'title: words '],
    ['a carriage return', 'title: "x"\r'],
    ['nothing', ''],
  ])('leaves %s to the YAML parser', (_, text) => {
    expect(simpleFrontMatter(text)).toBeNull();
  });

  it('property: when it reads a text, it reads what YAML reads', () => {
    const key = fc.constantFrom('title', 'draft', 'status', 'a_b', 'x-y', 'null', 'true', 'Yes', 'on', '_k');
    const value = fc.oneof(
      fc.constantFrom('true', 'false', 'True', 'no', 'yes', 'on', 'null', '~', 'x', 'Approved', 'a b', 'a  b', '1', '1.5', '.inf', 'e1', 'NaN', 'a/b', 'a.b-c'),
      fc.string({ maxLength: 12 }).map((text) => `"${text}"`),
      fc.string({ unit: 'binary', maxLength: 6 }).map((text) => `"${text}"`),
      fc.constantFrom('"\u2028"', '"\uFEFF"', '"\u0085"', '"a\u00a0"', "'\u2029'"),
      fc.string({ maxLength: 12 }).map((text) => `'${text}'`),
      fc.string({ maxLength: 12 }),
    );
    const line = fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`);
    let read = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.constant('')), { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.join('\n');
        const fast = simpleFrontMatter(text);
        if (fast === null) return;
        read += 1;
        expect(fast).toEqual(yamlOf(text));
      }),
      { numRuns: 2000 },
    );
    // The property is about texts the fast path reads: enough of them must have been.
    expect(read).toBeGreaterThan(100);
  });
});
