import type { NamedFile } from '../model/index.js';
import { looksLikePath } from './classify.js';

/**
 * The files a task names, with where it names them: the one place where task
 * prose becomes paths (the fact extraction of issue 18 can take its place).
 *
 * - Inline code that looks like a path, as sdd reads it in validation steps
 *   (`src/models/user.py`, `grocery-row.tsx`, `.coveragerc`, `tests/contract/`).
 * - Unquoted words with a slash whose last segment has an extension, or that
 *   end with a slash: `backend/src/db/database.py`, `backend/src/db/`.
 *   "and/or", "I/O", "GET /api/users/{id}" and URLs are not files.
 *
 * A line suffix (`src/a.py:231-312`, `src/a.ts#L10`), trailing punctuation and
 * a leading `./` or `/` are not part of the path. Pure.
 */
export function filesNamedIn(markdown: string): NamedFile[] {
  const named: NamedFile[] = [];
  const code: [number, number][] = [];
  for (const match of markdown.matchAll(CODE_SPAN)) {
    const start = match.index;
    const end = start + match[0].length;
    code.push([start, end]);
    const inner = (match[2] ?? '').trim();
    const path = pathOf(inner, true);
    if (path !== null) named.push({ text: inner, path, start, end, backticked: true });
  }
  for (const match of markdown.matchAll(WORD)) {
    const start = match.index;
    if (code.some(([from, to]) => start >= from && start < to)) continue;
    const word = trimWord(match[0]);
    if (word.text === '' || !word.text.includes('/') || /:\/\/|^www\./i.test(word.text)) continue;
    const path = pathOf(word.text, false);
    if (path !== null) named.push({ text: word.text, path, start: start + word.offset, end: start + word.offset + word.text.length, backticked: false });
  }
  return named.sort((a, b) => a.start - b.start);
}

/** One or two backticks around text without a backtick (what tasks write). */
const CODE_SPAN = /(`{1,2})([^`\n]+?)\1(?!`)/g;
/** A run of characters a path can hold. */
const WORD = /[^\s`"'<>|,;()]+/g;
/** `:12`, `:12-30`, `:12:5`, `#L10`, `#L10-L20` after a path. */
const LINE_SUFFIX = /(?::\d+(?:[-–:]\d+)?|#L\d+(?:-L?\d+)?)$/;
/** Files named without an extension. */
const BARE_FILES = /^(?:Dockerfile|Makefile|Jenkinsfile|Procfile|Containerfile|LICENSE|CODEOWNERS|Brewfile|Gemfile|Rakefile|Vagrantfile|Caddyfile|Justfile|Taskfile)$/;
/** An extension a file name ends with: letters first (`v1.2` is a version, not a file). */
const EXTENSION = /\.[A-Za-z][A-Za-z0-9]{0,9}$/;

/** Emphasis and brackets around a word, and the punctuation that ends a sentence, are not part of it. */
function trimWord(raw: string): { text: string; offset: number } {
  const leading = /^[*_~>[]+/.exec(raw)?.[0].length ?? 0;
  return { text: raw.slice(leading).replace(/[.,;:!?*_~\]}]+$/, ''), offset: leading };
}

/** The repository path a span or word names, or null when it names none. */
function pathOf(raw: string, backticked: boolean): string | null {
  let value = raw.replace(LINE_SUFFIX, '').replace(/\\/g, '/');
  if (value.startsWith('./')) value = value.slice(2);
  // `/specs/001-x/plan.md`: written from the repository root. `/api/users` is a route.
  const rooted = value.startsWith('/');
  if (rooted) value = value.replace(/^\/+/, '');
  if (value === '' || !looksLikePath(value)) return null;
  const last = value.replace(/\/+$/, '').split('/').at(-1) ?? '';
  const directory = value.endsWith('/');
  if (rooted && !value.includes('/')) {
    // `/Makefile`, `/README.md`: a file at the root.
    if (!EXTENSION.test(last) && !BARE_FILES.test(last)) return null;
  } else if (!backticked || rooted) {
    // Unquoted, a word must look like a file to be one: a slash, and an extension or a trailing slash.
    if (!value.includes('/') || (!directory && !EXTENSION.test(last))) return null;
  }
  return value;
}
