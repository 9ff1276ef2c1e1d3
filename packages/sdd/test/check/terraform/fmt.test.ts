import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitDiff } from '../../../src/check/terraform/fmt-kind.js';
import { makeContext, runKind, scratchCopy } from './helpers.js';

// Real terraform (/usr/local/bin/terraform or PATH); fmt -check never writes.
describe('terraform.fmt', () => {
  it('passes on a canonically formatted .tf file', async () => {
    const result = await runKind('terraform.fmt', { dir: 'fmt/good' });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('1 .tf file(s) in `fmt/good/` are formatted as terraform fmt writes them');
  });

  it('fails on a badly formatted one, with the diff as evidence', async () => {
    const result = await runKind('terraform.fmt', { dir: 'fmt/bad' });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('1 file(s) not formatted: fmt/bad/main.tf');
    expect(result.evidence[0]?.location).toEqual({ file: 'fmt/bad/main.tf', line: 1 });
    expect(result.evidence[0]?.output).toContain('+  input            = "x"');
  });

  it('fails when terraform cannot parse the file', async () => {
    const result = await runKind('terraform.fmt', { dir: 'broken-hcl' });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.output).toMatch(/Invalid expression/);
  });

  it('is Not run when there is only cdk.tf.json (fmt -check would exit 0 having checked nothing)', async () => {
    const context = makeContext(undefined, { infra: [{ name: 'infra', output: 'cdktf' }] });
    const result = await runKind('terraform.fmt', { target: 'infra' }, context);
    expect(result.status).toBe('not-run');
    expect(result.reason).toBe('no .tf files to check in target `infra` stack `k3s` (only cdk.tf.json; the app writes no HCL form)');
  });

  it('checks the HCL form a CDKTF target writes at <output>/hcl/<stack>/', async () => {
    const { root, cleanup } = await scratchCopy('cdktf');
    try {
      await mkdir(path.join(root, 'out/hcl/k3s'), { recursive: true });
      await mkdir(path.join(root, 'out/stacks'), { recursive: true });
      await writeFile(path.join(root, 'out/stacks/.keep'), '');
      const { cp } = await import('node:fs/promises');
      await cp(path.join(root, 'stacks/k3s'), path.join(root, 'out/stacks/k3s'), { recursive: true });
      await writeFile(path.join(root, 'out/hcl/k3s/main.tf'), 'locals {\n  a = "${var.x}"\n}\n');
      const context = makeContext(root, { infra: [{ name: 'infra', output: 'out' }] });
      const result = await runKind('terraform.fmt', { target: 'infra' }, context);
      // The hcl-tools output is not fmt-canonical ("${x}" is unwrapped by fmt): a real failure.
      expect(result.status).toBe('fail');
      expect(result.summary).toBe('1 file(s) not formatted: out/hcl/k3s/main.tf');
    } finally {
      await cleanup();
    }
  });

  it('is Not run when the terraform binary is missing', async () => {
    const context = makeContext(undefined, { terraform: { binary: '/nonexistent/terraform' } });
    const result = await runKind('terraform.fmt', { dir: 'fmt/good' }, context);
    expect(result.status).toBe('not-run');
    expect(result.reason).toBe('terraform not found (`/nonexistent/terraform`)');
  });
});

describe('splitDiff', () => {
  it('splits terraform fmt -diff output per file with the first hunk line', () => {
    const diff = '--- old/a.tf\n+++ new/a.tf\n@@ -3,2 +3,2 @@\n-x=1\n+x = 1\n--- old/b/c.tf\n+++ new/b/c.tf\n@@ -10 +10 @@\n-y\n+y\n';
    expect(splitDiff(diff).map((d) => [d.file, d.line])).toEqual([
      ['a.tf', 3],
      ['b/c.tf', 10],
    ]);
    expect(splitDiff('')).toEqual([]);
  });
});
