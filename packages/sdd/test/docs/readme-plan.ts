import type { Code, Heading, Html, Link, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/**
 * What the README's doc test does with each fenced block, read from the
 * README itself: shell blocks are run line by line; a block preceded by
 * `<!-- doc-test: skip REASON -->` is skipped with its reason; a block
 * preceded by `<!-- doc-test: write PATH -->` is written to PATH (a file the
 * journey shows a user writing). Anything the test cannot account for is an
 * error, so that no README command goes untested by accident.
 */

/** Languages whose blocks are commands. */
const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

export interface RunCommand {
  kind: 'run';
  line: number;
  command: string;
  expectedExit: number;
}
export interface SkipBlock {
  kind: 'skip';
  line: number;
  commands: string[];
  reason: string;
}
export interface WriteFile {
  kind: 'write';
  line: number;
  path: string;
  content: string;
}
export type Step = RunCommand | SkipBlock | WriteFile;

const DIRECTIVE = /^<!--\s*doc-test:\s*(\S+)\s*([\s\S]*?)\s*-->$/;
const EXITS = /#\s*exits\s+(\d+)\b/;

export function parseMarkdown(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/** The command lines of a shell block: no blanks, no comment lines; `$ ` prompts of console blocks dropped. */
export function commandLines(code: Code): { command: string; line: number }[] {
  const start = (code.position?.start.line ?? 0) + 1;
  return code.value.split('\n').flatMap((text, index) => {
    const command = code.lang === 'console' ? text.replace(/^\$ /, '') : text;
    if (command.trim() === '' || command.trim().startsWith('#')) return [];
    if (code.lang === 'console' && !text.startsWith('$ ')) return []; // output in a console block
    return [{ command, line: start + index }];
  });
}

/** The README's steps in order; throws, naming the line, on a directive the test cannot honour. */
export function readmePlan(markdown: string): Step[] {
  const nodes: RootContent[] = parseMarkdown(markdown).children;
  const steps: Step[] = [];
  let directive: { verb: string; argument: string; line: number } | null = null;
  for (const node of nodes) {
    const line = node.position?.start.line ?? 0;
    if (node.type === 'html') {
      const match = DIRECTIVE.exec((node as Html).value.trim());
      if (match) {
        directive = { verb: match[1]!, argument: match[2]!, line };
        continue;
      }
    }
    if (node.type !== 'code') {
      if (directive) throw new Error(`README.md:${directive.line}: doc-test: ${directive.verb} is not followed by a fenced block`);
      continue;
    }
    const code = node as Code;
    const shell = SHELL.has(code.lang ?? '');
    const lines = shell ? commandLines(code) : [];
    if (directive?.verb === 'skip') {
      if (directive.argument === '') throw new Error(`README.md:${directive.line}: doc-test: skip needs a reason`);
      steps.push({ kind: 'skip', line, commands: lines.map((entry) => entry.command), reason: directive.argument });
    } else if (directive?.verb === 'write') {
      if (directive.argument === '' || /\s/.test(directive.argument)) throw new Error(`README.md:${directive.line}: doc-test: write needs one path`);
      steps.push({ kind: 'write', line, path: directive.argument, content: `${code.value}\n` });
    } else if (directive) {
      throw new Error(`README.md:${directive.line}: unknown doc-test directive \`${directive.verb}\` (skip REASON or write PATH)`);
    } else {
      for (const entry of lines) {
        const exits = EXITS.exec(entry.command);
        steps.push({ kind: 'run', line: entry.line, command: entry.command, expectedExit: exits ? Number(exits[1]) : 0 });
      }
    }
    directive = null;
  }
  if (directive) throw new Error(`README.md:${directive.line}: doc-test: ${directive.verb} is not followed by a fenced block`);
  return steps;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
}

export interface DocLink {
  url: string;
  line: number;
}

/** Links to something in this repository (no scheme, no protocol-relative `//`). */
export function relativeLinks(markdown: string): DocLink[] {
  const links: DocLink[] = [];
  visit(parseMarkdown(markdown), ['link', 'definition'], (node) => {
    const { url, position } = node as Link;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return;
    links.push({ url, line: position?.start.line ?? 0 });
  });
  return links;
}

export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  visit(parseMarkdown(markdown), 'heading', (node) => {
    anchors.add(headingAnchor(toString(node as Heading)));
  });
  return anchors;
}
