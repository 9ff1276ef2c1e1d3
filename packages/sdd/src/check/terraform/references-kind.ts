import { z } from 'zod';
import type { EvidenceItem } from '../../model/index.js';
import type { CheckKind, KindResult } from '../types.js';
import { loadConfiguration } from './configuration.js';
import type { TfBlock } from './model.js';
import { blockEvidence, localAddress } from './model.js';
import { blockReferences, referenceTarget, templateErrors } from './references.js';
import { checkSourceArgs, sourceArgs, terraformReads } from './source.js';

const ArgsSchema = z.object(sourceArgs).strict().superRefine(checkSourceArgs);
type Args = z.infer<typeof ArgsSchema>;

/** Enough to act on; the rest is counted. */
const MAX_EVIDENCE = 50;

export const referencesKind: CheckKind<Args> = {
  kind: 'terraform.references',
  description: 'every ${…} reference resolves to a declared resource, data source, variable, local or module',
  args: ArgsSchema,
  reads: terraformReads,
  async run(args, context): Promise<KindResult> {
    const outcome = await loadConfiguration(args, context);
    if (!outcome.ok) return outcome.result;
    const { config } = outcome.loaded;
    const index = await outcome.loaded.references();
    const declared = new Set(config.blocks.map((b) => `${b.module.join('.')}|${localAddress(b)}`));
    const problems: EvidenceItem[] = [...config.problems];
    let checked = 0;
    for (const block of config.blocks) {
      for (const error of templateErrors(block, index)) problems.push(blockEvidence(block, `an expression of \`${block.address}\` does not parse: ${error}`));
      for (const { ref, attribute } of blockReferences(block, index)) {
        const target = referenceTarget(ref);
        if (target.kind === 'ignored') continue;
        checked++;
        if (target.kind === 'block' && declared.has(`${block.module.join('.')}|${target.address}`)) continue;
        problems.push(blockEvidence(block, unresolved(block, attribute, ref)));
      }
    }
    const inputs = await outcome.loaded.inputs();
    if (problems.length === 0) {
      return { status: 'pass', summary: `all ${checked} references in ${config.blocks.length} blocks resolve`, evidence: [], inputs };
    }
    const shown = problems.slice(0, MAX_EVIDENCE);
    if (problems.length > shown.length) shown.push({ message: `… and ${problems.length - shown.length} more` });
    return { status: 'fail', summary: `${problems.length} reference problem(s): ${problems[0]?.message ?? ''}`, evidence: shown, inputs };
  },
};

function unresolved(block: TfBlock, attribute: string, ref: string): string {
  const inModule = block.module.length > 0 ? ` in module \`${block.module.join('.')}\`` : '';
  return `\`${block.address}\`.${attribute} references \`${ref}\`, which is not declared${inModule}`;
}
