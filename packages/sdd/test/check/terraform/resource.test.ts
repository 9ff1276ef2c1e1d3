import { describe, expect, it } from 'vitest';
import { evidenceText, runKind } from './helpers.js';

const cdktf = { dir: undefined, target: 'infra' };
const ctxConfig = { infra: [{ name: 'infra', output: 'cdktf' }, { name: 'drift', output: 'cdktf-drift' }] };
const drift = { target: 'drift' };

import { makeContext } from './helpers.js';
const run = (kind: string, args: Record<string, unknown>) => runKind(kind, args, makeContext(undefined, ctxConfig));

describe('terraform.resource on a CDKTF stack', () => {
  it('passes for a resource named by its construct id, in its scope, with matching attributes', async () => {
    const result = await run('terraform.resource', {
      ...cdktf,
      type: 'azurerm_public_ip',
      name: 'node2',
      scope: 'network',
      attributes: { name: 'pip-kevinryan-node2', allocation_method: { matches: '^Stat' } },
    });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('resource `azurerm_public_ip` `node2` in scope `network`: `azurerm_public_ip.network_node2_8C1E2D4F`');
    expect(result.evidence[0]).toMatchObject({
      address: 'azurerm_public_ip.network_node2_8C1E2D4F',
      location: { file: 'cdktf/stacks/k3s/cdk.tf.json', line: 92 },
    });
    expect(result.inputs?.[0]?.path).toBe('cdktf/stacks/k3s/cdk.tf.json');
    expect(result.inputs?.[0]?.blob).toMatch(/^[0-9a-f]{40}$/);
  });

  it('fails when an attribute does not match, saying what it is', async () => {
    const result = await run('terraform.resource', {
      ...cdktf,
      type: 'azurerm_public_ip',
      attributes: { name: 'pip-kevinryan-node3' },
    });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('✗ `name` is "pip-kevinryan-node2"; expected "pip-kevinryan-node3"');
  });

  it('fails when the resource is in another scope, naming where it is', async () => {
    const result = await run('terraform.resource', { ...cdktf, type: 'azurerm_public_ip', scope: 'keyvault' });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('no resource `azurerm_public_ip` in scope `keyvault`');
    expect(evidenceText(result)).toContain('(scope `network`)');
  });

  it('data source absent from a scope: passes on the clean stack, fails where it is present', async () => {
    const args = { type: 'azurerm_client_config', mode: 'data', scope: 'keyvault', present: false };
    expect((await run('terraform.resource', { ...cdktf, ...args })).status).toBe('pass');
    const result = await run('terraform.resource', { ...drift, ...args });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('data source `azurerm_client_config` in scope `keyvault` must be absent: `data.azurerm_client_config.keyvault_current_1B2C3D4E`');
    expect(result.evidence[0]?.location).toEqual({ file: 'cdktf-drift/stacks/k3s/cdk.tf.json', line: 9 });
  });

  it('forEach: passes when the block uses for_each, fails when it does not', async () => {
    const args = { type: 'azurerm_role_assignment', forEach: true, attributes: { role_definition_name: 'AcrPull' } };
    expect((await run('terraform.resource', { ...cdktf, ...args })).status).toBe('pass');
    const result = await run('terraform.resource', { ...drift, ...args });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('✗ does not use for_each');
  });

  it('forEach: false passes only without for_each', async () => {
    const args = { type: 'azurerm_role_assignment', forEach: false };
    expect((await run('terraform.resource', { ...cdktf, ...args })).status).toBe('fail');
    expect((await run('terraform.resource', { ...drift, ...args })).status).toBe('pass');
  });

  it('notReferences catches a vault-derived value in custom_data, through base64encode(templatefile(…))', async () => {
    const args = {
      type: 'azurerm_linux_virtual_machine',
      name: 'vm',
      attributes: { custom_data: { references: ['var.keyvault_name'], notReferences: ['azurerm_key_vault.'] } },
    };
    const clean = await run('terraform.resource', { ...cdktf, ...args });
    expect(clean.status).toBe('pass');
    const bad = await run('terraform.resource', { ...drift, ...args });
    expect(bad.status).toBe('fail');
    expect(evidenceText(bad)).toContain('✗ `custom_data` references `azurerm_key_vault.keyvault_vault_6D2A1F3B.name`, which match `azurerm_key_vault.`');
    expect(evidenceText(bad)).toContain('✗ `custom_data` references `azurerm_key_vault.keyvault_vault_6D2A1F3B.name`; expected `var.keyvault_name`');
  });

  it('"no block references the vault" as present: false with a references matcher', async () => {
    const args = { type: 'azurerm_linux_virtual_machine', present: false, attributes: { custom_data: { references: ['azurerm_key_vault.'] } } };
    expect((await run('terraform.resource', { ...cdktf, ...args })).status).toBe('pass');
    const bad = await run('terraform.resource', { ...drift, ...args });
    expect(bad.status).toBe('fail');
    expect(bad.evidence[0]?.location).toEqual({ file: 'cdktf-drift/stacks/k3s/cdk.tf.json', line: 31 });
  });

  it('a negative matcher on an attribute that is not set fails instead of passing vacuously', async () => {
    const result = await run('terraform.resource', {
      ...cdktf,
      type: 'azurerm_public_ip',
      attributes: { custom_data: { notReferences: ['azurerm_key_vault.'] } },
    });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('✗ `custom_data` is not set');
  });

  it('reads nested blocks by dot path, and exists / contains / notContains', async () => {
    const base = { ...cdktf, type: 'azurerm_linux_virtual_machine' };
    expect((await run('terraform.resource', { ...base, attributes: { 'os_disk.caching': 'ReadWrite', custom_data: { exists: true, contains: 'cloud-init-agent', notContains: 'cloud-init-server' } } })).status).toBe('pass');
    expect((await run('terraform.resource', { ...base, attributes: { 'os_disk.caching': 'None' } })).status).toBe('fail');
    expect((await run('terraform.resource', { ...base, attributes: { admin_password: { exists: true } } })).status).toBe('fail');
    expect((await run('terraform.resource', { ...base, attributes: { custom_data: { notContains: 'agent' } } })).status).toBe('fail');
  });

  it('present: false fails when the resource exists', async () => {
    const result = await run('terraform.resource', { ...cdktf, type: 'random_password', name: 'k3s_token', present: false });
    expect(result.status).toBe('fail');
  });
});

