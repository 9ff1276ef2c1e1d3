import { describe, expect, it } from 'vitest';
import { findCycle } from '../../../src/check/terraform/graph.js';
import { evidenceText, makeContext, runKind } from './helpers.js';

const ctx = () => makeContext(undefined, { infra: [{ name: 'infra', output: 'cdktf' }, { name: 'drift', output: 'cdktf-drift' }] });

describe('terraform.references', () => {
  it('passes when every reference resolves (CDKTF, bare depends_on included)', async () => {
    const result = await runKind('terraform.references', { target: 'infra' }, ctx());
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/^all \d+ references in 12 blocks resolve$/);
  });

  it('passes on HCL with modules, dynamic blocks, ignore_changes and variable types', async () => {
    expect((await runKind('terraform.references', { dir: 'hcl' }, ctx())).status).toBe('pass');
  });

  it('fails naming each unresolved reference with its block and line', async () => {
    const result = await runKind('terraform.references', { dir: 'unresolved' }, ctx());
    expect(result.status).toBe('fail');
    expect(result.evidence.map((e) => `${e.location?.file}:${e.location?.line} ${e.message}`)).toEqual([
      'unresolved/main.tf:5 `terraform_data.a`.input references `var.missing`, which is not declared',
      'unresolved/main.tf:9 `output.b`.value references `terraform_data.nope.output`, which is not declared',
    ]);
    const drift = await runKind('terraform.references', { target: 'drift' }, ctx());
    expect(drift.status).toBe('fail');
    expect(evidenceText(drift)).toContain('references `azurerm_subnet.missing.id`, which is not declared');
  });
});

describe('terraform.no-cycles', () => {
  it('passes on an acyclic configuration', async () => {
    const result = await runKind('terraform.no-cycles', { dir: 'acyclic' }, ctx());
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('no cycle among 3 blocks (3 dependencies)');
  });

  it('fails with the cycle as a path, each step located', async () => {
    const result = await runKind('terraform.no-cycles', { dir: 'cycle' }, ctx());
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('cycle: terraform_data.a → terraform_data.c → terraform_data.b → terraform_data.a');
    expect(result.evidence.slice(1).map((e) => e.location?.line)).toEqual([1, 9, 5]);
  });

  it('passes on the CDKTF stack', async () => {
    expect((await runKind('terraform.no-cycles', { target: 'infra' }, ctx())).status).toBe('pass');
  });
});

describe('findCycle', () => {
  it('finds self-loops and longer cycles, and nothing in a DAG', () => {
    expect(findCycle(new Map([['local.a', ['local.a']]]))).toEqual(['local.a', 'local.a']);
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toBeNull();
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['b']]]))).toEqual(['b', 'c', 'b']);
  });
});
