import { lineAt } from '../../text-position.js';
import type { TfBlock } from './model.js';

/**
 * Lines for evidence. Neither hcl2json nor JSON.parse reports positions, so
 * the block's declaration is looked up in the source text: good enough to
 * send a reader to the right place, and null rather than a wrong guess.
 */

/** The line of the last key of `keys`, each searched after the previous one (`resource` → type → name). */
export function lineOfJsonKeys(text: string, keys: readonly string[]): number | null {
  let from = 0;
  let at = -1;
  for (const key of keys) {
    const pattern = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:`, 'g');
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (!match) return null;
    at = match.index;
    from = match.index + match[0].length;
  }
  return at < 0 ? null : lineAt(text, at);
}

/** The line of `resource "type" "name" {` (labels may be quoted or bare), or of a local inside `locals {`. */
export function lineOfHclBlock(text: string, block: Pick<TfBlock, 'kind' | 'type' | 'name'>): number | null {
  if (block.kind === 'local') {
    const locals = /^\s*locals\s*\{/m.exec(text);
    if (!locals) return null;
    const entry = new RegExp(`^[ \\t]*${escapeRegExp(block.name)}\\s*=`, 'm').exec(text.slice(locals.index));
    return lineAt(text, locals.index + (entry ? entry.index : 0));
  }
  const labels =
    block.kind === 'resource' || block.kind === 'data'
      ? [block.type ?? '', block.name]
      : block.kind === 'provider'
        ? [block.type ?? '']
        : [block.name];
  const label = (value: string): string => `(?:"${escapeRegExp(value)}"|${escapeRegExp(value)})`;
  const pattern = new RegExp(`^[ \\t]*${block.kind}\\s+${labels.map(label).join('\\s+')}\\s*\\{`, 'm');
  const match = pattern.exec(text);
  return match ? lineAt(text, match.index + (match[0].length - match[0].trimStart().length)) : null;
}

/** `Unexpected token } in JSON at position 42` → the line of position 42. */
export function jsonErrorLine(text: string, message: string): number {
  const lineColumn = /\(line (\d+) column \d+\)/.exec(message);
  if (lineColumn) return Number(lineColumn[1]);
  const position = /at position (\d+)/.exec(message);
  return position ? lineAt(text, Number(position[1])) : 1;
}

export function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
