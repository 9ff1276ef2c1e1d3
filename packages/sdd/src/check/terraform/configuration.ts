import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gitBlobId } from '../../cache/blob-id.js';
import type { InputDigest } from '../../model/index.js';
import type { CheckContext, KindResult } from '../types.js';
import { loadHclDirectory, loadStackJson } from './load.js';
import type { TfConfiguration } from './model.js';
import type { ReferenceIndex } from './references.js';
import { indexReferences } from './references.js';
import type { SourceArgs } from './source.js';
import { resolveSource } from './source.js';

/**
 * The model-based kinds' one entry point: resolve the source, load the
 * model, once per configuration per run. A kind gets either the model or
 * the result it must return (Not run: no input; Fail: input broken).
 */
interface Loaded {
  config: TfConfiguration;
  /** Lazily built: only kinds that look at references pay for the expression parser. */
  references(): Promise<ReferenceIndex>;
  /** git blob ids of the files read, so that later runs can tell whether the evidence still holds. */
  inputs(): Promise<InputDigest[]>;
  /** How the configuration was obtained (synth, reuse), for the evidence. */
  label: string;
}

type LoadedOutcome = { ok: true; loaded: Loaded } | { ok: false; result: KindResult };

export async function loadConfiguration(args: SourceArgs, context: CheckContext): Promise<LoadedOutcome> {
  const resolved = await resolveSource(args, context);
  if (!resolved.ok) return resolved;
  const { source } = resolved;
  const outcome = await context.memo.once(`terraform:config:${source.key}`, () =>
    source.jsonFile ? loadStackJson(context.root, source.jsonFile) : loadHclDirectory(context.root, source.configDir, context.memo),
  );
  if (!outcome.ok) {
    return { ok: false, result: { status: 'fail', summary: outcome.summary, evidence: [...source.evidence, ...outcome.evidence] } };
  }
  const { config } = outcome;
  return {
    ok: true,
    loaded: {
      config,
      label: source.label,
      references: () => context.memo.once(`terraform:refs:${source.key}`, () => indexReferences(config, context.memo)),
      inputs: () => context.memo.once(`terraform:inputs:${source.key}`, () => digests(context.root, config.files)),
    },
  };
}

async function digests(root: string, files: readonly string[]): Promise<InputDigest[]> {
  return Promise.all(
    files.map(async (file) => {
      const content = await readFile(path.join(root, file)).catch(() => null);
      return { path: file, blob: content ? gitBlobId(content) : null };
    }),
  );
}


