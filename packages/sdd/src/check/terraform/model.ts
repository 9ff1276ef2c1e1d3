import type { EvidenceItem, SourceLocation } from '../../model/index.js';

/**
 * One model for both forms sdd reads: CDKTF's synthesized `cdk.tf.json` and
 * plain `.tf` files (converted by hcl2json). Kinds only ever see this.
 */
export type BlockKind = 'resource' | 'data' | 'variable' | 'output' | 'local' | 'module' | 'provider';

export interface TfBlock {
  kind: BlockKind;
  /** Resource or data source type (`azurerm_key_vault`); the provider's name for a provider block; null otherwise. */
  type: string | null;
  /** The block label (a local's name; a provider's alias, or `default`). */
  name: string;
  /** Attributes and nested blocks, without CDKTF's `//` metadata. A local's value is `body.value`. */
  body: Record<string, unknown>;
  /** Terraform module path of the configuration that declares the block: the namespace its references resolve in. */
  module: string[];
  /** CDKTF construct path (`k3s/keyvault/vault`), when the synth recorded one. */
  constructPath: string | null;
  /** What `scope:` matches: construct path segments between stack and block (CDKTF), or the module path (HCL). */
  scope: string[];
  /** Terraform address: `azurerm_public_ip.node2`, `data.x.y`, `var.x`, `local.x`, `output.x`, `module.net.var.x`. */
  address: string;
  /** JSON pointer into the file's Terraform JSON: `/resource/azurerm_public_ip/node2`. */
  pointer: string;
  location?: SourceLocation;
}

export interface RequiredProvider {
  name: string;
  source: string;
  version: string | null;
}

export interface TfConfiguration {
  form: 'cdktf' | 'hcl';
  blocks: TfBlock[];
  requiredProviders: RequiredProvider[];
  /** Repository-relative files the model was built from. */
  files: string[];
  /** Non-fatal problems found while loading (duplicate declarations, modules that could not be read). */
  problems: EvidenceItem[];
}

const ADDRESS_PREFIX: Record<BlockKind, string> = {
  resource: '',
  data: 'data.',
  variable: 'var.',
  output: 'output.',
  local: 'local.',
  module: 'module.',
  provider: 'provider.',
};

export function blockAddress(kind: BlockKind, type: string | null, name: string, module: readonly string[]): string {
  const own = type !== null && kind !== 'provider' ? `${type}.${name}` : name;
  const local =
    kind === 'provider' ? `provider.${type ?? name}${name === 'default' ? '' : `.${name}`}` : `${ADDRESS_PREFIX[kind]}${own}`;
  return [...module.map((m) => `module.${m}.`), local].join('');
}

/** A block's address within its own module: the form references use. */
export function localAddress(block: TfBlock): string {
  return blockAddress(block.kind, block.type, block.name, []);
}

/** `/resource/a~1b`: RFC 6901 escaping. */
export function jsonPointer(segments: readonly string[]): string {
  return segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function describeBlock(block: TfBlock): string {
  return block.constructPath ? `${block.address} (${block.constructPath})` : block.address;
}

/** An evidence item that names a block: its address and, where known, its file and line. */
export function blockEvidence(block: TfBlock, message: string): EvidenceItem {
  return { message, address: block.address, ...(block.location ? { location: block.location } : {}) };
}
