import type { TfBlock, TfConfiguration } from './model.js';
import { localAddress } from './model.js';
import type { ReferenceIndex } from './references.js';
import { blockReferences, referenceTarget } from './references.js';

/**
 * The dependency graph Terraform builds: an edge from a block to every
 * declared block it references, within its own module.
 */
type Graph = ReadonlyMap<string, readonly string[]>;

export function referenceGraph(config: TfConfiguration, index: ReferenceIndex): Graph {
  const byModuleAddress = new Map<string, TfBlock>();
  for (const block of config.blocks) byModuleAddress.set(key(block.module, localAddress(block)), block);
  const graph = new Map<string, string[]>();
  for (const block of config.blocks) {
    if (block.kind === 'provider') continue;
    const targets = new Set<string>();
    for (const { ref } of blockReferences(block, index)) {
      const target = referenceTarget(ref);
      if (target.kind !== 'block') continue;
      const declared = byModuleAddress.get(key(block.module, target.address));
      if (declared) targets.add(declared.address);
    }
    graph.set(block.address, [...targets].sort());
  }
  return graph;
}

/** The first cycle found, as a path that ends where it starts (`a → b → a`), or null. */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (seen === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

function key(module: readonly string[], address: string): string {
  return [...module, address].join('\u0000');
}
