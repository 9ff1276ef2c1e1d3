import { looksLikeCommand, looksLikePath } from '../../parse/classify.js';
import type { TextSpan, Token } from './tokens.js';
import { tokenize } from './tokens.js';
import {
  isAuxiliary,
  isDoubt,
  isNameWord,
  isNegation,
  isPlainWord,
  isStop,
  KIND_NOUNS,
  participleMeaning,
  PLAIN_DETERMINERS,
  verbMeaning,
  type VerbMeaning,
} from './vocabulary.js';

/**
 * The facts a sentence states that can be checked without understanding the
 * rest of it: a file exists or is gone, was not changed, holds or does not
 * hold a name; a command passes. Pure: text in, facts with their spans out.
 * Where a file is named by a bare name (`Greeting.tsx`) or a description
 * (`the workflow`), the fact names it as written; `resolveFacts` places it.
 *
 * Conservative by construction: a clause with a doubt (`may`, `if`, `or`),
 * two negations, a verb it does not know, or a name it cannot tell from
 * prose states no fact. A fact must never fail on a true claim.
 */

export interface FileMention {
  /** As the step writes it: `sites/x/a.ts`, `Greeting.tsx`, `the workflow`. */
  written: string;
  /** `path`: with a folder; `name`: a file name alone, to be placed; `workflow`: "the workflow", the one workflow the spec or record names. */
  form: 'path' | 'name' | 'workflow';
  /** Written with a trailing slash: a folder, about which only existence and changes are stated. */
  directory: boolean;
  span: TextSpan;
}

/** A kind of file named by a word ("No Terraform files were modified"). */
export interface FileClass {
  /** The words as written: `Terraform`, `existing workflow`. */
  label: string;
  /** Repository globs (picomatch) of the class. */
  globs: string[];
  /** "No other … files": the files the spec names are not meant. */
  other: boolean;
}

/** `verb`: the words of the verb a fact was read from, when they are not in `span` (`contains` for each name it governs). */
export type StatedFact =
  | { kind: 'exists'; file: FileMention; span: TextSpan; verb?: TextSpan }
  | { kind: 'absent'; file: FileMention; span: TextSpan }
  | { kind: 'unchanged'; file: FileMention; span: TextSpan }
  | { kind: 'unchanged-files'; files: FileClass; span: TextSpan }
  /** The file holds `item`; `names` are what must occur in it (the item, or the names a structured item is made of). */
  | { kind: 'mentions'; file: FileMention; item: string; names: string[]; span: TextSpan; verb?: TextSpan }
  /** The file does not hold `text` (exactly as written). */
  | { kind: 'lacks'; file: FileMention; text: string; span: TextSpan; verb?: TextSpan }
  | { kind: 'command'; run: string; cwd: FileMention | null; span: TextSpan };

export function extractFacts(markdown: string): StatedFact[] {
  const facts: StatedFact[] = [];
  let previous: FileMention[] = [];
  for (const sentence of sentences(tokenize(markdown))) {
    // A doubt or a condition anywhere in a sentence ("If …, `a.ts` contains …") clouds all of it.
    if (sentence.some((t) => t.type === 'word' && isDoubt(t.lower))) {
      previous = [];
      continue;
    }
    for (const clause of clauses(sentence)) {
      const read = readSentence(clause, previous);
      facts.push(...read.facts);
      previous = read.subjects;
    }
  }
  return dedupe(facts);
}

/**
 * "`a.ts` exists and `b.ts` exports `X`": a sentence with a second subject
 * after `and` or a comma, once the first has its verb, is two statements.
 */
function clauses(tokens: Token[]): Token[][] {
  const result: Token[][] = [];
  let start = 0;
  let verbSeen = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type === 'word' && (verbMeaning(token.lower) || participleMeaning(token.lower))) verbSeen = true;
    if (!verbSeen || !(token.value === ',' || token.lower === 'and')) continue;
    const next = tokens[i + 1]?.lower === 'and' ? i + 2 : i + 1;
    if (fileOf(tokens[next]) && verbAt(tokens, next + 1)) {
      result.push(tokens.slice(start, i));
      start = next;
      i = next - 1;
      verbSeen = false;
    }
  }
  result.push(tokens.slice(start));
  return result.filter((clause) => clause.length > 0);
}

// ---------------------------------------------------------------- sentences

/** Splits at `;`, `.`, a dash, `!`, `?`; drops parentheticals (what they say is a comment, of unclear polarity). */
function sentences(tokens: Token[]): Token[][] {
  const result: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'punct' && token.value === '(') {
      depth++;
      continue;
    }
    if (token.type === 'punct' && token.value === ')') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (token.type === 'punct' && [';', '.', '—', '!', '?'].includes(token.value)) {
      if (current.length > 0) result.push(current);
      current = [];
      continue;
    }
    current.push(token);
  }
  if (current.length > 0 && depth === 0) result.push(current);
  return result;
}

