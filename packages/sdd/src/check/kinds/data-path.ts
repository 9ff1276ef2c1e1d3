import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import { readRepoFile } from '../files.js';
import type { Segment } from '../query.js';
import { formatSegments, parseQuery } from '../query.js';
import type { CheckKind } from '../types.js';
import { fail, notRun, pass, repoPath, unreadable } from './common.js';
import { plural } from '../../plural.js';

const Args = z
  .object({
    path: repoPath,
    query: z.string().min(1).describe('dot path: a.b, a[0], a[*], a.*, a["key.with.dots"]'),
    document: z
      .union([z.number().int().min(0), z.record(z.string(), z.unknown())])
      .optional()
      .describe('multi-document YAML: the index, or top-level fields the document must have ({kind: Deployment})'),
    equals: z.unknown().optional(),
    contains: z.unknown().optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .superRefine((args, ctx) => {
    const given = (['equals', 'contains', 'exists'] as const).filter((key) => key in args && args[key] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of `equals`, `contains`, `exists`' });
    const parsed = parseQuery(args.query);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error, path: ['query'] });
  });
type Args = z.infer<typeof Args>;

interface Found {
  value: unknown;
  path: string;
  line: number;
}

export const dataPath: CheckKind<Args> = {
  kind: 'data.path',
  description: 'the value at `query` in a YAML (multi-document) or JSON file matches',
  args: Args,
  reads: (args) => ({ paths: [args.path] }),
  async run(args, context) {
    const read = await readRepoFile(context.root, args.path, context.memo);
    if (read.state !== 'ok') return unreadable(read);
    const inputs = [read.input];
    const lineCounter = new LineCounter();
    const documents = parseAllDocuments(read.text, { lineCounter, prettyErrors: false });
    if (!Array.isArray(documents)) return fail(`\`${read.rel}\` holds no document`, [], { inputs });
    for (const document of documents) {
      const error = document.errors[0];
      if (error) {
        const line = lineCounter.linePos(error.pos[0]).line;
        return fail(`\`${read.rel}\` is not valid YAML/JSON: ${error.message.split('\n')[0] ?? ''}`, [{ message: error.message.split('\n')[0] ?? '', location: { file: read.rel, line } }], { inputs });
      }
    }
    const parsed = parseQuery(args.query);
    if (!parsed.ok) return fail(parsed.error);
    const budget: YamlBudget = { nodes: context.config.limits.yamlNodes, maxAliasCount: context.config.limits.yamlAliases };
    let found: Found[];
    try {
      const selected = selectDocuments(documents, args.document, budget);
      if (selected.length === 0) return fail(`no document in \`${read.rel}\` matches ${JSON.stringify(args.document)}`, [], { inputs });
      found = selected.flatMap(({ document, index }) =>
        query(document, document.contents, parsed.segments, budget).map((hit) => ({
          value: hit.value,
          // Name the document in multi-document files: the same path may exist in several.
          path: `${documents.length > 1 ? `document ${index}: ` : ''}${formatSegments(hit.trail)}`,
          line: lineCounter.linePos(hit.offset).line,
        })),
      );
    } catch (error) {
      // An alias bomb, or a wildcard query over one: stopped at the budget, never expanded to gigabytes.
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      return notRun(`\`${read.rel}\` ${args.query} was not evaluated: ${reason} (limits.yamlNodes, limits.yamlAliases)`, [], { inputs });
    }
    const where = `\`${read.rel}\` ${args.query}`;
    const located = (hits: Found[]): EvidenceItem[] =>
      hits.slice(0, 5).map((hit) => ({ message: `${hit.path} = ${show(hit.value)}`, location: { file: read.rel, line: hit.line } }));

    if (args.exists !== undefined) {
      const ok = (found.length > 0) === args.exists;
      const summary = found.length > 0 ? `${where} exists (${plural(found.length, 'value')})` : `${where} does not exist`;
      return ok ? pass(summary, located(found), { inputs }) : fail(summary, located(found), { inputs });
    }
    if (found.length === 0) return fail(`${where} does not exist`, [{ message: `nothing at ${args.query}`, location: { file: read.rel, line: 1 } }], { inputs });
    const [test, wording] =
      args.equals !== undefined
        ? [(value: unknown) => isDeepStrictEqual(value, args.equals), `equals ${show(args.equals)}`]
        : [(value: unknown) => contains(value, args.contains), `contains ${show(args.contains)}`];
    // Wildcards select several values: the claim holds when one of them matches.
    const matching = found.filter((hit) => test(hit.value));
    if (matching.length > 0) return pass(`${where} ${wording}`, located(matching), { inputs });
    return fail(`${where} does not match: expected a value that ${wording}`, located(found), { inputs });
  },
};

/** What reading one file's YAML may cost: nodes visited or built, and yaml's alias expansion limit. */
interface YamlBudget {
  nodes: number;
  maxAliasCount: number;
}

function spend(budget: YamlBudget, nodes: number): void {
  budget.nodes -= nodes;
  if (budget.nodes < 0) throw new Error('the YAML expands to more nodes than the limit allows');
}

function selectDocuments(documents: Document.Parsed[], selector: Args['document'], budget: YamlBudget): { document: Document.Parsed; index: number }[] {
  const all = documents.map((document, index) => ({ document, index }));
  if (selector === undefined) return all;
  if (typeof selector === 'number') return all.filter(({ index }) => index === selector);
  return all.filter(({ document }) => {
    const value = toJS(document, document.contents, budget);
    if (typeof value !== 'object' || value === null) return false;
    return Object.entries(selector).every(([key, expected]) => isDeepStrictEqual((value as Record<string, unknown>)[key], expected));
  });
}

function query(document: Document.Parsed, node: unknown, segments: readonly Segment[], budget: YamlBudget, trail: Segment[] = []): { value: unknown; trail: Segment[]; offset: number }[] {
  // Every node visited counts, so a wildcard over aliases cannot walk an exponential tree.
  spend(budget, 1);
  const current = isAlias(node) ? node.resolve(document) : node;
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    if (current === null || current === undefined) return [];
    const n = current as Node;
    return [{ value: valueOf(document, n, budget), trail, offset: n.range?.[0] ?? 0 }];
  }
  const children: { node: unknown; label: Segment }[] = [];
  if (isMap(current)) {
    for (const pair of current.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (segment.type === 'any' || (segment.type === 'key' && key === segment.key)) children.push({ node: pair.value, label: { type: 'key', key } });
    }
  } else if (isSeq(current)) {
    current.items.forEach((item, index) => {
      if (segment.type === 'any' || (segment.type === 'index' && index === segment.index)) children.push({ node: item, label: { type: 'index', index } });
    });
  }
  return children.flatMap(({ node: child, label }) => query(document, child, rest, budget, [...trail, label]));
}

