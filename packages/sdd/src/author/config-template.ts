import { stringify } from 'yaml';
import { z } from 'zod';
import { SddConfigSchema } from '../model/index.js';

/**
 * `.sdd/config.yaml` as `sdd init` writes it, rendered from the schema
 * itself: every key with its description and its default, commented out
 * (`# key: default`), so that the file documents the defaults without
 * pinning them. `version` is the one key written live. A key the schema
 * adds appears here by itself; a key without a description is a bug (the
 * render throws, and a test says which).
 */

interface JsonSchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  required?: string[];
  anyOf?: JsonSchemaNode[];
  enum?: unknown[];
  const?: unknown;
}

const WIDTH = 100;

export function renderConfigTemplate(options: { runner: string; allowExample: string | null }, configSchema: z.ZodType = SddConfigSchema): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input' }) as JsonSchemaNode;
  const lines = [
    `# sdd's configuration. Every key is optional: each commented block shows a key's default;`,
    `# uncomment a block (remove one "# " from each of its lines) to change it.`,
    `# The JSON Schema of this file: \`${options.runner} schema config\`.`,
  ];
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    lines.push('', ...comment(describe(key, node), '# '));
    const examples: Record<string, string> =
      key === 'commands' && options.allowExample !== null ? { allow: `For example, allow: [${JSON.stringify(options.allowExample)}]` } : {};
    const block = yamlLines(key, node, '', examples);
    // `version` is written live: the one key a reader should never have to guess.
    lines.push(...(key === 'version' ? block : block.map((line) => `# ${line}`)));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The YAML of one key at its default, with the descriptions of nested keys
 * as YAML comments: uncommented as a block, it reads as the defaults.
 */
function yamlLines(key: string, node: JsonSchemaNode, indent: string, examples: Record<string, string> = {}): string[] {
  if (node.type === 'object' && node.properties) {
    const lines = [`${indent}${key}:`];
    for (const [child, childNode] of Object.entries(node.properties)) {
      lines.push(...comment(describe(`${key}.${child}`, childNode), `${indent}  # `));
      const example = examples[child];
      if (example !== undefined) lines.push(...comment(example, `${indent}  # `));
      lines.push(...yamlLines(child, childNode, `${indent}  `));
    }
    return lines;
  }
  // A key with no default is shown, but as a comment: uncommented, an empty value would not load.
  if (node.default === undefined) return [`${indent}# ${key}: (not set by default)`];
  const lines = [`${indent}${key}: ${inline(node.default)}`];
  if (node.type === 'array' && node.items?.properties) {
    // A list of objects has no useful default entry: its fields are described, not written.
    lines.push(`${indent}  # Each entry:`);
    for (const [child, childNode] of Object.entries(node.items.properties)) {
      const required = node.items.required?.includes(child) ? 'required' : childNode.default === undefined ? 'optional' : `default ${inline(childNode.default)}`;
      lines.push(...comment(`${child} (${required}): ${describe(`${key}[].${child}`, childNode)}`, `${indent}  #   `));
    }
  }
  return lines;
}

function describe(key: string, node: JsonSchemaNode): string {
  if (!node.description) throw new Error(`the configuration key ${key} has no description in the schema`);
  return node.description;
}

/** A value on one line, as YAML reads it back. */
function inline(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim();
}

/** Text as comment lines after `prefix`, wrapped at WIDTH; a code span is never broken. */
function comment(text: string, prefix: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/`[^`]*`\S*|\S+/g) ?? []) {
    if (line !== '' && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(prefix + line);
  return lines;
}
