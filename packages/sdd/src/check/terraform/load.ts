import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceItem } from '../../model/index.js';
import type { RunMemo } from '../types.js';
import { hclErrorPosition, hclErrorText, loadHclTools } from './hcl.js';
import { jsonErrorLine, lineOfHclBlock, lineOfJsonKeys, pointerSegments } from './locate.js';
import type { RequiredProvider, TfBlock, TfConfiguration } from './model.js';
import { isObject, normalizeBlocks, requiredProviders } from './normalize.js';
import { isInside, toRepoRelative } from '../../repo-path.js';

/**
 * Reads Terraform configurations from disk into the model: a CDKTF stack's
 * `cdk.tf.json`, or a directory of `.tf` / `.tf.json` files with the local
 * modules it calls. A file that cannot be parsed makes the load fail with
 * its file and line; lesser problems travel with the configuration.
 */
type LoadOutcome = { ok: true; config: TfConfiguration } | { ok: false; summary: string; evidence: EvidenceItem[] };

export async function loadStackJson(root: string, file: string): Promise<LoadOutcome> {
  const rel = toRepoRelative(root, file);
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return failed(`\`${rel}\` is not valid JSON`, { message, location: { file: rel, line: jsonErrorLine(text, message) } });
  }
  if (!isObject(json)) return failed(`\`${rel}\` does not hold a Terraform JSON object`, { message: 'top level is not an object', location: { file: rel, line: 1 } });
  const blocks = normalizeBlocks(json, { module: [] }).map((block) => locateInJson(block, text, rel));
  return {
    ok: true,
    config: { form: 'cdktf', blocks, requiredProviders: requiredProviders(json), files: [rel], problems: duplicates(blocks) },
  };
}

export async function loadHclDirectory(root: string, dir: string, memo: RunMemo): Promise<LoadOutcome> {
  const state: ModuleState = { root, memo, blocks: [], files: [], problems: [], providers: [], fatal: [] };
  await loadModule(state, dir, [], []);
  if (state.fatal.length > 0) {
    return { ok: false, summary: state.fatal.map((e) => e.message).join('; '), evidence: state.fatal };
  }
  if (state.files.length === 0) {
    return failed(`\`${toRepoRelative(root, dir)}\` holds no .tf or .tf.json file`, { message: 'no Terraform files' });
  }
  return {
    ok: true,
    config: {
      form: 'hcl',
      blocks: state.blocks,
      requiredProviders: uniqueProviders(state.providers),
      files: state.files,
      problems: state.problems,
    },
  };
}

interface ModuleState {
  root: string;
  memo: RunMemo;
  blocks: TfBlock[];
  files: string[];
  problems: EvidenceItem[];
  providers: RequiredProvider[];
  fatal: EvidenceItem[];
}

/** Terraform's own limit is generous; this only stops a module that calls itself. */
const MAX_MODULE_DEPTH = 16;

async function loadModule(state: ModuleState, dir: string, modulePath: string[], chain: string[]): Promise<void> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && /\.tf(\.json)?$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const base: TfBlock[] = [];
  const overrides: TfBlock[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const rel = toRepoRelative(state.root, file);
    const parsed = await parseFile(state, file, rel, modulePath);
    if (!parsed) continue;
    state.files.push(rel);
    state.providers.push(...parsed.providers);
    (isOverrideFile(name) ? overrides : base).push(...parsed.blocks);
  }
  const blocks = applyOverrides(base, overrides);
  state.problems.push(...duplicates(blocks));
  state.blocks.push(...blocks);
  for (const block of blocks) {
    if (block.kind !== 'module') continue;
    const source = block.body.source;
    if (typeof source !== 'string' || !/^\.\.?\//.test(source)) continue; // registry or remote: not read
    await loadChildModule(state, dir, block, source, [...chain, dir]);
  }
}

