/**
 * A validation step's markdown as a list of tokens, each with its place in
 * the text: code spans, quoted strings, words and the punctuation that
 * separates clauses. Emphasis markers (`**NOT**`) and link targets are
 * dropped; what a token says is kept with the span it came from, so that a
 * fact can quote the words it was read from.
 */

export interface TextSpan {
  /** Offsets in the step's markdown (JavaScript string indexes), end exclusive. */
  start: number;
  end: number;
}

export type TokenType = 'code' | 'quote' | 'word' | 'punct';

export interface Token {
  type: TokenType;
  /** The content: a code span's or a quote's inside, a word without emphasis, a normalised mark (`,` `;` `:` `(` `)` `—` `+` `.`). */
  value: string;
  /** `value` in lower case, for the vocabulary. */
  lower: string;
  span: TextSpan;
}

/** Marks that end a word or stand alone. */
const MARKS = new Set([',', ';', '(', ')', '!', '?', '→', '—', '–', '+', '&', '|']);

export function tokenize(markdown: string): Token[] {
  const tokens: Token[] = [];
  const push = (type: TokenType, value: string, start: number, end: number): void => {
    tokens.push({ type, value, lower: value.toLowerCase(), span: { start, end } });
  };
  let i = 0;
  const n = markdown.length;
  while (i < n) {
    const c = markdown[i] as string;
    if (c === '\n') {
      // A nested list item or a line that starts a new list marker begins a new clause.
      const marker = /^\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+/.exec(markdown.slice(i));
      if (marker) {
        push('punct', ';', i, i + marker[0].length);
        i += marker[0].length;
      } else i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '`') {
      const code = codeSpanAt(markdown, i);
      if (code) {
        push('code', code.value, i, code.end);
        i = code.end;
        continue;
      }
      // An unmatched run of backticks is literal text: skip it.
      while (markdown[i] === '`') i++;
      continue;
    }
    if (c === '"' || c === '“') {
      const close = c === '"' ? '"' : '”';
      const end = markdown.indexOf(close, i + 1);
      const inside = end === -1 ? '' : markdown.slice(i + 1, end);
      if (end !== -1 && inside.trim() !== '' && !inside.includes('\n') && inside.length <= 200) {
        push('quote', inside, i, end + 1);
        i = end + 1;
        continue;
      }
      i++;
      continue;
    }
    if (c === ']' && markdown[i + 1] === '(') {
      // A link's target is not part of what the step says.
      const end = markdown.indexOf(')', i + 2);
      i = end === -1 ? i + 1 : end + 1;
      continue;
    }
    if (c === '[' && /^\[[ xX]\]/.test(markdown.slice(i, i + 3))) {
      // A task list's checkbox.
      i += 3;
      continue;
    }
    if (c === '[' || c === ']') {
      i++;
      continue;
    }
    if (MARKS.has(c)) {
      push('punct', c === '–' ? '—' : c, i, i + 1);
      i++;
      continue;
    }
    if (c === '-' && (markdown[i + 1] === '>' || /\s/.test(markdown[i + 1] ?? ' ')) && /\s/.test(markdown[i - 1] ?? ' ')) {
      // ` - ` is a dash, ` -> ` an arrow: neither is a word.
      const arrow = markdown[i + 1] === '>';
      push('punct', arrow ? '→' : '—', i, i + (arrow ? 2 : 1));
      i += arrow ? 2 : 1;
      continue;
    }
    // A word: up to whitespace, a mark, a backtick or a quote.
    let end = i;
    while (end < n && !/\s/.test(markdown[end] as string) && !MARKS.has(markdown[end] as string) && !'`"“”'.includes(markdown[end] as string) && !(markdown[end] === ']' && markdown[end + 1] === '(')) end++;
    if (end === i) {
      i++;
      continue;
    }
    pushWord(push, markdown.slice(i, end), i);
    i = end;
  }
  return tokens;
}

/** Abbreviations whose period ends no sentence. */
const ABBREVIATIONS = new Set(['e.g.', 'i.e.', 'etc.', 'vs.', 'cf.', 'approx.', 'incl.']);

type Push = (type: TokenType, value: string, start: number, end: number) => void;

/** A word with its emphasis markers and trailing sentence marks split off. */
function pushWord(push: Push, raw: string, start: number): void {
  if (/^[.:]+$/.test(raw)) {
    push('punct', raw[0] as string, start, start + 1);
    return;
  }
  if (ABBREVIATIONS.has(raw.toLowerCase())) {
    push('word', raw, start, start + raw.length);
    return;
  }
  let from = 0;
  let to = raw.length;
  while (from < to && raw[from] === '*') from++;
  while (to > from && raw[to - 1] === '*') to--;
  const trailing: { mark: string; at: number }[] = [];
  // `exist.` / `triggers:` / `auth**.**`: the mark ends a sentence or opens a list.
  for (;;) {
    const last = raw[to - 1];
    if ((last === '.' || last === ':') && to - 1 > from && !/^\.+$/.test(raw.slice(from, to))) {
      trailing.unshift({ mark: last, at: start + to - 1 });
      to--;
      while (to > from && raw[to - 1] === '*') to--;
      continue;
    }
    break;
  }
  let word = raw.slice(from, to);
  let wordStart = start + from;
  // `_emphasis_` around a plain word; identifiers keep their underscores.
  if (/^_[A-Za-z]+_$/.test(word)) {
    word = word.slice(1, -1);
    wordStart++;
  }
  if (word !== '') {
    if (word.length >= 2 && word.startsWith("'") && word.endsWith("'")) push('quote', word.slice(1, -1), wordStart, wordStart + word.length);
    else push('word', word, wordStart, wordStart + word.length);
  }
  for (const { mark, at } of trailing) push('punct', mark, at, at + 1);
}

/** A code span opening at `start`: CommonMark's rule (a closing run of the same length), one surrounding space stripped. */
function codeSpanAt(text: string, start: number): { value: string; end: number } | null {
  let ticks = 0;
  while (text[start + ticks] === '`') ticks++;
  const fence = '`'.repeat(ticks);
  let search = start + ticks;
  for (;;) {
    const close = text.indexOf(fence, search);
    if (close === -1) return null;
    let after = close + ticks;
    if (text[after] === '`') {
      // A longer run does not close this span.
      while (text[after] === '`') after++;
      search = after;
      continue;
    }
    const raw = text.slice(start + ticks, close).replace(/\n/g, ' ');
    const value = /^ .* $/.test(raw) && raw.trim() !== '' ? raw.slice(1, -1) : raw;
    return { value, end: after };
  }
}
