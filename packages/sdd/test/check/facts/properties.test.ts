import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../src/check/facts/index.js';
import { factsOf } from './format.js';

/**
 * The reading must not depend on how a statement is worded, on backticks
 * around a path or a name, or on the case of its ordinary words; and it
 * must never make a fact from a doubtful, doubly negated or unknown
 * statement. When in doubt, no fact.
 */

const word = fc.stringMatching(/^[a-z][a-z0-9]{1,6}$/);
const path = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 3 }), word, fc.constantFrom('ts', 'tsx', 'yaml', 'md', 'tf', 'json'))
  .map(([dirs, name, ext]) => `${dirs.join('/')}/${name}.${ext}`);
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const identifier = fc.oneof(
  fc.tuple(word, word).map(([a, b]) => `${a}${capital(b)}`), // camelCase
  fc.tuple(word, word).map(([a, b]) => `${a}_${b}`.toUpperCase()), // UPPER_SNAKE
  fc.tuple(word, word).map(([a, b]) => `${a}_${b}`), // snake_case
);
const ticked = (value: string) => fc.boolean().map((tick) => (tick ? `\`${value}\`` : value));
const joiner = fc.constantFrom(', ', ' and ', ', and ');
const list = (items: string[], joiners: string[]) => items.map((item, i) => (i === 0 ? item : `${joiners[i - 1] ?? ' and '}${item}`)).join('');
const holdVerb = fc.constantFrom('contains', 'includes', 'references', 'mentions', 'defines', 'declares', 'exports', 'imports', 'renders', 'calls', 'lists');
const base = (verb: string) => verb.replace(/es$/, (m) => (/(?:ch|sh|ss|x)es$/.test(verb) ? '' : m)).replace(/s$/, '');
const anyCase = (text: string) => fc.constantFrom(text, text.toUpperCase(), capital(text));
const leadIn = fc.constantFrom('', 'Verify that ', 'Confirm that ', 'Check ');

/** A statement that `path` holds `names`, worded in one of many ways. */
const holding = fc
  .record({ path, names: fc.uniqueArray(identifier, { minLength: 1, maxLength: 3 }), verb: holdVerb, lead: leadIn })
  .chain(({ path: p, names, verb, lead }) =>
    fc.record({
      path: fc.constant(p),
      names: fc.constant(names),
      verb: fc.constant(verb),
      lead: fc.constant(lead),
      writtenPath: ticked(p),
      writtenNames: fc.tuple(...names.map(ticked)),
      joiners: fc.array(joiner, { minLength: 3, maxLength: 3 }),
      writtenVerb: anyCase(verb),
      article: fc.constantFrom('', 'the ', 'a '),
    }),
  );

describe('facts do not depend on the wording', () => {
  it('rewording, backticks added or removed, and the case of ordinary words give the same facts', () => {
    fc.assert(
      fc.property(holding, (s) => {
        const sentence = `${s.lead}${s.writtenPath} ${s.writtenVerb} ${s.article}${list([...s.writtenNames], s.joiners)}`;
        expect(factsOf(sentence)).toEqual([`exists ${s.path}`, ...s.names.map((name) => `mentions ${s.path} ${name}`)]);
      }),
      { numRuns: 300 },
    );
  });

  it('a negation flips every name, however it is written', () => {
    const negation = fc.constantFrom('does not', "doesn't", 'does NOT', 'does **not**', 'DOES NOT', 'must not', 'should not');
    fc.assert(
      fc.property(holding, negation, (s, not) => {
        const sentence = `${s.writtenPath} ${not} ${base(s.verb)} ${list([...s.writtenNames], s.joiners)}`;
        expect(factsOf(sentence)).toEqual(s.names.map((name) => `lacks ${s.path} ${name}`));
      }),
      { numRuns: 300 },
    );
  });

  it('files said to be gone are each absent, with or without backticks', () => {
    const gone = fc.constantFrom('no longer exist', 'were deleted', 'have been removed', 'do not exist', 'do NOT exist', 'are gone');
    fc.assert(
      fc.property(fc.uniqueArray(path, { minLength: 2, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(joiner, { minLength: 2, maxLength: 2 }), gone, (paths, ticks, joiners, verb) => {
        const written = paths.map((p, i) => (ticks[i] ? `\`${p}\`` : p));
        expect(factsOf(`${list(written, joiners)} ${verb}`)).toEqual(paths.map((p) => `absent ${p}`));
      }),
      { numRuns: 200 },
    );
  });
});

describe('facts are never made from doubt', () => {
  it('a doubt, a condition or a choice states no name', () => {
    const doubt = fc.constantFrom('may', 'might', 'could', 'probably', 'optionally');
    fc.assert(
      fc.property(holding, doubt, (s, word) => {
        expect(factsOf(`${s.writtenPath} ${word} ${base(s.verb)} ${list([...s.writtenNames], s.joiners)}`)).toEqual([]);
        expect(factsOf(`If it applies, ${s.writtenPath} ${s.verb} ${list([...s.writtenNames], s.joiners)}`)).toEqual([]);
        if (s.names.length > 1) expect(factsOf(`${s.writtenPath} ${s.verb} ${s.writtenNames.join(' or ')}`).filter((f) => f.startsWith('mentions'))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('two negations state nothing', () => {
    fc.assert(
      fc.property(holding, (s) => {
        expect(factsOf(`${s.writtenPath} does not never ${base(s.verb)} ${s.writtenNames.join(', ')}`)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('on any soup of words: no crash, spans inside the text, files as written, no negative fact without a negation', () => {
    const piece = fc.oneof(
      word,
      path,
      identifier,
      path.map((p) => `\`${p}\``),
      identifier.map((n) => `\`${n}\``),
      fc.constantFrom('exists', 'contains', 'does', 'not', 'no', 'longer', 'and', ',', ';', '.', '(', ')', 'the', 'with', 'in', 'for', 'passes', '`pnpm lint`', 'deleted', 'is', 'unchanged', 'No', 'files', 'Terraform', 'were', 'modified', 'has', 'been', '—', '"quoted text"', '**NOT**', 'or', 'may'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
        const text = pieces.join(' ');
        const facts = extractFacts(text);
        for (const fact of facts) {
          expect(fact.span.start).toBeGreaterThanOrEqual(0);
          expect(fact.span.end).toBeLessThanOrEqual(text.length);
          if (fact.kind !== 'command' && fact.kind !== 'unchanged-files' && fact.file.form !== 'workflow') expect(text).toContain(fact.file.written);
        }
        const negative = facts.some((fact) => fact.kind === 'lacks');
        if (negative) expect(text).toMatch(/\b(?:not|NOT|no|No|longer)\b|n't/);
      }),
      { numRuns: 500 },
    );
  });
});
