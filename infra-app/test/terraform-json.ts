// Small readers over synthesized Terraform JSON, shared by the tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';

export type Json = Record<string, unknown>;
export interface Block {
  /** `azurerm_public_ip.network_pip_node2`, `data.azurerm_client_config.current`, `var.keyvault_name`. */
  address: string;
  type: string;
  name: string;
  body: Json;
  /** Construct path segment after the stack (`network`, `keyvault`, …): what sdd calls scope. */
  scope: string | null;
}

/** Builds constructs in a throwaway app and returns the stack's Terraform JSON, `//` metadata kept. */
export function synthJson(build: (app: Construct) => { toTerraform(): unknown }): Json {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'infra-app-test-'));
  try {
    return build(Testing.app({ outdir })).toTerraform() as Json;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function blocks(json: Json): Block[] {
  const out: Block[] = [];
  const add = (prefix: string, section: unknown) => {
    for (const [type, byName] of Object.entries((section ?? {}) as Record<string, Json>)) {
      for (const [name, body] of Object.entries(byName as Record<string, Json>)) {
        const meta = (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
        out.push({ address: `${prefix}${type}.${name}`, type, name, body, scope: meta?.split('/')[1] ?? null });
      }
    }
  };
  add('', json.resource);
  add('data.', json.data);
  for (const [name, body] of Object.entries((json.variable ?? {}) as Record<string, Json>)) {
    out.push({ address: `var.${name}`, type: 'variable', name, body, scope: null });
  }
  return out;
}

export function resource(json: Json, type: string, name: string): Json {
  const body = ((json.resource as Record<string, Record<string, Json>> | undefined)?.[type] ?? {})[name];
  if (!body) throw new Error(`no resource ${type}.${name}`);
  return body;
}

/** Every string inside a value, depth first. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const REFERENCE = /\b(?:data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|var\.[A-Za-z0-9_-]+|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;

/** Addresses of declared blocks that a block's attributes (or depends_on) mention. */
export function dependencies(block: Block, declared: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const text of strings({ ...block.body, '//': undefined })) {
    for (const match of text.matchAll(REFERENCE)) if (declared.has(match[0])) found.add(match[0]);
  }
  found.delete(block.address);
  return [...found];
}

/** A dependency cycle as a path `a → b → a`, or null. */
export function findCycle(json: Json): string[] | null {
  const all = blocks(json);
  const declared = new Set(all.map((b) => b.address));
  const edges = new Map(all.map((b) => [b.address, dependencies(b, declared)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of declared) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

/**
 * The cloud-init text inside `${base64encode("…")}`, HCL escapes undone; interpolations
 * stay as `${expression}` so tests can see what each placeholder became.
 */
export function decodeCustomData(expression: string): string {
  const match = /^\$\{base64encode\("([\s\S]*)"\)\}$/.exec(expression);
  if (!match?.[1]) throw new Error(`custom_data is not base64encode("…"): ${expression.slice(0, 80)}`);
  return match[1].replace(/\\u([0-9a-f]{4})|\\(.)|\$\$\{|%%\{/g, (whole, hex: string | undefined, escaped: string | undefined) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (escaped !== undefined) return ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[escaped] ?? whole;
    return whole === '$${' ? '${' : '%{';
  });
}

/** The Terraform expressions interpolated in a decoded template. */
export function interpolations(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}
