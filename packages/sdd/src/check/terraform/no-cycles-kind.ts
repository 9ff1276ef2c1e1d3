import { z } from 'zod';
import type { CheckKind, KindResult } from '../types.js';
import { loadConfiguration } from './configuration.js';
import { findCycle, referenceGraph } from './graph.js';
import { blockEvidence } from './model.js';
import { checkSourceArgs, sourceArgs, terraformReads } from './source.js';

const ArgsSchema = z.object(sourceArgs).strict().superRefine(checkSourceArgs);
type Args = z.infer<typeof ArgsSchema>;

export const noCyclesKind: CheckKind<Args> = {
  kind: 'terraform.no-cycles',
  description: 'the reference graph between blocks has no cycle',
  args: ArgsSchema,
  reads: terraformReads,
  async run(args, context): Promise<KindResult> {
    const outcome = await loadConfiguration(args, context);
    if (!outcome.ok) return outcome.result;
    const { config } = outcome.loaded;
    const graph = referenceGraph(config, await outcome.loaded.references());
    const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
    const cycle = findCycle(graph);
    const inputs = await outcome.loaded.inputs();
    if (!cycle) {
      return { status: 'pass', summary: `no cycle among ${graph.size} blocks (${edges} dependencies)`, evidence: [], inputs };
    }
    const path = cycle.join(' → ');
    const byAddress = new Map(config.blocks.map((b) => [b.address, b]));
    const evidence = cycle.slice(0, -1).flatMap((address, i) => {
      const block = byAddress.get(address);
      return block ? [blockEvidence(block, `\`${address}\` references \`${cycle[i + 1] ?? ''}\``)] : [];
    });
    return { status: 'fail', summary: `cycle: ${path}`, evidence: [{ message: `cycle: ${path}` }, ...evidence], inputs };
  },
};
