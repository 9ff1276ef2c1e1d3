import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { closestName } from '../closest-name.js';
import { CONFIG_FILE, SddConfigSchema, type SddConfig } from '../model/index.js';
import { RULES } from '../model/rules.js';

/** A configuration that cannot be used: the CLI exits with code 2 and prints this. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: SddConfig;
  /** Repository-relative path, null when the repository has no configuration file. */
  file: string | null;
}

// A config file is a few hundred bytes; anything huge is a mistake, not a config.
const MAX_CONFIG_BYTES = 256 * 1024;

/** Reads `.sdd/config.yaml` (or `configPath`), validates it, and fills in defaults. */
export async function loadConfig(root: string, configPath?: string): Promise<LoadedConfig> {
  const relative = configPath ?? CONFIG_FILE;
  const absolute = path.resolve(root, relative);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && configPath === undefined) {
      return { config: SddConfigSchema.parse({}), file: null };
    }
    throw new ConfigError(`cannot read configuration: ${(error as Error).message}`, relative);
  }
  return { config: parseConfig(text, relative), file: relative };
}

/** Parses configuration text; errors name the file and the line of the offending key. */
export function parseConfig(text: string, file: string): SddConfig {
  if (text.length > MAX_CONFIG_BYTES) throw new ConfigError(`configuration is larger than ${MAX_CONFIG_BYTES} bytes`, file);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new ConfigError(`invalid YAML: ${yamlError.message.split('\n')[0]}`, file, line);
  }
  let data: unknown;
  try {
    // Aliases buy nothing in a config file and are the door to "billion laughs": refuse them.
    data = document.toJS({ maxAliasCount: 0 }) ?? {};
  } catch (error) {
    throw new ConfigError(`unusable YAML: ${(error as Error).message}`, file);
  }
  const parsed = SddConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const keyPath = issue.path.map(String);
  // An unknown key is shown at its own line, not at its parent's.
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const node = unknownKey !== undefined ? keyNode(document, keyPath, unknownKey) : keyPath.length > 0 ? document.getIn(keyPath, true) : undefined;
  const offset = (node as { range?: [number, number] } | undefined)?.range?.[0];
  const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const where = keyPath.length > 0 ? `${keyPath.join('.')}: ` : '';
  const message = unknownKey !== undefined && keyPath.join('.') === 'rules' ? unknownRuleMessage(unknownKey) : issue.message;
  throw new ConfigError(`${where}${message}`, file, line);
}

/** The key node `key` of the mapping at `parentPath` (the root when empty). */
function keyNode(document: Document, parentPath: string[], key: string): unknown {
  const parent = parentPath.length > 0 ? document.getIn(parentPath, true) : document.contents;
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.key;
}

function unknownRuleMessage(id: string): string {
  const nearest = closestName(id, Object.keys(RULES));
  return `unknown rule "${id}"${nearest ? ` (did you mean "${nearest}"?)` : ''}; sdd rules lists them`;
}
