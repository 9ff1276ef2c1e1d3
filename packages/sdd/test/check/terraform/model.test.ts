import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHclDirectory, loadStackJson } from '../../../src/check/terraform/load.js';
import type { TfConfiguration } from '../../../src/check/terraform/model.js';
import { normalizeBlocks } from '../../../src/check/terraform/normalize.js';
import { createRunMemo } from '../../../src/check/types.js';
import { FIXTURES } from './helpers.js';

/** The parts of the model a golden file pins: what, where, in which scope. */
function summarize(config: TfConfiguration) {
  return {
    form: config.form,
    files: config.files,
    requiredProviders: config.requiredProviders,
    problems: config.problems,
    blocks: config.blocks.map((b) => ({
      address: b.address,
      kind: b.kind,
      type: b.type,
      name: b.name,
      scope: b.scope.join('/'),
      constructPath: b.constructPath,
      pointer: b.pointer,
      location: b.location ? `${b.location.file}:${b.location.line}` : null,
    })),
  };
}

async function golden(name: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(FIXTURES, 'golden', name), 'utf8'));
}

describe('loading a CDKTF stack (cdk.tf.json)', () => {
  it('normalises every block with its construct path, scope, pointer and line (golden)', async () => {
    const loaded = await loadStackJson(FIXTURES, path.join(FIXTURES, 'cdktf/stacks/k3s/cdk.tf.json'));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(summarize(loaded.config)).toEqual(await golden('cdktf.json'));
  });

  it('reports invalid JSON with the file and line, without throwing', async () => {
    const { root, cleanup } = await import('./helpers.js').then((h) => h.scratchCopy());
    try {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(root, 'cdk.tf.json'), '{\n  "resource": {\n    "a": 1,\n  }\n}\n');
      const loaded = await loadStackJson(root, path.join(root, 'cdk.tf.json'));
      expect(loaded.ok).toBe(false);
      if (loaded.ok) return;
      expect(loaded.summary).toBe('`cdk.tf.json` is not valid JSON');
      expect(loaded.evidence[0]?.location).toEqual({ file: 'cdk.tf.json', line: 4 });
    } finally {
      await cleanup();
    }
  });
});

describe('loading plain .tf files (hcl2json)', () => {
  it('converts real .tf text, follows local modules, applies override.tf (golden)', async () => {
    const loaded = await loadHclDirectory(FIXTURES, path.join(FIXTURES, 'hcl'), createRunMemo());
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(summarize(loaded.config)).toEqual(await golden('hcl.json'));
    const vm = loaded.config.blocks.find((b) => b.address === 'azurerm_linux_virtual_machine.node2');
    // override.tf replaced `name` and kept the rest.
    expect(vm?.body.name).toBe('vm-kevinryan-node2-override');
    expect(vm?.body.os_disk).toEqual([{ caching: 'ReadWrite', storage_account_type: 'Standard_LRS' }]);
  });

  it('gives a syntax error as a failure naming file and line', async () => {
    const loaded = await loadHclDirectory(FIXTURES, path.join(FIXTURES, 'broken-hcl'), createRunMemo());
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.evidence[0]?.location?.file).toBe('broken-hcl/main.tf');
    expect(loaded.evidence[0]?.location?.line).toBe(6);
    expect(loaded.summary).toMatch(/is not valid HCL: Invalid expression/);
  });

  it('reports a directory without Terraform files', async () => {
    const loaded = await loadHclDirectory(FIXTURES, path.join(FIXTURES, 'golden'), createRunMemo());
    expect(loaded).toMatchObject({ ok: false, summary: '`golden` holds no .tf or .tf.json file' });
  });
});

describe('normalizeBlocks', () => {
  it('reads both JSON shapes the same: CDKTF objects and hcl2json lists', () => {
    const cdktf = normalizeBlocks({ resource: { t: { n: { a: 1 } } }, locals: { l: 'v' } }, { module: [] });
    const hcl = normalizeBlocks({ resource: { t: { n: [{ a: 1 }] } }, locals: [{ l: 'v' }] }, { module: [] });
    expect(hcl.map((b) => [b.address, b.body])).toEqual(cdktf.map((b) => [b.address, b.body]));
    expect(cdktf.map((b) => b.address)).toEqual(['t.n', 'local.l']);
  });

  it('flags a declaration repeated across files as a problem', async () => {
    const { duplicates } = await import('../../../src/check/terraform/load.js');
    const blocks = normalizeBlocks({ variable: { x: [{}, {}] } }, { module: [] });
    expect(duplicates(blocks).map((p) => p.message)).toEqual(['`var.x` is declared twice']);
    expect(duplicates(normalizeBlocks({ variable: { x: [{}] } }, { module: [] }))).toEqual([]);
  });
});
