import type { Root, Yaml } from 'mdast';
import { isMap, parseDocument } from 'yaml';
import type { Finding } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';

/**
 * YAML front matter, read defensively: front matter comes from files anyone
 * can edit, so it is capped in size and in alias expansion (a "billion
 * laughs" document is a few lines that expand to gigabytes). Always the
 * `yaml` parser: a hand-written fast path for `key: value` lines saved 0.23 s
 * per 2,000 documents, within the benchmark's noise (spec 0035).
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
