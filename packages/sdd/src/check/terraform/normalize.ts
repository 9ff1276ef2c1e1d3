import type { BlockKind, RequiredProvider, TfBlock } from './model.js';
import { blockAddress, jsonPointer } from './model.js';

/**
 * Terraform JSON (either CDKTF's, where a block is an object, or hcl2json's,
 * where every block is a list of objects) → blocks. Pure: locations are
 * added by the caller, who has the source text.
 */
interface NormalizeOptions {
  module: string[];
}

type Json = Record<string, unknown>;

const LABELLED: Partial<Record<string, BlockKind>> = {
  variable: 'variable',
  output: 'output',
  module: 'module',
};

export function normalizeBlocks(json: Json, options: NormalizeOptions): TfBlock[] {
  const blocks: TfBlock[] = [];
  const add = (kind: BlockKind, type: string | null, name: string, raw: unknown, pointer: string[]): void => {
    for (const body of bodies(raw)) blocks.push(makeBlock(kind, type, name, body, pointer, options));
  };
  for (const mode of ['resource', 'data'] as const) {
    for (const [type, byName] of entries(json[mode])) {
      for (const [name, raw] of entries(byName)) add(mode, type, name, raw, [mode, type, name]);
    }
  }
  for (const [key, kind] of Object.entries(LABELLED)) {
    if (!kind) continue;
    for (const [name, raw] of entries(json[key])) add(kind, null, name, raw, [key, name]);
  }
  for (const [provider, raw] of entries(json.provider)) {
    for (const body of bodies(raw)) {
      const alias = typeof body.alias === 'string' ? body.alias : 'default';
      blocks.push(makeBlock('provider', provider, alias, body, ['provider', provider], options));
    }
  }
  for (const locals of bodies(json.locals)) {
    for (const [name, value] of Object.entries(locals)) {
      if (name === '//') continue;
      blocks.push(makeBlock('local', null, name, { value }, ['locals', name], options));
    }
  }
  return blocks;
}

function makeBlock(
  kind: BlockKind,
  type: string | null,
  name: string,
  raw: Json,
  pointer: string[],
  options: NormalizeOptions,
): TfBlock {
  const { '//': meta, ...body } = raw;
  const constructPath = metadataPath(meta);
  return {
    kind,
    type,
    name,
    body,
    module: options.module,
    constructPath,
    scope: constructPath === null ? options.module : constructScope(constructPath),
    address: blockAddress(kind, type, name, options.module),
    pointer: jsonPointer(pointer),
  };
}

/** `k3s/keyvault/vault` → `['keyvault']`: what lies between the stack (always first) and the block's own id. */
function constructScope(constructPath: string): string[] {
  return constructPath.split('/').slice(1, -1);
}

function metadataPath(meta: unknown): string | null {
  if (!isObject(meta) || !isObject(meta.metadata)) return null;
  return typeof meta.metadata.path === 'string' ? meta.metadata.path : null;
}

/** `terraform.required_providers`, in either JSON shape. */
export function requiredProviders(json: Json): RequiredProvider[] {
  const found: RequiredProvider[] = [];
  for (const terraform of bodies(json.terraform)) {
    for (const providers of bodies(terraform.required_providers)) {
      for (const [name, spec] of Object.entries(providers)) {
        if (typeof spec === 'string') found.push({ name, source: `hashicorp/${name}`, version: spec });
        else if (isObject(spec)) {
          found.push({
            name,
            source: qualifySource(typeof spec.source === 'string' ? spec.source : name),
            version: typeof spec.version === 'string' ? spec.version : null,
          });
        }
      }
    }
  }
  return found;
}

/** `azurerm` and `hashicorp/azurerm` both mean `hashicorp/azurerm` to Terraform. */
function qualifySource(source: string): string {
  return source.includes('/') ? source : `hashicorp/${source}`;
}

/** Objects are one block; lists are hcl2json's (or repeated blocks'). */
function bodies(raw: unknown): Json[] {
  if (Array.isArray(raw)) return raw.filter(isObject);
  return isObject(raw) ? [raw] : [];
}

function entries(raw: unknown): [string, unknown][] {
  return isObject(raw) ? Object.entries(raw).filter(([key]) => key !== '//') : [];
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
