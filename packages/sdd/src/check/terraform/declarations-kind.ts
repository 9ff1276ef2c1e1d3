import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import type { CheckKind, KindResult } from '../types.js';
import { loadConfiguration } from './configuration.js';
import type { TfBlock } from './model.js';
import { blockEvidence } from './model.js';
import { nameMatches, scopeMatches } from './resource-kind.js';
import { checkSourceArgs, sourceArgs, terraformReads } from './source.js';

/** `terraform.output` and `terraform.variable`: names that must (or must not) be declared. */
const namesArgs = {
  ...sourceArgs,
  names: z.array(z.string().min(1)).min(1),
  present: z.boolean().default(true),
  /** Construct path segment(s) or module path; anywhere when omitted. */
  scope: z.string().min(1).optional(),
};

const OutputArgsSchema = z.object(namesArgs).strict().superRefine(checkSourceArgs);
type OutputArgs = z.infer<typeof OutputArgsSchema>;

const VariableArgsSchema = z
  .object({ ...namesArgs, default: z.unknown().optional() })
  .strict()
  .superRefine(checkSourceArgs);
type VariableArgs = z.infer<typeof VariableArgsSchema>;

export const outputKind: CheckKind<OutputArgs> = {
  kind: 'terraform.output',
  description: 'every named output is (or is not) declared',
  args: OutputArgsSchema,
  reads: terraformReads,
  run: (args, context) => checkNames('output', args, undefined, context),
};

export const variableKind: CheckKind<VariableArgs> = {
  kind: 'terraform.variable',
  description: 'every named variable is (or is not) declared, with the given default',
  args: VariableArgsSchema,
  reads: terraformReads,
  run: (args, context) => checkNames('variable', args, 'default' in args ? { value: args.default } : undefined, context),
};

async function checkNames(
  kind: 'output' | 'variable',
  args: OutputArgs,
  expectedDefault: { value: unknown } | undefined,
  context: Parameters<CheckKind['run']>[1],
): Promise<KindResult> {
  const outcome = await loadConfiguration(args, context);
  if (!outcome.ok) return outcome.result;
  const declared = outcome.loaded.config.blocks.filter(
    (b) => b.kind === kind && (args.scope === undefined || scopeMatches(b.scope, args.scope)),
  );
  const evidence: EvidenceItem[] = [];
  const wrong: string[] = [];
  for (const name of args.names) {
    const found = declared.filter((b) => nameMatches(b, name));
    const verdict = judge(name, found, args.present, expectedDefault);
    if (!verdict.ok) wrong.push(name);
    evidence.push(...(found.length > 0 ? found.map((b) => blockEvidence(b, verdict.message)) : [{ message: verdict.message }]));
  }
  const where = args.scope === undefined ? '' : ` in scope \`${args.scope}\``;
  const plural = `${kind}s`;
  const summary =
    wrong.length === 0
      ? `${args.present ? 'declared' : 'not declared'}${where}: ${args.names.join(', ')}`
      : `${plural} ${args.present ? 'missing or wrong' : 'declared but must not be'}${where}: ${wrong.join(', ')}`;
  return { status: wrong.length === 0 ? 'pass' : 'fail', summary, evidence, inputs: await outcome.loaded.inputs() };
}

function judge(
  name: string,
  found: readonly TfBlock[],
  present: boolean,
  expectedDefault: { value: unknown } | undefined,
): { ok: boolean; message: string } {
  if (!present) return { ok: found.length === 0, message: found.length === 0 ? `\`${name}\` is not declared` : `\`${name}\` is declared` };
  if (found.length === 0) return { ok: false, message: `\`${name}\` is not declared` };
  if (expectedDefault === undefined) return { ok: true, message: `\`${name}\` is declared` };
  const defaults = found.map((b) => b.body.default);
  const ok = defaults.some((d) => isDeepStrictEqual(d, expectedDefault.value));
  return {
    ok,
    message: `\`${name}\` has default ${defaults.map((d) => JSON.stringify(d) ?? 'none').join(', ')}${ok ? '' : `; expected ${JSON.stringify(expectedDefault.value)}`}`,
  };
}
