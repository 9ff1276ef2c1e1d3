import { lineAt } from '../text-position.js';
import type { Finding } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';

/**
 * Checks on the raw text before markdown parsing: what makes a file unreadable
 * as a document (empty, binary, too large) and what makes it suspect (bytes
 * that were not UTF-8). The caller decoded the file; decoding turns invalid
 * bytes into U+FFFD, so that is what we look for.
 */

/** Specs and records are tens of kilobytes; a document past this size is not one (and would slow every run). */
const MAX_DOCUMENT_CHARS = 2_000_000;

/** Above this share of replacement characters the file is binary, not text with a few bad bytes. */
const BINARY_REPLACEMENT_RATIO = 0.1;

interface InputVerdict {
  /** Findings that make the document unreadable: the parse stops with a null document. */
  fatal: Finding[];
  /** Findings that do not stop the parse. */
  warnings: Finding[];
}

export function inspectInput(file: string, text: string): InputVerdict {
  const verdict: InputVerdict = { fatal: [], warnings: [] };
  if (text.length > MAX_DOCUMENT_CHARS) {
    verdict.fatal.push(
      ruleFinding('parse/too-large', `${file} has ${text.length} characters; documents over ${MAX_DOCUMENT_CHARS} are not read`, { location: { file, line: 1 } }),
    );
    return verdict;
  }
  if (text.trim() === '' || text.replace(/^\uFEFF/, '').trim() === '') {
    verdict.fatal.push(ruleFinding('parse/empty', `${file} is empty`, { location: { file, line: 1 } }));
    return verdict;
  }
  const nul = text.indexOf('\u0000');
  const replacements = countOf(text, '\uFFFD');
  if (nul !== -1 || replacements / text.length > BINARY_REPLACEMENT_RATIO) {
    const at = nul !== -1 ? nul : text.indexOf('\uFFFD');
    verdict.fatal.push(
      ruleFinding('parse/binary', `${file} is not a text file (${nul !== -1 ? 'it holds NUL bytes' : 'most of it is not UTF-8'})`, {
        location: { file, line: lineAt(text, at) },
      }),
    );
    return verdict;
  }
  if (replacements > 0) {
    verdict.warnings.push(
      ruleFinding('parse/encoding', `${file} holds ${replacements} byte sequence(s) that are not UTF-8 (shown as U+FFFD); save it as UTF-8`, {
        location: { file, line: lineAt(text, text.indexOf('\uFFFD')) },
      }),
    );
  }
  return verdict;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let index = text.indexOf(char); index !== -1; index = text.indexOf(char, index + 1)) count++;
  return count;
}
