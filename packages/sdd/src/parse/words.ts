import type { ArtifactStatus, ResultWord } from '../model/index.js';

/**
 * Status and result words as records write them, normalised.
 *
 * Results (Validation Results, "Result" column):
 *
 * | Written                                                             | Read as        |
 * |---------------------------------------------------------------------|----------------|
 * | Pass, Passed, Passes, OK, Success, Succeeded, ✅, ✔️                 | Pass           |
 * | Fail, Failed, Fails, Failure, ❌, ✖️, ✗                               | Fail           |
 * | Partial, Partially passed, Partial pass (a partial pass is no pass)  | Fail           |
 * | Not run, Not verified, Unverified, Skipped, Pending, Not executed,   | Not run        |
 * | Not tested, Untested, Not checked, Deferred                          |                |
 * | Not applicable, N/A, NA                                              | Not applicable |
 *
 * Artifact statuses (Artifacts Produced, "Status" column):
 *
 * | Written                                                             | Read as   |
 * |---------------------------------------------------------------------|-----------|
 * | Created, Added, New                                                  | Created   |
 * | Modified, Updated, Changed, Edited, Amended, Appended, Replaced,     | Modified  |
 * | Overwrote, Overwritten, Rewritten, Rewrote                           |           |
 * | Deleted, Removed                                                     | Deleted   |
 * | Renamed, Moved                                                       | Renamed   |
 * | Unchanged, Pre-existing, Already existed, Already exists, Existing,  | Unchanged |
 * | Not modified                                                         |           |
 *
 * Case does not matter. What follows the word after a dash, a colon, a
 * comma or in parentheses is the detail: `Modified — appended …`,
 * `Modified (frontmatter added)`. A cell offering alternatives
 * (`Pass / Fail`, `Created or Modified`, the template's placeholders) is not
 * read: its word is null and the raw text is kept, so the rules report it.
 */

const RESULT_WORDS: Record<string, ResultWord> = {
  pass: 'Pass', passed: 'Pass', passes: 'Pass', ok: 'Pass', okay: 'Pass', success: 'Pass', succeeded: 'Pass',
  '✅': 'Pass', '✔️': 'Pass', '✔': 'Pass', '☑️': 'Pass',
  fail: 'Fail', failed: 'Fail', fails: 'Fail', failure: 'Fail', '❌': 'Fail', '✖️': 'Fail', '✖': 'Fail', '✗': 'Fail', '✘': 'Fail',
  partial: 'Fail', 'partially passed': 'Fail', 'partial pass': 'Fail', partially: 'Fail',
  'not run': 'Not run', 'not verified': 'Not run', unverified: 'Not run', skipped: 'Not run', pending: 'Not run',
  'not executed': 'Not run', 'not tested': 'Not run', untested: 'Not run', 'not checked': 'Not run', deferred: 'Not run',
  'not applicable': 'Not applicable', 'n/a': 'Not applicable', na: 'Not applicable', 'n.a.': 'Not applicable',
};

/** Words whose normalisation loses meaning: the detail keeps the word ("Partial — …" reads Fail, detail "Partial — …"). */
const LOSSY_RESULT_WORDS = new Set(['partial', 'partially passed', 'partial pass', 'partially']);

const STATUS_WORDS: Record<string, ArtifactStatus> = {
  created: 'Created', added: 'Created', new: 'Created',
  modified: 'Modified', updated: 'Modified', changed: 'Modified', edited: 'Modified', amended: 'Modified',
  appended: 'Modified', replaced: 'Modified', overwrote: 'Modified', overwritten: 'Modified', rewritten: 'Modified', rewrote: 'Modified',
  deleted: 'Deleted', removed: 'Deleted',
  renamed: 'Renamed', moved: 'Renamed',
  unchanged: 'Unchanged', 'pre-existing': 'Unchanged', 'pre existing': 'Unchanged', preexisting: 'Unchanged', 'already existed': 'Unchanged',
  'already exists': 'Unchanged', 'already existing': 'Unchanged', existing: 'Unchanged', 'not modified': 'Unchanged',
};

interface Normalised<Word> {
  word: Word | null;
  detail: string | null;
}

export function normaliseResult(raw: string): Normalised<ResultWord> {
  const read = readWord(raw, RESULT_WORDS);
  if (read.key !== null && LOSSY_RESULT_WORDS.has(read.key)) {
    return { word: read.word, detail: read.detail ? `${read.written} — ${read.detail}` : read.written };
  }
  return { word: read.word, detail: read.detail };
}

export function normaliseStatus(raw: string): Normalised<ArtifactStatus> {
  const { word, detail } = readWord(raw, STATUS_WORDS);
  return { word, detail };
}

interface Read<Word> extends Normalised<Word> {
  /** The table key that matched, and the word as written. */
  key: string | null;
  written: string;
}

// Leading symbols: "✅", "✔️", "❌ Fail", "⚠️ Partial".
const SYMBOLS = /^(?:[\p{Extended_Pictographic}\u2713-\u2718\s]|\uFE0F)+/u;
// A detail after the word: a dash (spaced hyphen, en or em dash), colon, comma or semicolon, or in parentheses.
const AFTER_SEPARATOR = /^\s*(?:[—–]|-\s|:|,|;)\s*(.*)$/s;
const IN_PARENTHESES = /^\s*\((.*?)\)?\s*\.?$/s;

function readWord<Word>(raw: string, words: Record<string, Word>): Read<Word> {
  const text = raw.trim();
  const unknown: Read<Word> = { word: null, detail: text === '' ? null : text, key: null, written: '' };
  const symbols = SYMBOLS.exec(text)?.[0] ?? '';
  const body = text.slice(symbols.length);
  if (body === '') {
    const key = symbols.trim();
    return key in words ? { word: words[key] as Word, detail: null, key, written: key } : unknown;
  }
  const lowered = body.toLowerCase().replace(/[‐‑]/g, '-');
  // Longest key first: "not run" before "not", "partial pass" before "partial".
  const keys = Object.keys(words).sort((a, b) => b.length - a.length);
  for (const key of keys) {
    if (!lowered.startsWith(key)) continue;
    const rest = body.slice(key.length);
    if (/^[\p{L}\p{N}]/u.test(rest)) continue; // "Passing", "Newly": another word
    const detail = detailOf(rest);
    if (detail === undefined) return unknown;
    return { word: words[key] as Word, detail, key, written: body.slice(0, key.length) };
  }
  return unknown;
}

/** The detail after the word; undefined when what follows is not a detail but alternatives ("/ Fail", "or Modified"). */
function detailOf(rest: string): string | null | undefined {
  if (/^\s*[.!]?\s*$/.test(rest)) return null;
  if (/^\s*(?:\/|\||or\b|and\b)/i.test(rest)) return undefined;
  const match = AFTER_SEPARATOR.exec(rest) ?? IN_PARENTHESES.exec(rest);
  // Plain words after the word are its detail too: "Not verified locally".
  const detail = (match ? (match[1] ?? '') : rest).trim();
  return detail === '' ? null : detail;
}