interface SentenceReading {
  facts: StatedFact[];
  /** The files the sentence is about, for a next sentence that says "it". */
  subjects: FileMention[];
}

const LEAD_INS = new Set(['verify', 'confirm', 'check', 'ensure', 'assert', 'validate', 'expect', 'make']);

function readSentence(raw: Token[], previous: FileMention[]): SentenceReading {
  const tokens = withoutLeadIn(raw);
  if (tokens.length === 0) return { facts: [], subjects: [] };
  const command = commandFacts(tokens);
  if (command) return { facts: command, subjects: [] };
  const unchanged = unchangedClassFacts(tokens);
  if (unchanged) return { facts: unchanged, subjects: [] };
  const located = locatedNameFacts(tokens);
  if (located) return { facts: located, subjects: [] };
  const subject = readSubject(tokens, previous);
  if (!subject) return { facts: [], subjects: [] };
  return { facts: predicateFacts(subject, tokens.slice(subject.end)), subjects: subject.files.map((f) => f.file) };
}

/** "Verify that …", "Confirm …", "Make sure that …": the statement is what follows. */
function withoutLeadIn(tokens: Token[]): Token[] {
  const first = tokens[0];
  if (first?.type !== 'word' || !LEAD_INS.has(first.lower)) return tokens;
  let at = 1;
  if (first.lower === 'make') {
    if (tokens[1]?.lower !== 'sure') return tokens;
    at = 2;
  }
  if (tokens[at]?.lower === 'that') at++;
  return tokens.slice(at);
}

// ---------------------------------------------------------------- items: what a file is said to hold

/**
 * The names that must occur in a file said to hold `item`: the item itself
 * when it is one token; its names when it is a structure (`dependsOn:
 * [{name: x}]` → dependsOn, name, x), since a structure may be written in
 * another layout; the literal pieces of a pattern (`hq-auth0-*`). Null when
 * the item cannot be read (a placeholder, an escape).
 */