describe('terraform.resource on plain .tf files', () => {
  it('finds a data source in a local module (scope = module name) and its line', async () => {
    const result = await run('terraform.resource', { dir: 'hcl', type: 'azurerm_client_config', mode: 'data', scope: 'keyvault' });
    expect(result.status).toBe('pass');
    expect(result.evidence[0]).toMatchObject({
      address: 'module.keyvault.data.azurerm_client_config.current',
      location: { file: 'hcl/modules/keyvault/main.tf', line: 9 },
    });
    const absent = await run('terraform.resource', { dir: 'hcl', type: 'azurerm_client_config', mode: 'data', scope: 'keyvault', present: false });
    expect(absent.status).toBe('fail');
  });

  it('references look inside hcl2json expressions too', async () => {
    const args = { dir: 'hcl', type: 'azurerm_linux_virtual_machine', name: 'node2' };
    expect((await run('terraform.resource', { ...args, attributes: { custom_data: { references: ['var.keyvault_name'] } } })).status).toBe('pass');
    expect((await run('terraform.resource', { ...args, attributes: { custom_data: { references: ['module.keyvault'] } } })).status).toBe('fail');
  });

  it('a missing directory fails; a path that leaves the repository is not run', async () => {
    expect((await run('terraform.resource', { dir: 'nope', type: 'x' })).status).toBe('fail');
    const outside = await run('terraform.resource', { dir: '../../..', type: 'x' });
    expect(outside.status).toBe('not-run');
    expect(outside.reason).toContain('leaves the repository');
  });

  it('a syntax error fails with the file and line', async () => {
    const result = await run('terraform.resource', { dir: 'broken-hcl', type: 'terraform_data' });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.location).toMatchObject({ file: 'broken-hcl/main.tf', line: 6 });
  });
});

describe('terraform.output and terraform.variable', () => {
  it('outputs: passes when all are declared, fails naming the missing one', async () => {
    expect((await run('terraform.output', { ...cdktf, names: ['vnet_id', 'public_ip_address_node2'] })).status).toBe('pass');
    const result = await run('terraform.output', { ...cdktf, names: ['vnet_id', 'vnet_name'] });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('outputs missing or wrong: vnet_name');
  });

  it('outputs in a module scope; present: false', async () => {
    expect((await run('terraform.output', { dir: 'hcl', scope: 'network', names: ['vnet_id'] })).status).toBe('pass');
    expect((await run('terraform.output', { dir: 'hcl', scope: 'network', names: ['vault_uri'] })).status).toBe('fail');
    expect((await run('terraform.output', { dir: 'hcl', names: ['acr_login_server'], present: false })).status).toBe('pass');
    expect((await run('terraform.output', { dir: 'hcl', names: ['vnet_id'], present: false })).status).toBe('fail');
  });

  it('variables with a default: passes when it equals, fails otherwise', async () => {
    expect((await run('terraform.variable', { ...cdktf, names: ['keyvault_name'], default: 'kv-kevinryan' })).status).toBe('pass');
    const result = await run('terraform.variable', { ...cdktf, names: ['keyvault_name'], default: 'kv-other' });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('`keyvault_name` has default "kv-kevinryan"; expected "kv-other"');
    expect((await run('terraform.variable', { dir: 'hcl', scope: 'keyvault', names: ['github_token'], present: false })).status).toBe('pass');
    expect((await run('terraform.variable', { dir: 'hcl', scope: 'keyvault', names: ['location'], present: false })).status).toBe('fail');
  });
});
