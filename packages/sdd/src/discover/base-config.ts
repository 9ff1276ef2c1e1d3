import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, parseDocument } from 'yaml';
import { CONFIG_FILE, defaultConfig, type Finding, type SddConfig } from '../model/index.js';
import { ruleFinding } from '../model/rules.js';
import { trackedCacheEntries } from '../cache/location.js';
import { readAtBase } from './base-files.js';
import { ConfigError, loadConfig, parseConfig, type LoadedConfig } from './config.js';

/**
 * The configuration a run obeys. Without `--base` it is the working tree's.
 * With `--base REV` it is REV's (a pull request controls its working tree,
 * `.sdd/config.yaml` included, and must not choose its own rules); a working
 * tree whose configuration differs gets a `config/changed` finding naming
 * each changed key, and its changes take effect once merged.
 */
async function loadRuleConfig(root: string, options: { configPath?: string; base?: string }): Promise<LoadedConfig & { findings: Finding[] }> {
  if (options.base === undefined) return { ...(await loadConfig(root, options.configPath)), findings: [] };
  const file = options.configPath ?? CONFIG_FILE;
  const baseText = await readAtBase(root, options.base, file);
  const config = baseText === null ? defaultConfig() : parseConfig(baseText, `${options.base}:${file}`);
  const finding = await configChange(root, file, options.base, config);
  return { config, file: baseText === null ? null : file, findings: finding ? [finding] : [] };
}

/**
 * What a run reads before anything else, once (spec 0044): the configuration it obeys and the
 * cache files git tracks (which say whether the cache may be used). The whole-run cache needs
 * both before the pipeline starts, and hands them to discovery for the same invocation.
 */
export interface RunConfig {
  root: string;
  configPath: string | undefined;
  base: string | undefined;
  loaded: LoadedConfig & { findings: Finding[] };
  tracked: string[];
}

export async function readRunConfig(root: string, options: { configPath?: string; base?: string }): Promise<RunConfig> {
  const loaded = await loadRuleConfig(root, options);
  return { root, configPath: options.configPath, base: options.base, loaded, tracked: trackedCacheEntries(root, loaded.config) };
}

/** Whether a configuration read serves this run: the same folder, configuration file and base. */
export function servesRun(read: RunConfig | undefined, root: string, options: { configPath?: string; base?: string }): read is RunConfig {
  return read !== undefined && read.root === root && read.configPath === options.configPath && read.base === options.base;
}

async function configChange(root: string, file: string, base: string, baseConfig: SddConfig): Promise<Finding | null> {
  let working: SddConfig;
  let text = '';
  try {
    const loaded = await loadConfig(root, file === CONFIG_FILE ? undefined : file);
    working = loaded.config;
    text = loaded.file === null ? '' : await readFile(path.resolve(root, file), 'utf8');
  } catch (error) {
    const where = error instanceof ConfigError && error.line !== undefined ? error.line : 1;
    return changed(file, where, base, `the working tree's ${file} is not a valid configuration (${(error as Error).message})`, []);
  }
  const keys = changedKeys(baseConfig, working);
  if (keys.length === 0) return null;
  const names = keys.map((key) => key.join('.'));
  return changed(file, lineOf(text, keys[0] ?? []), base, `${names.map((name) => `\`${name}\``).join(', ')} changed`, names);
}

function changed(file: string, line: number, base: string, what: string, keys: string[]): Finding {
  return ruleFinding('config/changed', `${what} since base ${base}: this run uses the base's configuration; the change takes effect once merged`, {
    location: { file, line },
    data: { base, keys },
  });
}

/** Key paths (with defaults filled in) whose values differ; a list or a `rules` entry counts as one key. */
function changedKeys(before: unknown, after: unknown, prefix: string[] = []): string[][] {
  if (isDeepStrictEqual(before, after)) return [];
  if (!isRecord(before) || !isRecord(after)) return [prefix];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => changedKeys(before[key], after[key], [...prefix, key]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line of a key in the working tree's text; 1 where it is not written (a key the change removed). */
function lineOf(text: string, key: string[]): number {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  for (let length = key.length; length > 0; length--) {
    const node = document.getIn(key.slice(0, length), true) as { range?: [number, number] } | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return 1;
}
