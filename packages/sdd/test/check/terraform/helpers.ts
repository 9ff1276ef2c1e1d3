import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyCheckKind, CheckContext, KindResult } from '../../../src/check/types.js';
import { createRunMemo } from '../../../src/check/types.js';
import { terraformKinds } from '../../../src/check/terraform/index.js';
import { SddConfigSchema } from '../../../src/model/index.js';
import { spec } from '../../support/documents.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/terraform');

/** A context over `root` (the fixtures folder unless a test copies one), with a config built like `.sdd/config.yaml`. */
export function makeContext(root: string = FIXTURES, config: unknown = {}): CheckContext & { messages: string[] } {
  const messages: string[] = [];
  return {
    root,
    config: SddConfigSchema.parse(config),
    spec: spec(),
    record: null,
    git: null,
    memo: createRunMemo(),
    progress: (message) => void messages.push(message),
    messages,
  };
}

export function kind(name: string): AnyCheckKind {
  const found = terraformKinds.find((k) => k.kind === name);
  if (!found) throw new Error(`no kind ${name}`);
  return found;
}

/** Validates the arguments as the registry does, then runs the kind. */
export async function runKind(name: string, args: Record<string, unknown>, context: CheckContext = makeContext()): Promise<KindResult> {
  const k = kind(name);
  const parsed = k.args.safeParse(args);
  if (!parsed.success) throw new Error(`bad args for ${name}: ${parsed.error.message}`);
  return k.run(parsed.data, context);
}

/** A scratch copy of a fixture folder (for tests that write: synth, mtimes); removed by the returned cleanup. */
export async function scratchCopy(fixture?: string): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sdd-tf-test-'));
  if (fixture) await cp(path.join(FIXTURES, fixture), root, { recursive: true });
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Evidence messages in one string, for readable assertions. */
export function evidenceText(result: KindResult): string {
  return result.evidence.map((e) => [e.message, e.output].filter(Boolean).join('\n')).join('\n');
}