export function namesOf(item: string, quoted = false): string[] | null {
  const value = item.trim();
  if (value === '' || value.includes('\\')) return null;
  // A quoted string is text as written ("CI/CD Context — Claude Code Builder"), save for an ellipsis in it.
  if (quoted) return /\.\.\.|…/.test(value) ? nonEmpty(value.split(/\.\.\.|…/).map((piece) => piece.trim()).filter((piece) => piece.length >= 2)) : [value];
  if (/<[a-z][\w-]*>/i.test(value) && !/^<[A-Za-z]/.test(value)) return null; // spec-<slug>.md
  if (/\bN{3,}\b|\bX{3,}\b/.test(value)) return null; // spec-NNNN
  const pieces = /\*|\.\.\.|…/.test(value)
    ? value.split(/\*+|\.\.\.|…/).flatMap(structuredNames)
    : /^[^\s"'`=,;(){}[\]<>|!?&^%]+$/.test(value)
      ? [value.replace(/[:,]+$/, '')]
      : structuredNames(value);
  return nonEmpty(pieces);
}

function nonEmpty(pieces: readonly string[]): string[] | null {
  const names = [...new Set(pieces.filter((piece) => piece !== ''))];
  return names.length > 0 ? names : null;
}

function structuredNames(text: string): string[] {
  return text
    .split(/[\s"'`=,;(){}[\]<>|!?&*^%]+/)
    .map((piece) => piece.replace(/^:+|[:.]+$/g, '').replace(/^[→-]+$/, ''))
    .filter((piece) => piece.length >= 2 && /[\p{L}\p{N}]/u.test(piece));
}

/** A token that names something a file can hold; `kindNoun`: a kind noun stands beside it. */
function itemOf(token: Token | undefined, kindNoun: boolean, afterPort: boolean): string | null {
  if (!token) return null;
  if (token.type === 'code' || token.type === 'quote') return token.value.trim() === '' ? null : token.value;
  if (token.type !== 'word') return null;
  if (afterPort && /^\d{2,5}$/.test(token.value)) return token.value;
  return isNameWord(token.value, kindNoun) ? token.value : null;
}

function besideKindNoun(tokens: Token[], index: number): boolean {
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  return (before?.type === 'word' && KIND_NOUNS.has(before.lower)) || (after?.type === 'word' && KIND_NOUNS.has(after.lower));
}

// ---------------------------------------------------------------- files

/** A token that names a file: a path in code or in prose, or a file name alone. */
function fileOf(token: Token | undefined): FileMention | null {
  if (!token || (token.type !== 'code' && token.type !== 'word')) return null;
  const value = token.value.trim();
  if (!looksLikePath(value) || /[*?<>{}]|\bN{3,}\b/.test(value)) return null;
  const bare = value.replace(/^\.\//, '');
  return { written: bare, form: bare.includes('/') ? 'path' : 'name', directory: bare.endsWith('/'), span: token.span };
}

const SUBJECT_FILLERS = new Set(['the', 'a', 'an', 'both', 'existing']);
const FILE_NOUNS = new Set(['file', 'files', 'folder', 'folders', 'directory', 'directories', 'dir', 'module', 'manifest', 'manifests', 'config', 'configuration']);
const PRONOUNS = new Set(['it', 'they', 'this', 'these']);

interface SubjectFile {
  file: FileMention;
  /** An adjective stood before it (`the static Dockerfile`): it may mean one version of the file, so nothing is stated about it. */
  qualified: boolean;
}

interface Subject {
  files: SubjectFile[];
  /** Names the subject itself says the file holds (`route.ts` `BASE_SYSTEM_PROMPT` references …). */
  symbols: { item: string; span: TextSpan }[];
  /** Index of the first token after the subject. */
  end: number;
}

/**
 * The files a sentence is about, at its start: `a.ts`, `a.ts` and `b.ts`,
 * the file `a.ts`, the `a.ts` file, it (the previous sentence's file), the
 * workflow.
 */
function readSubject(tokens: Token[], previous: FileMention[]): Subject | null {
  let at = 0;
  const first = tokens[0];
  if (first?.type === 'word' && PRONOUNS.has(first.lower) && previous.length > 0) {
    return { files: previous.map((file) => ({ file, qualified: false })), symbols: [], end: 1 };
  }
  const workflow = workflowSubject(tokens);
  if (workflow) return workflow;
  const files: SubjectFile[] = [];
  for (;;) {
    let qualified = false;
    while (tokens[at]?.type === 'word' && !fileOf(tokens[at])) {
      const lower = tokens[at]?.lower ?? '';
      if (SUBJECT_FILLERS.has(lower) || FILE_NOUNS.has(lower)) at++;
      else if (files.length > 0 && /^[a-z][a-z-]*$/.test(lower) && fileOf(tokens[at + 1]) && !verbMeaning(lower) && !isAuxiliary(lower)) {
        qualified = true;
        at++;
      } else break;
    }
    const file = fileOf(tokens[at]);
    if (!file) break;
    files.push({ file, qualified });
    at++;
    while (tokens[at]?.type === 'word' && FILE_NOUNS.has(tokens[at]?.lower ?? '')) at++;
    const separator = tokens[at];
    if (separator?.value === ',' || separator?.lower === 'and') {
      const next = tokens[at + 1]?.lower === 'and' ? at + 2 : at + 1;
      if (lookAheadFile(tokens, next)) {
        at = next;
        continue;
      }
    }
    break;
  }
  if (files.length === 0) return null;
  const symbols: { item: string; span: TextSpan }[] = [];
  while (tokens[at]?.type === 'code' && !fileOf(tokens[at]) && !looksLikeCommand(tokens[at]?.value ?? '')) {
    const token = tokens[at] as Token;
    symbols.push({ item: token.value, span: token.span });
    at++;
  }
  return { files, symbols, end: at };
}

/** Whether a file follows at `at`, after fillers and at most one adjective. */
function lookAheadFile(tokens: Token[], at: number): boolean {
  let i = at;
  while (tokens[i]?.type === 'word' && !fileOf(tokens[i]) && i - at < 3 && /^[a-z][a-z-]*$/.test(tokens[i]?.lower ?? '') && !verbMeaning(tokens[i]?.lower ?? '')) i++;
  return fileOf(tokens[i]) !== null;
}

/** "The workflow", "the workflow file", "the GitHub Actions workflow": the one workflow the spec or record names. */
function workflowSubject(tokens: Token[]): Subject | null {
  let at = 0;
  if (tokens[at]?.lower !== 'the') return null;
  at++;
  if (tokens[at]?.lower === 'github' && tokens[at + 1]?.lower === 'actions') at += 2;
  const noun = tokens[at];
  if (noun?.lower !== 'workflow') return null;
  const start = tokens[0]?.span.start ?? 0;
  at++;
  if (tokens[at]?.lower === 'file') at++;
  const span = { start, end: tokens[at - 1]?.span.end ?? start };
  return { files: [{ file: { written: 'the workflow', form: 'workflow', directory: false, span }, qualified: false }], symbols: [], end: at };
}

// ---------------------------------------------------------------- predicates: "`a.ts` exists, contains `X` and does NOT contain `Y`"

interface Item {
  item: string;
  span: TextSpan;
  /** Written in quotes: text as written, not a structure to take apart. */
  quoted?: boolean;
}

interface Predicate {
  meaning: VerbMeaning;
  negated: boolean;
  /** The verb's words, for the fact's span. */
  span: TextSpan;
  items: Item[];
  /** "contains `a` or `b`": a choice, which states neither. */
  disjunctive: boolean;
  /** A negated object narrowed by a qualifier or a place ("does not have its own `onClick`", "… in the header"): it does not speak of the whole file. */
  narrowed: boolean;
  /** "exists with `X`": the items after `with` are held. */
  holdsAfterWith: boolean;
}

function predicateFacts(subject: Subject, tokens: Token[]): StatedFact[] {
  const predicates = readPredicates(tokens);
  if (predicates === null) return [];
  const facts: (StatedFact | null)[] = [];
  for (const { file, qualified } of subject.files) {
    if (qualified) continue;
    for (const symbol of subject.symbols) {
      if (!file.directory && predicates.some((p) => !p.negated)) facts.push(mentionFact(file, symbol.item, symbol.span));
    }
    for (const predicate of predicates) facts.push(...factsOf(file, predicate));
  }
  return facts.filter((fact): fact is StatedFact => fact !== null);
}

function factsOf(file: FileMention, predicate: Predicate): (StatedFact | null)[] {
  const { meaning, negated, span } = predicate;
  switch (meaning) {
    case 'exists':
      if (negated) return [{ kind: 'absent', file, span }];
      return [{ kind: 'exists', file, span }, ...(predicate.holdsAfterWith ? heldItems(file, predicate) : [])];
    case 'gone':
      return negated ? [] : [{ kind: 'absent', file, span }];
    case 'unchanged':
      return negated ? [] : [{ kind: 'unchanged', file, span }];
    case 'changed':
      return negated ? [{ kind: 'unchanged', file, span }] : [];
    // Said of a file, these need it to be there: the fact quotes the file's name.
    case 'acts':
      return negated ? [] : [{ kind: 'exists', file, span: file.span }];
    case 'holds':
      if (!negated) return [{ kind: 'exists', file, span: file.span, verb: span }, ...heldItems(file, predicate)];
      if (file.directory || predicate.narrowed) return [];
      return predicate.items.map(({ item, span: itemSpan }) => ({ kind: 'lacks' as const, file, text: item, span: itemSpan, verb: span }));
  }
}

function heldItems(file: FileMention, predicate: Predicate): (StatedFact | null)[] {
  if (file.directory || predicate.disjunctive) return [];
  return predicate.items.map(({ item, span, quoted }) => mentionFact(file, item, span, quoted, predicate.span));
}

function mentionFact(file: FileMention, item: string, span: TextSpan, quoted = false, verb?: TextSpan): StatedFact | null {
  const names = namesOf(item, quoted);
  if (!names) return null;
  return verb ? { kind: 'mentions', file, item, names, span, verb } : { kind: 'mentions', file, item, names, span };
}

const SEPARATORS = new Set([',', 'and', 'but', '+', '&']);
const OBJECT_FILLERS = new Set(['a', 'an', 'the', 'any', 'all', 'both', 'each', 'every', 'its', 'their', 'own', 'new', 'same', 'also', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'exactly', 'least', 'most', 'more', 'following', 'entries', 'called', 'named']);

/**
 * The predicates after the subject, each a verb (with its auxiliaries and
 * negations) and the items it governs. Null when the first thing after the
 * subject is not a verb sdd knows: then nothing in the sentence is read.
 */
function readPredicates(tokens: Token[]): Predicate[] | null {
  const predicates: Predicate[] = [];
  let current: Predicate | null = null;
  /** Items are objects until a stop word; after one, until the next verb. */
  let collecting = false;
  let lastItem = -2;
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i] as Token;
    const previous = tokens[i - 1];
    const canStart = i === 0 || (previous !== undefined && SEPARATORS.has(previous.lower)) || lastItem === i - 1;
    const verb = canStart && token.type === 'word' ? verbAt(tokens, i) : null;
    if (verb) {
      if (verb.unclear) {
        // Two negations, or a verb sdd does not know after an auxiliary: this predicate states nothing.
        current = null;
        collecting = false;
      } else {
        current = { meaning: verb.meaning, negated: verb.negated, span: verb.span, items: [], disjunctive: false, narrowed: false, holdsAfterWith: false };
        predicates.push(current);
        collecting = verb.meaning === 'holds';
      }
      i = verb.next;
      continue;
    }
    // Right after the subject, something that is not a verb sdd knows: the sentence is not one it reads.
    if (predicates.length === 0 && current === null) return null;
    i++;
    if (!current) continue;
    if (token.type === 'word') {
      const lower = token.lower;
      if (lower === 'with' && (current.meaning === 'holds' || current.meaning === 'exists')) {
        collecting = true;
        if (current.meaning === 'exists') current.holdsAfterWith = true;
        continue;
      }
      if (lower === 'or' || lower === 'nor') {
        if (!current.negated) current.disjunctive = true;
        continue;
      }
      if (isStop(lower)) {
        collecting = false;
        if (current.negated) current.narrowed = true;
        continue;
      }
      if (SEPARATORS.has(lower) || !collecting) continue;
      const before = tokens[i - 2];
      const item = itemOf(token, besideKindNoun(tokens, i - 1), before?.lower === 'port' || before?.lower === 'ports');
      if (item !== null) {
        take(current, tokens, i - 1, item, false);
        lastItem = i - 1;
      } else if (previous !== undefined && SEPARATORS.has(previous.lower) && !OBJECT_FILLERS.has(lower) && !KIND_NOUNS.has(lower) && !/^\d+$/.test(lower)) {
        // "contains `a` and ensures …": a verb sdd does not know begins; its objects are not held.
        current = null;
        collecting = false;
      }
      continue;
    }
    if ((token.type === 'code' || token.type === 'quote') && collecting) {
      take(current, tokens, i - 1, token.value, token.type === 'quote');
      lastItem = i - 1;
    }
  }
  return predicates;
}

/** Adds an item to a predicate; a negated one whose object is qualified (`its own X`) no longer speaks of the whole file. */
function take(predicate: Predicate, tokens: Token[], index: number, item: string, quoted: boolean): void {
  if (predicate.negated && predicate.items.length === 0) {
    const between = tokens.filter((t, at) => at < index && t.span.start >= predicate.span.end && t.type === 'word').map((t) => t.lower);
    if (between.some((word) => !PLAIN_DETERMINERS.has(word))) predicate.narrowed = true;
  }
  predicate.items.push({ item, span: (tokens[index] as Token).span, ...(quoted ? { quoted } : {}) });
}

interface VerbReading {
  meaning: VerbMeaning;
  negated: boolean;
  /** Two negations, or an auxiliary before a word sdd does not know. */
  unclear: boolean;
  span: TextSpan;
  next: number;
}

const HOLD_THEN_NO = new Set(['has', 'have', 'contains', 'contain', 'includes', 'include']);

/**
 * A verb phrase starting at `i`: auxiliaries and negations, then a verb or a
 * participle (`does NOT contain`, `no longer exists`, `has not been
 * modified`, `is deleted`, `has no`).
 */
function verbAt(tokens: Token[], i: number): VerbReading | null {
  let j = i;
  let negations = 0;
  let auxiliaries = 0;
  for (;;) {
    const token = tokens[j];
    if (token?.type !== 'word' || !isPlainWord(token.value)) break;
    const lower = token.lower;
    if (lower === 'no' && tokens[j + 1]?.lower === 'longer') {
      negations++;
      j += 2;
      continue;
    }
    if (isNegation(lower) && lower !== 'no') {
      negations++;
      j++;
      continue;
    }
    // `has`/`have` are auxiliaries before `been`, `not` or a participle, and verbs before an object.
    const haveAuxiliary = (lower === 'has' || lower === 'have' || lower === 'had') && isHaveAuxiliary(tokens[j + 1]);
    if (haveAuxiliary || (isAuxiliary(lower) && !verbMeaning(lower) && lower !== 'has' && lower !== 'have')) {
      auxiliaries++;
      j++;
      continue;
    }
    break;
  }
  const word = tokens[j];
  const span = { start: tokens[i]?.span.start ?? 0, end: word?.span.end ?? tokens[j - 1]?.span.end ?? 0 };
  if (word?.type === 'word' && isPlainWord(word.value)) {
    const participle = participleMeaning(word.lower);
    if (participle && (auxiliaries > 0 || negations === 0)) return reading(participle, negations, span, j + 1);
    const meaning = verbMeaning(word.lower);
    if (meaning) {
      if (meaning === 'holds' && HOLD_THEN_NO.has(word.lower) && tokens[j + 1]?.lower === 'no') {
        return reading(meaning, negations + 1, { start: span.start, end: tokens[j + 1]?.span.end ?? span.end }, j + 2);
      }
      return reading(meaning, negations, span, j + 1);
    }
  }
  if (auxiliaries > 0 || negations > 0) {
    // `is identical to`, `does not exclude`: a verb sdd does not read.
    return { meaning: 'acts', negated: false, unclear: true, span, next: Math.max(j, i + 1) };
  }
  return null;
}

function isHaveAuxiliary(next: Token | undefined): boolean {
  if (next?.type !== 'word') return false;
  return next.lower === 'been' || next.lower === 'not' || next.lower === 'never' || participleMeaning(next.lower) !== undefined;
}

function reading(meaning: VerbMeaning, negations: number, span: TextSpan, next: number): VerbReading {
  return { meaning, negated: negations === 1, unclear: negations > 1, span, next };
}

// ---------------------------------------------------------------- commands: "`pnpm build` passes inside `sites/x/`"

const SUCCESS_ONE = new Set(['passes', 'pass', 'succeeds', 'succeed', 'works']);
const SUCCESS_TWO = new Set(['completes successfully', 'completes cleanly', 'runs cleanly', 'runs successfully', 'run cleanly', 'run successfully', 'exits 0', 'exit 0', 'returns 0', 'is green', 'are green', 'builds successfully', 'builds cleanly']);
const SUCCESS_THREE = new Set(['exits with 0', 'runs without errors', 'runs without error', 'completes without errors', 'run without errors', 'exits with code', 'exit with code']);
const CWD_WORDS = new Set(['inside', 'in', 'from', 'within', 'under']);

/** "`pnpm lint` passes", "`pnpm build` and `pnpm test` pass", "npm test passes in `web/`": command facts; null when the sentence is not about commands. */
function commandFacts(tokens: Token[]): StatedFact[] | null {
  let at = 0;
  while (['the', 'running', 'both'].includes(tokens[at]?.lower ?? '')) at++;
  const commands: { run: string; span: TextSpan }[] = [];
  for (;;) {
    const command = commandAt(tokens, at);
    if (!command) break;
    commands.push(command);
    at = command.next;
    if (['command', 'commands'].includes(tokens[at]?.lower ?? '')) at++;
    if (tokens[at]?.value === ',' || tokens[at]?.lower === 'and') {
      const next = tokens[at + 1]?.lower === 'and' ? at + 2 : at + 1;
      if (commandAt(tokens, next)) {
        at = next;
        continue;
      }
    }
    break;
  }
  if (commands.length === 0) return labelledCommand(tokens);
  while (tokens[at]?.type === 'word' && isAuxiliary(tokens[at]?.lower ?? '') && !['is', 'are'].includes(tokens[at]?.lower ?? '')) at++;
  const success = successAt(tokens, at);
  if (!success) return [];
  at = success.next;
  // "passes on the synthesized stack", "passes for spec files": it runs somewhere, or on something, sdd cannot tell.
  if (tokens[at]?.type === 'word' && NARROWING.has(tokens[at]?.lower ?? '')) return [];
  let cwd: FileMention | null = null;
  if (tokens[at]?.type === 'word' && CWD_WORDS.has(tokens[at]?.lower ?? '')) {
    let place = at + 1;
    if (tokens[place]?.lower === 'the') place++;
    const folder = fileOf(tokens[place]);
    if (folder && folder.form === 'path') cwd = { ...folder, directory: true };
    else if (folder || tokens[place]?.type === 'code') return []; // a working directory sdd cannot place: the command is not run elsewhere
  }
  return commands.map(({ run, span }) => ({ kind: 'command', run, cwd, span: { start: span.start, end: success.end } }));
}

const NARROWING = new Set(['on', 'against', 'over', 'across', 'for', 'when', 'if', 'after', 'before', 'once', 'only', 'unless', 'until', 'except', 'but']);

/** "The check-stage tests pass: `pnpm exec vitest run packages/sdd/test/check`": a statement that passes, then the command that shows it. */
function labelledCommand(tokens: Token[]): StatedFact[] | null {
  const last = tokens.at(-1);
  const colon = tokens.at(-2);
  if (last?.type !== 'code' || colon?.value !== ':' || !looksLikeCommand(last.value)) return null;
  const head = tokens.slice(0, -2);
  const verb = head.at(-1);
  if (verb?.type !== 'word' || !SUCCESS_ONE.has(verb.lower) || head.some((t) => t.type === 'word' && (isNegation(t.lower) || t.lower === 'fail' || t.lower === 'fails'))) return null;
  return [{ kind: 'command', run: last.value.trim(), cwd: null, span: { start: tokens[0]?.span.start ?? last.span.start, end: last.span.end } }];
}

function commandAt(tokens: Token[], at: number): { run: string; span: TextSpan; next: number } | null {
  const token = tokens[at];
  if (!token) return null;
  if (token.type === 'code') return looksLikeCommand(token.value) ? { run: token.value.trim(), span: token.span, next: at + 1 } : null;
  if (token.type !== 'word') return null;
  // A command written without backticks: the words up to the verb that says it passes.
  for (let end = at + 1; end <= Math.min(tokens.length, at + 8); end++) {
    const words = tokens.slice(at, end);
    if (words.some((w) => w.type !== 'word')) return null;
    if (successAt(tokens, end) || ['command', 'and'].includes(tokens[end]?.lower ?? '') || tokens[end]?.value === ',') {
      const run = words.map((w) => w.value).join(' ');
      if (looksLikeCommand(run)) return { run, span: { start: token.span.start, end: words.at(-1)?.span.end ?? token.span.end }, next: end };
    }
  }
  return null;
}

function successAt(tokens: Token[], at: number): { end: number; next: number } | null {
  const word = (k: number) => tokens[at + k]?.lower ?? '';
  const isWord = (k: number) => tokens[at + k]?.type === 'word';
  if (isWord(0) && isWord(1) && isWord(2) && SUCCESS_THREE.has(`${word(0)} ${word(1)} ${word(2)}`)) {
    const zero = word(2) === 'code' ? 3 : 2;
    if (word(2) === 'code' && word(3) !== '0') return null;
    return { end: tokens[at + zero]?.span.end ?? 0, next: at + zero + 1 };
  }
  if (isWord(0) && isWord(1) && SUCCESS_TWO.has(`${word(0)} ${word(1)}`)) return { end: tokens[at + 1]?.span.end ?? 0, next: at + 2 };
  if (isWord(0) && SUCCESS_ONE.has(word(0))) return { end: tokens[at]?.span.end ?? 0, next: at + 1 };
  return null;
}

// ---------------------------------------------------------------- "No Terraform files were modified"

/** File classes a sentence may name, by their words. */
const FILE_CLASSES: [string[], string[]][] = [
  [['terraform'], ['**/*.tf', '**/*.tf.json', '**/*.tfvars']],
  [['workflow'], ['.github/workflows/**']],
  [['github', 'workflow'], ['.github/workflows/**']],
  [['github', 'actions', 'workflow'], ['.github/workflows/**']],
  [['ci', 'workflow'], ['.github/workflows/**']],
  [['markdown'], ['**/*.md', '**/*.mdx']],
  [['typescript'], ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts']],
  [['javascript'], ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs']],
  [['python'], ['**/*.py']],
  [['go'], ['**/*.go']],
  [['rust'], ['**/*.rs']],
  [['yaml'], ['**/*.yml', '**/*.yaml']],
  [['json'], ['**/*.json']],
  [['css'], ['**/*.css', '**/*.scss']],
  [['html'], ['**/*.html', '**/*.htm']],
  [['shell'], ['**/*.sh', '**/*.bash']],
  [['docker'], ['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile']],
];
const CHANGE_WORDS = new Set(['modified', 'changed', 'touched', 'edited', 'updated', 'altered']);

/** "No [existing|other] <class> files [were|have been] modified", "No files under `infra/` were changed". */
function unchangedClassFacts(tokens: Token[]): StatedFact[] | null {
  if (tokens[0]?.lower !== 'no') return null;
  let at = 1;
  let other = false;
  while (['existing', 'other', 'of', 'the'].includes(tokens[at]?.lower ?? '')) {
    if (tokens[at]?.lower === 'other') other = true;
    at++;
  }
  const classWords: Token[] = [];
  while (tokens[at]?.type === 'word' && !['file', 'files'].includes(tokens[at]?.lower ?? '') && classWords.length < 4) classWords.push(tokens[at++] as Token);
  if (!['file', 'files'].includes(tokens[at]?.lower ?? '')) return null;
  at++;
  let globs: string[] | null = null;
  let label = classWords.map((w) => w.value).join(' ');
  if (classWords.length === 0 && ['in', 'under', 'inside', 'within'].includes(tokens[at]?.lower ?? '')) {
    const folder = fileOf(tokens[at + 1]);
    if (!folder || folder.form !== 'path' || other) return [];
    globs = [`${folder.written.replace(/\/$/, '')}/**`];
    label = `under ${folder.written}`;
    at += 2;
  } else {
    const words = classWords.map((w) => w.lower.replace(/s$/, ''));
    globs = FILE_CLASSES.find(([key]) => key.length === words.length && key.every((k, index) => k === words[index]))?.[1] ?? null;
  }
  if (!globs) return [];
  while (tokens[at]?.type === 'word' && isAuxiliary(tokens[at]?.lower ?? '')) at++;
  const verb = tokens[at];
  if (verb?.type !== 'word' || !CHANGE_WORDS.has(verb.lower) || at + 1 < tokens.length) return [];
  const span = { start: tokens[0]?.span.start ?? 0, end: verb.span.end };
  return [{ kind: 'unchanged-files', files: { label, globs, other }, span }];
}

// ---------------------------------------------------------------- "No references to `X` exist in `a.ts`", "`X` appears in `a.ts`"

const REFERENCE_NOUNS = new Set(['references', 'reference', 'mentions', 'mention', 'occurrences', 'occurrence', 'instances', 'instance', 'uses', 'usages']);
const PRESENT_WORDS = new Set(['exist', 'exists', 'remain', 'remains', 'appear', 'appears', 'occur', 'occurs']);
const LOCATED_PARTICIPLES = new Set(['defined', 'declared', 'exported', 'imported', 'referenced', 'mentioned', 'present', 'used', 'rendered', 'called', 'listed', 'set']);
const ABSENT_PARTICIPLES = new Set(['referenced', 'mentioned', 'present']);

/** Sentences whose subject is the name and whose file comes after `in`/`from`. */
function locatedNameFacts(tokens: Token[]): StatedFact[] | null {
  if (tokens[0]?.lower === 'no' && REFERENCE_NOUNS.has(tokens[1]?.lower ?? '') && ['to', 'of'].includes(tokens[2]?.lower ?? '')) {
    const { items, next } = itemList(tokens, 3);
    let at = next;
    while (tokens[at]?.type === 'word' && (PRESENT_WORDS.has(tokens[at]?.lower ?? '') || isAuxiliary(tokens[at]?.lower ?? ''))) at++;
    if (items.length === 0 || !['in', 'inside', 'within'].includes(tokens[at]?.lower ?? '')) return [];
    const files = fileList(tokens, at + 1);
    if (!files) return [];
    return files.flatMap((file) => items.map(({ item, span }) => ({ kind: 'lacks' as const, file, text: item, span })));
  }
  const { items, next } = itemList(tokens, 0);
  if (items.length === 0 || next === 0) return null;
  let at = next;
  let negations = 0;
  let participle: string | null = null;
  while (tokens[at]?.type === 'word') {
    const lower = tokens[at]?.lower ?? '';
    if (lower === 'no' && tokens[at + 1]?.lower === 'longer') {
      negations++;
      at += 2;
    } else if (isNegation(lower) && lower !== 'no') {
      negations++;
      at++;
    } else if (PRESENT_WORDS.has(lower) || LOCATED_PARTICIPLES.has(lower)) {
      participle = lower;
      at++;
      break;
    } else if (isAuxiliary(lower)) at++;
    else return null;
  }
  if (participle === null || negations > 1 || !['in', 'inside', 'within', 'from'].includes(tokens[at]?.lower ?? '')) return null;
  const files = fileList(tokens, at + 1);
  if (!files) return [];
  if (negations === 1) {
    // "is not used in" may leave the name in the file; only "does not appear", "is not referenced" say it is not there.
    if (!PRESENT_WORDS.has(participle) && !ABSENT_PARTICIPLES.has(participle)) return [];
    return files.flatMap((file) => items.map(({ item, span }) => ({ kind: 'lacks' as const, file, text: item, span })));
  }
  return files.flatMap((file) => [
    { kind: 'exists' as const, file, span: file.span },
    ...items.flatMap(({ item, span, quoted }) => {
      const fact = mentionFact(file, item, span, quoted);
      return fact ? [fact] : [];
    }),
  ]);
}

/** Items (code spans, quotes, names) joined by `,`/`and` from `at`; stops at anything else. */
function itemList(tokens: Token[], at: number): { items: Item[]; next: number } {
  const items: Item[] = [];
  let i = at;
  for (;;) {
    while (['the', 'a', 'an'].includes(tokens[i]?.lower ?? '')) i++;
    const token = tokens[i];
    const item = token && token.type !== 'word' ? itemOf(token, false, false) : token && isNameWord(token.value, besideKindNoun(tokens, i)) && !fileOf(token) ? token.value : null;
    if (item === null || !token) break;
    items.push({ item, span: token.span, ...(token.type === 'quote' ? { quoted: true } : {}) });
    i++;
    while (tokens[i]?.type === 'word' && KIND_NOUNS.has(tokens[i]?.lower ?? '')) i++;
    if (tokens[i]?.value === ',' || tokens[i]?.lower === 'and') {
      i += tokens[i + 1]?.lower === 'and' ? 2 : 1;
      continue;
    }
    break;
  }
  return { items, next: i };
}

/** Files joined by `,`/`and`/`or` from `at` to the end of the sentence ("any of: `a.ts`, `b.ts`"); null when something else is there. */
function fileList(tokens: Token[], at: number): FileMention[] | null {
  const files: FileMention[] = [];
  for (let i = at; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const file = fileOf(token);
    if (file) {
      if (file.directory) return null;
      files.push(file);
      continue;
    }
    if ([',', ':', 'and', 'or', 'any', 'of', 'each', 'the', 'file', 'files', 'following'].includes(token.lower)) continue;
    return null;
  }
  return files.length > 0 ? files : null;
}

// ---------------------------------------------------------------- the list

/** One fact per statement: "`a.ts` exists and contains `X`" states `a.ts` exists once. */
function dedupe(facts: StatedFact[]): StatedFact[] {
  const seen = new Set<string>();
  return facts.filter((fact) => {
    const key = factKey(fact);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function factKey(fact: StatedFact): string {
  switch (fact.kind) {
    case 'mentions':
      return `mentions\0${fact.file.written}\0${fact.item}`;
    case 'lacks':
      return `lacks\0${fact.file.written}\0${fact.text}`;
    case 'command':
      return `command\0${fact.run}\0${fact.cwd?.written ?? ''}`;
    case 'unchanged-files':
      return `unchanged-files\0${fact.files.globs.join(',')}\0${fact.files.other}`;
    default:
      return `${fact.kind}\0${fact.file.written}`;
  }
}