async function loadChildModule(state: ModuleState, dir: string, block: TfBlock, source: string, chain: string[]): Promise<void> {
  const child = path.resolve(dir, source);
  const problem = (message: string): void => void state.problems.push({ message, address: block.address, ...(block.location ? { location: block.location } : {}) });
  if (!isInside(state.root, child)) return problem(`module source \`${source}\` leaves the repository: not read`);
  if (chain.includes(child) || chain.length >= MAX_MODULE_DEPTH) return problem(`module source \`${source}\` calls itself`);
  const isDir = await stat(child).then((s) => s.isDirectory(), () => false);
  if (!isDir) return problem(`module source \`${source}\` is not a directory`);
  await loadModule(state, child, [...block.module, block.name], chain);
}

async function parseFile(
  state: ModuleState,
  file: string,
  rel: string,
  modulePath: string[],
): Promise<{ blocks: TfBlock[]; providers: RequiredProvider[] } | null> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  if (file.endsWith('.json')) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      state.fatal.push({ message: `\`${rel}\` is not valid JSON: ${message}`, location: { file: rel, line: jsonErrorLine(text, message) } });
      return null;
    }
  } else {
    try {
      json = await (await loadHclTools(state.memo)).parse(path.basename(file), text);
    } catch (error) {
      const message = (error as Error).message;
      const at = hclErrorPosition(message);
      state.fatal.push({
        message: `\`${rel}\` is not valid HCL: ${hclErrorText(message)}`,
        location: { file: rel, line: at?.line ?? 1, ...(at ? { column: at.column } : {}) },
      });
      return null;
    }
  }
  if (!isObject(json)) return { blocks: [], providers: [] };
  const blocks = normalizeBlocks(json, { module: modulePath }).map((block) => {
    const line = file.endsWith('.json') ? lineOfJsonKeys(text, pointerSegments(block.pointer)) : lineOfHclBlock(text, block);
    return { ...block, location: { file: rel, line: line ?? 1 } };
  });
  return { blocks, providers: requiredProviders(json) };
}

function locateInJson(block: TfBlock, text: string, rel: string): TfBlock {
  const line = lineOfJsonKeys(text, pointerSegments(block.pointer));
  return line === null ? block : { ...block, location: { file: rel, line } };
}

/** `override.tf` and `*_override.tf`: Terraform merges their blocks into the ones they name. */
function isOverrideFile(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name);
}

/** Override blocks replace the attributes they set (nested blocks included) of the block with their address. */
function applyOverrides(base: TfBlock[], overrides: TfBlock[]): TfBlock[] {
  return base.map((block) => {
    const over = overrides.filter((o) => o.address === block.address);
    return over.reduce((merged, o) => ({ ...merged, body: { ...merged.body, ...o.body } }), block);
  });
}

/** Terraform refuses two declarations of one address; so does sdd, as a problem with both places. */
export function duplicates(blocks: readonly TfBlock[]): EvidenceItem[] {
  const seen = new Map<string, TfBlock>();
  const problems: EvidenceItem[] = [];
  for (const block of blocks) {
    if (block.kind === 'provider') continue; // repeated provider blocks are legal with aliases
    const first = seen.get(block.address);
    if (!first) {
      seen.set(block.address, block);
      continue;
    }
    const where = first.location ? ` (first at ${first.location.file}:${first.location.line})` : '';
    problems.push({ message: `\`${block.address}\` is declared twice${where}`, address: block.address, ...(block.location ? { location: block.location } : {}) });
  }
  return problems;
}

function uniqueProviders(providers: RequiredProvider[]): RequiredProvider[] {
  const bySource = new Map<string, RequiredProvider>();
  for (const p of providers) if (!bySource.has(p.source) || (p.version && !bySource.get(p.source)?.version)) bySource.set(p.source, p);
  return [...bySource.values()];
}

function failed(summary: string, evidence: EvidenceItem): LoadOutcome {
  return { ok: false, summary, evidence: [evidence] };
}
