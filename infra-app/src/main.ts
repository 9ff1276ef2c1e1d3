// `pnpm synth`: writes cdktf.out/stacks/k3s/cdk.tf.json and cdktf.out/hcl/k3s/main.tf.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { synth } from './synth.js';

const outDir = fileURLToPath(new URL('../cdktf.out', import.meta.url));
try {
  const result = await synth(outDir);
  const shown = (file: string) => path.relative(process.cwd(), file);
  console.log(`synthesized ${shown(result.jsonFile)} and ${shown(result.hclFile)} (${result.formatter})`);
  if (result.note) console.log(`note: ${result.note}`);
  // performance.now() counts from process start: imports (most of the cost) included.
  console.log(`done in ${(performance.now() / 1000).toFixed(2)} s`);
} catch (error) {
  console.error(`synth failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
