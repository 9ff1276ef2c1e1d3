import type { Root, Yaml } from 'mdast';
import { isMap, parseDocument } from 'yaml';
import type { Finding } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';

/**
 * YAML front matter, read defensively: front matter comes from files anyone
 * can edit, so it is capped in size and in alias expansion (a "billion
 * laughs" document is a few lines that expand to gigabytes).
 */

const MAX_FRONT_MATTER_CHARS = 64 * 1024;
const MAX_ALIAS_COUNT = 100;

interface FrontMatter {
  data: Record<string, unknown> | null;
  findings: Finding[];
}

export function readFrontMatter(file: string, root: Root): FrontMatter {
  const node = root.children.find((child): child is Yaml => child.type === 'yaml');
  if (!node) return { data: null, findings: [] };
  // The first content line is the one after the opening `---`.
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const fail = (message: string, line = firstLine - 1): FrontMatter => ({
    data: null,
    findings: [ruleFinding('parse/front-matter', message, { location: { file, line } })],
  });
  if (node.value.length > MAX_FRONT_MATTER_CHARS) {
    return fail(`front matter is ${node.value.length} characters; at most ${MAX_FRONT_MATTER_CHARS} are read`);
  }
  const simple = simpleFrontMatter(node.value);
  if (simple) return { data: simple, findings: [] };
  const document = parseDocument(node.value, { prettyErrors: true, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const line = firstLine + (error.linePos?.[0].line ?? 1) - 1;
    return fail(`invalid YAML front matter: ${firstSentence(error.message)}`, line);
  }
  if (document.contents === null) return { data: {}, findings: [] };
  if (!isMap(document.contents)) return fail('front matter is not a mapping of keys to values');
  try {
    const data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
    return { data, findings: [] };
  } catch (error) {
    // toJS throws on alias bombs ("Excessive alias count …") and on unresolvable aliases.
    return fail(`front matter cannot be read: ${firstSentence(error instanceof Error ? error.message : String(error))}`);
  }
}

function firstSentence(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

/** `key: value`, one to a line, with nothing YAML could read another way. */
const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*): (.*)$/;
const DOUBLE_QUOTED = /^"([^"\\\p{Cc}]*)"$/u;
const SINGLE_QUOTED = /^'([^'\p{Cc}]*)'$/u;
/** A plain scalar that starts with a letter and holds no indicator (`:`, `#`, quotes, brackets …). */
const PLAIN_WORDS = /^[A-Za-z][A-Za-z0-9 ._/-]*(?<! )$/;
/** Plain words YAML's core schema reads as null or as a boolean other than `true`/`false`. */
const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'True', 'TRUE', 'False', 'FALSE']);

/**
 * The front matter of nearly every spec and record (`title: "…"`, `draft:
 * false`) read without the YAML parser, which cost a twentieth of a parse:
 * only lines whose value YAML reads exactly one way (a quoted string without
 * escapes, `true`, `false`, plain words). Anything else, a repeated key
 * included, returns null and goes to the YAML parser. Tested against it.
 */
export function simpleFrontMatter(value: string): Record<string, unknown> | null {
  const data: Record<string, unknown> = {};
  let keys = 0;
  for (const line of value.split('\n')) {
    if (line === '') continue;
    const match = SIMPLE_LINE.exec(line);
    if (!match) return null;
    const [, key, raw] = match as unknown as [string, string, string];
    if (Object.hasOwn(data, key) || key === '__proto__' || NOT_STRINGS.has(key) || key === 'true' || key === 'false') return null;
    const quoted = DOUBLE_QUOTED.exec(raw) ?? SINGLE_QUOTED.exec(raw);
    if (quoted) data[key] = quoted[1];
    else if (raw === 'true' || raw === 'false') data[key] = raw === 'true';
    else if (PLAIN_WORDS.test(raw) && !NOT_STRINGS.has(raw)) data[key] = raw;
    else return null;
    keys += 1;
  }
  return keys > 0 ? data : null;
}

const FENCE = /^---[ \t]*\r?$/;

/**
 * A front matter opened by a first `---` line that no later `---` line
 * closes. remark then reads the whole file another way (every list can
 * vanish into it), so this is an error at line 1, and the text is read with
 * the opening line blanked: the same length, so spans and lines still hold.
 */
export function unclosedFrontMatter(text: string): { finding: (file: string) => Finding; text: string } | null {
  const shift = text.startsWith('\uFEFF') ? 1 : 0;
  const firstEnd = text.indexOf('\n', shift);
  if (firstEnd === -1 || !FENCE.test(text.slice(shift, firstEnd))) return null;
  for (let start = firstEnd + 1; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (FENCE.test(text.slice(start, end))) return null;
    if (newline === -1) break;
    start = newline + 1;
  }
  return {
    finding: (file) =>
      ruleFinding('parse/front-matter', 'front matter opened here is never closed: add a `---` line after its last key (the rest is read as markdown)', {
        location: { file, line: 1 },
      }),
    text: text.slice(0, shift) + ' '.repeat(firstEnd - shift) + text.slice(firstEnd),
  };
}
