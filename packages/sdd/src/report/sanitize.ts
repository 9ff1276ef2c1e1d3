/**
 * Strings from specs and records are untrusted. Each format escapes for its
 * own syntax; these helpers cover what the syntaxes have in common.
 */

// C0 and C1 controls except tab and newline, and DEL: an escape sequence from a document must not reach a terminal.
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Control characters become U+FFFD: an escape sequence from a document must not reach a terminal or a page. */
export function withoutControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, '\uFFFD');
}

/** One line: newlines become ` ⏎ ` so a multi-line message stays on its row. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ⏎ ');
}

// Characters XML 1.0 forbids anywhere, even escaped (https://www.w3.org/TR/xml/#charsets).
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD');
}

/** A repository path as a URI reference: every segment percent-encoded, so no path can become a scheme. */
export function pathToUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
