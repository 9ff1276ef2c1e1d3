import type { RunMemo } from '../types.js';
import { isTemplate, loadHclTools } from './hcl.js';
import type { TfBlock, TfConfiguration } from './model.js';
import { isObject } from './normalize.js';

/**
 * Terraform references inside `${…}` / `%{…}` templates. Every template
 * string of a configuration is parsed once (hcl2json's expression parser);
 * after that, looking up the references of any value is a pure walk.
 */
export type ParsedTemplate = { refs: string[] } | { error: string };
export type ReferenceIndex = ReadonlyMap<string, ParsedTemplate>;

export async function indexReferences(config: TfConfiguration, memo: RunMemo): Promise<ReferenceIndex> {
  const templates = new Set<string>();
  for (const block of config.blocks) collectTemplates(block.body, templates);
  const index = new Map<string, ParsedTemplate>();
  if (templates.size === 0) return index;
  const tools = await loadHclTools(memo);
  for (const template of templates) {
    try {
      index.set(template, { refs: await tools.references(template) });
    } catch (error) {
      index.set(template, { error: (error as Error).message });
    }
  }
  return index;
}

function collectTemplates(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (isTemplate(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectTemplates(item, into);
  } else if (isObject(value)) {
    for (const item of Object.values(value)) collectTemplates(item, into);
  }
}

/** Every reference in a value, recursively through lists, objects and nested blocks; `ignore` holds iterator names. */
export function referencesIn(value: unknown, index: ReferenceIndex, ignore: ReadonlySet<string> = new Set()): string[] {
  if (typeof value === 'string') {
    const parsed = index.get(value);
    return parsed && 'refs' in parsed ? parsed.refs.filter((ref) => !ignore.has(rootOf(ref))) : [];
  }
  if (Array.isArray(value)) return value.flatMap((item) => referencesIn(item, index, ignore));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === 'dynamic' ? dynamicReferences(item, index, ignore) : referencesIn(item, index, ignore),
  );
}

/** `dynamic "ingress" { for_each = …; content { … ingress.value … } }`: the iterator is not a reference. */
function dynamicReferences(value: unknown, index: ReferenceIndex, ignore: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const group of Array.isArray(value) ? value : [value]) {
    if (!isObject(group)) continue;
    for (const [label, raw] of Object.entries(group)) {
      for (const body of Array.isArray(raw) ? raw : [raw]) {
        if (!isObject(body)) continue;
        const iterator = typeof body.iterator === 'string' ? body.iterator.replace(/^\$\{(.*)\}$/, '$1') : label;
        const { for_each: forEach, iterator: _iterator, ...rest } = body;
        found.push(...referencesIn(forEach, index, ignore), ...referencesIn(rest, index, new Set([...ignore, iterator])));
      }
    }
  }
  return found;
}

/** Attributes whose `${…}` are names, not references: a variable's `type`, `lifecycle.ignore_changes`, provider selectors. */
function withoutNonReferences(block: TfBlock): Record<string, unknown> {
  const { ...body } = block.body;
  if (block.kind === 'variable') delete body.type;
  if (block.kind === 'module') delete body.providers;
  if (block.kind === 'resource' || block.kind === 'data') delete body.provider;
  if ('lifecycle' in body) body.lifecycle = stripIgnoreChanges(body.lifecycle);
  return body;
}

function stripIgnoreChanges(lifecycle: unknown): unknown {
  if (Array.isArray(lifecycle)) return lifecycle.map(stripIgnoreChanges);
  if (!isObject(lifecycle)) return lifecycle;
  const { ignore_changes: _ignored, ...rest } = lifecycle;
  return rest;
}

interface BlockReference {
  /** As written, normalised by hcl2json: `azurerm_key_vault.vault.0.id`. */
  ref: string;
  /** The top-level attribute it appears in. */
  attribute: string;
}

export function blockReferences(block: TfBlock, index: ReferenceIndex): BlockReference[] {
  return Object.entries(withoutNonReferences(block)).flatMap(([attribute, value]) => {
    const refs = attribute === 'depends_on' ? dependsOn(value) : referencesIn(attribute === 'dynamic' ? { dynamic: value } : value, index);
    return refs.map((ref) => ({ ref, attribute }));
  });
}

/** In JSON syntax `depends_on` lists bare addresses (CDKTF writes them so); hcl2json wraps them in `${…}`. */
function dependsOn(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is string => typeof item === 'string').map((item) => item.replace(/^\$\{(.*)\}$/s, '$1').trim());
}

/** Templates in the block that the expression parser rejected. */
export function templateErrors(block: TfBlock, index: ReferenceIndex): string[] {
  const templates = new Set<string>();
  collectTemplates(block.body, templates);
  return [...templates].flatMap((t) => {
    const parsed = index.get(t);
    return parsed && 'error' in parsed ? [parsed.error] : [];
  });
}

const NOT_DECLARATIONS = new Set(['each', 'count', 'self', 'path', 'terraform']);

type ReferenceTarget = { kind: 'ignored' } | { kind: 'block'; address: string } | { kind: 'invalid' };

/** The block a reference points to, as a module-local address (`var.x`, `data.t.n`, `azurerm_x.y`). */
export function referenceTarget(ref: string): ReferenceTarget {
  const [root, first, second] = ref.split('.');
  if (root === undefined || NOT_DECLARATIONS.has(root)) return { kind: 'ignored' };
  if (first === undefined) return { kind: 'invalid' };
  switch (root) {
    case 'var':
    case 'local':
    case 'module':
      return { kind: 'block', address: `${root}.${first}` };
    case 'data':
      return second === undefined ? { kind: 'invalid' } : { kind: 'block', address: `data.${first}.${second}` };
    default:
      return { kind: 'block', address: `${root}.${first}` };
  }
}

/** `references: [var.keyvault_name]` matches `var.keyvault_name` and its attributes; a pattern ending in `.` is a prefix. */
export function referenceMatches(ref: string, pattern: string): boolean {
  if (pattern.endsWith('.')) return ref.startsWith(pattern);
  return ref === pattern || ref.startsWith(`${pattern}.`);
}

function rootOf(ref: string): string {
  return ref.split('.')[0] ?? ref;
}