function valueOf(document: Document.Parsed, node: Node, budget: YamlBudget): unknown {
  if (isScalar(node)) return node.value;
  return toJS(document, node, budget);
}

/** A node as plain data, within the alias limit; what it built is charged to the node budget. */
function toJS(document: Document.Parsed, node: unknown, budget: YamlBudget): unknown {
  if (node === null || node === undefined) return node;
  const value = (node as Node).toJS(document, { maxAliasCount: budget.maxAliasCount }) as unknown;
  spend(budget, sizeOf(value, budget.nodes + 1));
  return value;
}

/** Values in `value`, counting stops past `limit`. */
function sizeOf(value: unknown, limit: number): number {
  let count = 0;
  const stack = [value];
  while (stack.length > 0 && count <= limit) {
    const current = stack.pop();
    count++;
    if (Array.isArray(current)) stack.push(...(current as unknown[]));
    else if (current instanceof Map) stack.push(...current.values());
    else if (typeof current === 'object' && current !== null) stack.push(...Object.values(current));
  }
  return count;
}

function contains(value: unknown, expected: unknown): boolean {
  if (typeof value === 'string') return value.includes(String(expected));
  if (Array.isArray(value)) return value.some((item) => isDeepStrictEqual(item, expected));
  if (typeof value === 'object' && value !== null) return typeof expected === 'string' && expected in value;
  return false;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
