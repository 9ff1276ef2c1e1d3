import type { StatedFact } from './extract.js';
import { KIND_NOUNS } from './vocabulary.js';

/** Words that carry no meaning of their own once the facts around them are taken out. */
const EMPTY = new Set(['and', 'but', 'or', 'the', 'a', 'an', 'both', 'all', 'with', 'its', 'their', 'it', 'also', 'each', 'any', 'exactly']);

/**
 * The words of a step that no fact covers: what a person must still judge.
 * Undefined when nothing meaningful is left (the facts cover the wording,
 * though not necessarily its meaning).
 */
export function unjudgedText(markdown: string, facts: readonly StatedFact[]): string | undefined {
  const covered: [number, number][] = [];
  for (const fact of facts) {
    covered.push([fact.span.start, fact.span.end]);
    if ('verb' in fact && fact.verb) covered.push([fact.verb.start, fact.verb.end]);
    if (fact.kind === 'command') {
      if (fact.cwd) covered.push([fact.cwd.span.start, fact.cwd.span.end]);
    } else if (fact.kind !== 'unchanged-files') covered.push([fact.file.span.start, fact.file.span.end]);
  }
  let text = '';
  let at = 0;
  for (const [start, end] of covered.sort((a, b) => a[0] - b[0])) {
    if (start > at) text += markdown.slice(at, start);
    text += ' ';
    at = Math.max(at, end);
  }
  text += markdown.slice(at);
  const tidy = text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;.:)])/g, '$1')
    .replace(/^[\s,;:.—–-]*(?:(?:and|but|,)\s+)*/i, '')
    .replace(/[\s,;:—–-]+$/, '')
    .trim();
  const words = tidy.toLowerCase().match(/[\p{L}][\p{L}\p{N}_-]*/gu) ?? [];
  return words.some((word) => word.length >= 3 && !EMPTY.has(word) && !KIND_NOUNS.has(word)) ? tidy : undefined;
}
