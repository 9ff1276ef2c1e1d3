import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import type { CheckKind, KindResult } from '../types.js';
import { loadConfiguration } from './configuration.js';
import type { AttributeMatcher, MatchResult } from './matchers.js';
import { AttributeMatcherSchema, matchAttribute } from './matchers.js';
import type { RegexBudget } from '../regex.js';
import type { TfBlock } from './model.js';
import { blockEvidence, describeBlock } from './model.js';
import type { ReferenceIndex } from './references.js';
import { checkSourceArgs, sourceArgs, terraformReads } from './source.js';

const ResourceArgsSchema = z
  .object({
    ...sourceArgs,
    type: z.string().min(1),
    /** The block label, or (CDKTF) the construct id: the last segment of its construct path. */
    name: z.string().min(1).optional(),
    mode: z.enum(['resource', 'data']).default('resource'),
    /** Construct path segment(s) after the stack (`keyvault`, `network/pip`), or module path for plain HCL. */
    scope: z.string().min(1).optional(),
    present: z.boolean().default(true),
    forEach: z.boolean().optional(),
    attributes: z.record(z.string().min(1), AttributeMatcherSchema).optional(),
  })
  .strict()
  .superRefine(checkSourceArgs);
type ResourceArgs = z.infer<typeof ResourceArgsSchema>;

export const resourceKind: CheckKind<ResourceArgs> = {
  kind: 'terraform.resource',
  description: 'a resource or data source of a type (and name) exists in a scope with matching attributes, or none does',
  args: ResourceArgsSchema,
  reads: terraformReads,
  async run(args, context): Promise<KindResult> {
    const outcome = await loadConfiguration(args, context);
    if (!outcome.ok) return outcome.result;
    const { config } = outcome.loaded;
    const wanted = describeWanted(args);
    const candidates = config.blocks.filter((b) => isCandidate(b, args));
    const index = needsReferences(args.attributes) ? await outcome.loaded.references() : new Map();
    const evaluated = candidates.map((block) => ({ block, results: evaluate(block, args, index, context.memo.regexBudget) }));
    const stopped = evaluated.flatMap((e) => e.results).find((r) => r.notRun !== undefined);
    if (stopped?.notRun) return { status: 'not-run', summary: stopped.notRun, reason: stopped.notRun, evidence: [] };
    const matching = evaluated.filter((e) => e.results.every((r) => r.ok));
    const inputs = await outcome.loaded.inputs();
    const explain = (e: { block: TfBlock; results: MatchResult[] }): EvidenceItem =>
      blockEvidence(e.block, [describeBlock(e.block), ...e.results.map((r) => `${r.ok ? '✓' : '✗'} ${r.detail}`)].join('; '));

    if (args.present) {
      if (matching.length > 0) {
        return { status: 'pass', summary: `${wanted}: ${matching.map((e) => `\`${e.block.address}\``).join(', ')}`, evidence: matching.map(explain), inputs };
      }
      const evidence = candidates.length > 0 ? evaluated.map(explain) : elsewhere(config.blocks, args);
      const summary = candidates.length > 0 ? `${wanted}: ${candidates.length} found, none matches` : `no ${wanted}`;
      return { status: 'fail', summary, evidence, inputs };
    }
    if (matching.length === 0) {
      return { status: 'pass', summary: `no ${wanted}`, evidence: evaluated.length > 0 ? evaluated.map(explain) : elsewhere(config.blocks, args), inputs };
    }
    return { status: 'fail', summary: `${wanted} must be absent: ${matching.map((e) => `\`${e.block.address}\``).join(', ')}`, evidence: matching.map(explain), inputs };
  },
};

function isCandidate(block: TfBlock, args: ResourceArgs): boolean {
  return (
    block.kind === args.mode &&
    block.type === args.type &&
    (args.name === undefined || nameMatches(block, args.name)) &&
    (args.scope === undefined || scopeMatches(block.scope, args.scope))
  );
}

/** CDKTF names blocks `network_node2_1A2B3C4D`; the construct id (`node2`) is what the author knows. */
export function nameMatches(block: TfBlock, name: string): boolean {
  return block.name === name || block.constructPath?.split('/').at(-1) === name;
}

/** `keyvault` matches blocks anywhere under the `keyvault` construct (or module); `network/pip` a deeper one. */
export function scopeMatches(blockScope: readonly string[], scope: string): boolean {
  const wanted = scope.split('/').filter(Boolean);
  return wanted.length <= blockScope.length && wanted.every((segment, i) => blockScope[i] === segment);
}

function evaluate(block: TfBlock, args: ResourceArgs, index: ReferenceIndex, regexBudget?: RegexBudget): MatchResult[] {
  const results: MatchResult[] = [];
  if (args.forEach !== undefined) {
    const uses = block.body.for_each !== undefined;
    results.push({ ok: uses === args.forEach, detail: uses ? 'uses for_each' : 'does not use for_each' });
  }
  for (const [attribute, matcher] of Object.entries(args.attributes ?? {})) {
    results.push(...matchAttribute(block.body, attribute, matcher, index, regexBudget));
  }
  return results;
}

function needsReferences(attributes: Record<string, AttributeMatcher> | undefined): boolean {
  return Object.values(attributes ?? {}).some(
    (m) => typeof m === 'object' && m !== null && !Array.isArray(m) && ('references' in m || 'notReferences' in m),
  );
}

function describeWanted(args: ResourceArgs): string {
  return [
    args.mode === 'data' ? `data source \`${args.type}\`` : `resource \`${args.type}\``,
    args.name === undefined ? '' : ` \`${args.name}\``,
    args.scope === undefined ? '' : ` in scope \`${args.scope}\``,
  ].join('');
}

/** When nothing matched where asked: blocks of that type elsewhere help the reader see why. */
function elsewhere(blocks: readonly TfBlock[], args: ResourceArgs): EvidenceItem[] {
  return blocks
    .filter((b) => b.kind === args.mode && b.type === args.type)
    .map((b) => blockEvidence(b, `${describeBlock(b)} (scope \`${b.scope.join('/') || '(root)'}\`)`));
}
