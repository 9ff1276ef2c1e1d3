// synth(outDir): what `pnpm synth` writes, in a temporary directory.
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repairTerraformBlock, synth } from '../src/synth.js';

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'infra-app-synth-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const terraform = spawnSync('terraform', ['version']).status === 0;

describe('synth', () => {
  it.skipIf(!terraform)('writes the JSON stack and a terraform-fmt-canonical HCL form in its own folder', async () => {
    const result = await synth(outDir);
    expect(result).toEqual({
      jsonFile: path.join(outDir, 'stacks', 'k3s', 'cdk.tf.json'),
      hclFile: path.join(outDir, 'hcl', 'k3s', 'main.tf'),
      formatter: 'terraform fmt',
    });
    const json = JSON.parse(await readFile(result.jsonFile, 'utf8')) as { resource: Record<string, object> };
    expect(Object.keys(json.resource)).toContain('azurerm_linux_virtual_machine');

    const hcl = await readFile(result.hclFile, 'utf8');
    expect(hcl).toContain('resource "azurerm_public_ip" "network_pip_node2" {');
    expect(hcl).toContain('required_version = ">= 1.5"');
    const check = spawnSync('terraform', ['fmt', '-check', '-diff', result.hclFile], { encoding: 'utf8' });
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
  });

  it('falls back to hcl-tools formatting, and says so, when terraform is missing', async () => {
    const result = await synth(outDir, { terraform: path.join(outDir, 'no-terraform-here') });
    expect(result.formatter).toBe('hcl-tools');
    expect(result.note).toMatch(/no-terraform-here not found/);
    const hcl = await readFile(result.hclFile, 'utf8');
    expect(hcl).toContain('resource "azurerm_key_vault" "keyvault_vault" {');
    expect(hcl).toMatch(/^ {2}required_version = ">= 1.5"$/m);
  });

  it('fails, naming the file, when terraform rejects the HCL form', async () => {
    const fakeTerraform = path.join(outDir, 'terraform');
    await writeFile(fakeTerraform, '#!/bin/sh\necho "Error: Argument or block definition required" >&2\nexit 2\n');
    await chmod(fakeTerraform, 0o755);
    await expect(synth(outDir, { terraform: fakeTerraform })).rejects.toThrow(
      /hcl\/k3s\/main\.tf: .*terraform fmt failed: Error: Argument or block definition required/,
    );
  });

  it('writes the same JSON on every run (no paths or timestamps of the machine)', async () => {
    const first = await readFile((await synth(outDir)).jsonFile, 'utf8');
    const again = await mkdtemp(path.join(os.tmpdir(), 'infra-app-synth-'));
    try {
      expect(await readFile((await synth(again)).jsonFile, 'utf8')).toBe(first);
    } finally {
      await rm(again, { recursive: true, force: true });
    }
    expect(first).not.toContain(outDir);
  });
});

describe('repairTerraformBlock', () => {
  it("puts back the values cdktf's HCL renderer writes as key indices", () => {
    const broken = 'terraform {\n  required_providers {\n  }\n\n  0 = "required_version"\n}\n';
    expect(repairTerraformBlock(broken, { required_providers: {}, required_version: '>= 1.5' })).toBe(
      'terraform {\n  required_providers {\n  }\n\n  required_version = ">= 1.5"\n}\n',
    );
  });

  it('leaves lines alone that are not such an index', () => {
    const hcl = 'locals {\n  0 = "other"\n}\n';
    expect(repairTerraformBlock(hcl, { required_version: '>= 1.5' })).toBe(hcl);
  });
});
