import type { Root, Yaml } from 'mdast';
import { isMap, parseDocument } from 'yaml';
import type { Finding } from '../model/index.js';

/**
 * YAML front matter, read defensively: front matter comes from files anyone
 * can edit, so it is capped in size and in alias expansion (a "billion
 * laughs" document is a few lines that expand to gigabytes).
 */

const MAX_FRONT_MATTER_CHARS = 64 * 1024;
const MAX_ALIAS_COUNT = 100;

export interface FrontMatter {
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
    findings: [{ ruleId: 'parse/front-matter', severity: 'error', message, location: { file, line } }],
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
