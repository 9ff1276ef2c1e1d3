import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'cdktf';
import { K3sStack } from './stack.js';

const STACK_NAME = 'k3s';

interface SynthResult {
  /** `<outDir>/stacks/k3s/cdk.tf.json`: what Terraform and sdd's checks read. */
  jsonFile: string;
  /** `<outDir>/hcl/k3s/main.tf`: the same configuration as HCL, in its own folder so that
   * Terraform never sees two configurations in one directory. */
  hclFile: string;
  /** Who formatted the HCL: `terraform fmt` (canonical) or only `@cdktf/hcl-tools`. */
  formatter: 'terraform fmt' | 'hcl-tools';
  /** Why `terraform fmt` did not run, when it did not. */
  note?: string;
}

interface SynthOptions {
  /** The terraform binary; `terraform` on PATH by default. */
  terraform?: string;
}

/** Synthesizes the k3s stack into `outDir` (JSON and HCL), without the cdktf CLI. */
export async function synth(outDir: string, options: SynthOptions = {}): Promise<SynthResult> {
  const app = new App({ outdir: outDir });
  const stack = new K3sStack(app, STACK_NAME);
  app.synth();
  const jsonFile = path.join(outDir, 'stacks', STACK_NAME, 'cdk.tf.json');

  const { terraform: terraformBlock = {} } = JSON.parse(await readFile(jsonFile, 'utf8')) as {
    terraform?: Record<string, unknown>;
  };
  const hcl = repairTerraformBlock(stack.toHclTerraform().hcl, terraformBlock);
  const hclFile = path.join(outDir, 'hcl', STACK_NAME, 'main.tf');
  await mkdir(path.dirname(hclFile), { recursive: true });
  await writeFile(hclFile, hcl);

  // `terraform fmt` alone gives the canonical form; hcl-tools (Go's hclwrite in WASM, ~0.3 s to
  // load) is only the fallback, and its output is close to but not fmt's (it keeps "${x}").
  const fmt = await terraformFmt(hclFile, options.terraform ?? 'terraform');
  if (fmt.ok) return { jsonFile, hclFile, formatter: 'terraform fmt' };
  // Terraform present but refusing the file means the HCL form is broken: say so, loudly.
  if (!fmt.missing) throw new Error(`${hclFile}: ${fmt.note}`);
  const { format } = await import('@cdktf/hcl-tools');
  await writeFile(hclFile, await format(hcl));
  return { jsonFile, hclFile, formatter: 'hcl-tools', note: fmt.note };
}

/**
 * cdktf 0.21's HCL renderer writes the `terraform` block's plain attributes as
 * `0 = "required_version"` (it renders the list of keys, not the values), which Terraform
 * rejects. Puts the values back from the JSON form; the bug is frozen with the release.
 */
export function repairTerraformBlock(hcl: string, terraformBlock: Readonly<Record<string, unknown>>): string {
  const plain = Object.keys(terraformBlock).filter((key) => !['required_providers', 'backend', 'cloud'].includes(key));
  return hcl.replace(/^(\s*)(\d+) = "([A-Za-z_][\w-]*)"$/gm, (line, indent: string, index: string, key: string) =>
    plain[Number(index)] === key ? `${indent}${key} = ${JSON.stringify(terraformBlock[key])}` : line,
  );
}

type FmtOutcome = { ok: true } | { ok: false; missing: boolean; note: string };

async function terraformFmt(file: string, binary: string): Promise<FmtOutcome> {
  try {
    await promisify(execFile)(binary, ['fmt', '-no-color', file], { timeout: 30_000 });
    return { ok: true };
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    if (code === 'ENOENT') return { ok: false, missing: true, note: `${binary} not found: HCL left as @cdktf/hcl-tools formatted it` };
    return { ok: false, missing: false, note: `${binary} fmt failed: ${(stderr ?? String(error)).trim()}` };
  }
}
