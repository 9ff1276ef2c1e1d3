import { describe, expect, it } from 'vitest';
import { loadHclTools } from '../../../src/check/terraform/hcl.js';
import { matchAttribute, valuesAt } from '../../../src/check/terraform/matchers.js';
import { referenceMatches, referencesIn, referenceTarget } from '../../../src/check/terraform/references.js';
import type { ReferenceIndex } from '../../../src/check/terraform/references.js';
import { createRunMemo } from '../../../src/check/types.js';

describe('references in JSON-syntax templates (hcl2json expression parser)', () => {
  it('finds references through functions, nested templates, quotes and newlines', async () => {
    const tools = await loadHclTools(createRunMemo());
    expect(await tools.references('${base64encode(templatefile("${path.module}/a.yaml", { kv = var.keyvault_name }))}')).toEqual(['path.module', 'var.keyvault_name']);
    expect(await tools.references('#!/bin/sh\nexport X="${azurerm_key_vault.v.name}"\necho "$HOME" $${ESCAPED}\n')).toEqual(['azurerm_key_vault.v.name']);
    expect(await tools.references('${[for s in var.subnets : s.id]}')).toEqual(['var.subnets']);
    expect(await tools.references('${azurerm_key_vault.v[0].id}')).toEqual(['azurerm_key_vault.v.0.id']);
    expect(await tools.references('no template here')).toEqual([]);
    await expect(tools.references('${broken(')).rejects.toThrow(/Unterminated/);
  });
});

describe('referenceTarget', () => {
  it('maps a reference to the block it names, and ignores built-ins', () => {
    expect(referenceTarget('var.x')).toEqual({ kind: 'block', address: 'var.x' });
    expect(referenceTarget('data.t.n.attr')).toEqual({ kind: 'block', address: 'data.t.n' });
    expect(referenceTarget('module.net.vnet_id')).toEqual({ kind: 'block', address: 'module.net' });
    expect(referenceTarget('azurerm_key_vault.v.0.id')).toEqual({ kind: 'block', address: 'azurerm_key_vault.v' });
    expect(referenceTarget('each.value')).toEqual({ kind: 'ignored' });
    expect(referenceTarget('path.module')).toEqual({ kind: 'ignored' });
    expect(referenceTarget('HOME')).toEqual({ kind: 'invalid' });
    expect(referenceTarget('data.t')).toEqual({ kind: 'invalid' });
  });

  it('matches exact references, their attributes, and prefixes ending in a dot', () => {
    expect(referenceMatches('var.keyvault_name', 'var.keyvault_name')).toBe(true);
    expect(referenceMatches('var.keyvault_name_2', 'var.keyvault_name')).toBe(false);
    expect(referenceMatches('azurerm_key_vault.v.name', 'azurerm_key_vault.v')).toBe(true);
    expect(referenceMatches('azurerm_key_vault.v.name', 'azurerm_key_vault.')).toBe(true);
    expect(referenceMatches('azurerm_key_vault_secret.s.id', 'azurerm_key_vault.')).toBe(false);
  });
});

describe('attribute matchers', () => {
  const index: ReferenceIndex = new Map([['${var.a}-${local.b}', { refs: ['var.a', 'local.b'] }]]);
  const body = { name: '${var.a}-${local.b}', disk: [{ caching: 'ReadWrite' }], tags: ['x', 'y'], count: 2 };

  it('reads dot paths through nested blocks in either shape', () => {
    expect(valuesAt(body, 'disk.caching')).toEqual(['ReadWrite']);
    expect(valuesAt({ disk: { caching: 'None' } }, 'disk.caching')).toEqual(['None']);
    expect(valuesAt(body, 'tags.1')).toEqual(['y']);
    expect(valuesAt(body, 'missing.x')).toEqual([]);
  });

  it.each([
    ['count', 2, true],
    ['count', 3, false],
    ['tags', { contains: 'y' }, true],
    ['tags', { contains: 'z' }, false],
    ['tags', { notContains: 'z' }, true],
    ['tags', { notContains: 'x' }, false],
    ['name', { matches: '^\\$\\{var' }, true],
    ['name', { matches: '^x' }, false],
    ['name', { references: ['var.a', 'local.b'] }, true],
    ['name', { references: ['var.c'] }, false],
    ['name', { notReferences: ['local.'] }, false],
    ['name', { notReferences: ['data.'] }, true],
    ['nothing', { exists: false }, true],
    ['name', { exists: false }, false],
  ] as const)('%s %j → %s', (attribute, matcher, ok) => {
    const results = matchAttribute(body, attribute, matcher as never, index);
    expect(results.every((r) => r.ok)).toBe(ok);
  });

  it('stops a runaway regex at the time limit and says so, instead of hanging or passing', () => {
    const [result] = matchAttribute({ x: `${'a'.repeat(40)}!` }, 'x', { matches: '^(a+)+$' }, index);
    expect(result?.ok).toBe(false);
    expect(result?.notRun).toMatch(/took longer than \d+ ms and was stopped/);
  });

  it('skips iterator names of dynamic blocks', () => {
    const dyn = new Map([
      ['${var.keys}', { refs: ['var.keys'] }],
      ['${key.value}', { refs: ['key.value'] }],
    ]);
    expect(referencesIn({ dynamic: { key: [{ for_each: '${var.keys}', content: [{ v: '${key.value}' }] }] } }, dyn)).toEqual(['var.keys']);
  });
});
