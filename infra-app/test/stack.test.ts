// The synthesized Terraform of the k3s stack against the facts of spec 0001
// (the infrastructure facts of spec 0001, as its spec states them): one expectation per fact.
import { beforeAll, describe, expect, it } from 'vitest';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { K3sStack, terraformExpression } from '../src/stack.js';
import type { Json } from './terraform-json.js';
import { blocks, decodeCustomData, findCycle, interpolations, resource, strings, synthJson } from './terraform-json.js';

let json: Json;
beforeAll(() => {
  json = synthJson((app) => new K3sStack(app, 'k3s'));
});

const vm = (name: 'node1' | 'node2') => resource(json, 'azurerm_linux_virtual_machine', `${name}_vm`);
const customData = (name: 'node1' | 'node2') => decodeCustomData(vm(name)['custom_data'] as string);

describe('providers and terraform block', () => {
  it('pins azurerm (4.x) and random, requires terraform >= 1.5, configures features {}', () => {
    const terraform = json.terraform as Json;
    expect(terraform.required_version).toBe('>= 1.5');
    expect(terraform.required_providers).toMatchObject({
      azurerm: { version: expect.stringMatching(/^4\./) },
      random: { source: 'hashicorp/random' },
    });
    expect(json.provider).toMatchObject({ azurerm: [{ features: [{}] }], random: [{}] });
  });

  it('keeps the state path relative, so the output does not depend on the machine', () => {
    expect((json.terraform as Json).backend).toEqual({ local: { path: 'terraform.k3s.tfstate' } });
  });
});

describe('variables', () => {
  it('declares the root variables, keyvault_name defaulting to kv-kevinryan-io', () => {
    const variables = json.variable as Record<string, Json>;
    expect(Object.keys(variables).sort()).toEqual([
      'acr_name', 'admin_ip', 'admin_ssh_public_key', 'admin_username', 'flux_github_owner',
      'flux_github_repository', 'github_token', 'keyvault_name', 'location', 'resource_group_name', 'vm_size',
    ]);
    expect(variables.keyvault_name).toMatchObject({ type: 'string', default: 'kv-kevinryan-io' });
    expect(variables.location?.default).toBe('northeurope');
    expect(variables.resource_group_name?.default).toBe('rg-kevinryan-io');
  });

  it('gives secrets and keys no default, and marks the GitHub token sensitive', () => {
    const variables = json.variable as Record<string, Json>;
    expect(variables.admin_ssh_public_key).not.toHaveProperty('default');
    expect(variables.github_token).toMatchObject({ sensitive: true });
    expect(variables.github_token).not.toHaveProperty('default');
  });
});

describe('network', () => {
  it('creates the resource group from the variables', () => {
    expect(resource(json, 'azurerm_resource_group', 'network_resource_group')).toMatchObject({
      name: '${var.resource_group_name}',
      location: '${var.location}',
    });
  });

  it('has one vnet (10.0.0.0/16), one subnet (10.0.1.0/24) and one NSG', () => {
    expect(resource(json, 'azurerm_virtual_network', 'network_vnet')).toMatchObject({
      name: 'vnet-kevinryan-io',
      address_space: ['10.0.0.0/16'],
    });
    expect(resource(json, 'azurerm_subnet', 'network_subnet')).toMatchObject({ address_prefixes: ['10.0.1.0/24'] });
    expect(Object.keys(json.resource as Json)).toContain('azurerm_network_security_group');
    expect(Object.keys((json.resource as Record<string, Json>).azurerm_network_security_group ?? {})).toHaveLength(1);
  });

  it('allows SSH from admin_ip only, HTTP and HTTPS from anywhere', () => {
    const rules = (json.resource as Record<string, Record<string, Json>>).azurerm_network_security_rule ?? {};
    const byName = Object.fromEntries(Object.values(rules).map((r) => [r.name, r]));
    expect(byName.AllowSSH).toMatchObject({ destination_port_range: '22', source_address_prefix: '${var.admin_ip}' });
    expect(byName.AllowHTTP).toMatchObject({ destination_port_range: '80', source_address_prefix: '*' });
    expect(byName.AllowHTTPS).toMatchObject({ destination_port_range: '443', source_address_prefix: '*' });
  });

  it('has two static Standard public IPs in zone 1, node2 named pip-kevinryan-node2', () => {
    const ips = (json.resource as Record<string, Record<string, Json>>).azurerm_public_ip ?? {};
    expect(Object.keys(ips).sort()).toEqual(['network_pip_node1', 'network_pip_node2']);
    for (const ip of Object.values(ips)) {
      expect(ip).toMatchObject({ allocation_method: 'Static', sku: 'Standard', zones: ['1'] });
    }
    expect(ips.network_pip_node2?.name).toBe('pip-kevinryan-node2');
  });

  it('wires node2 to its own public IP', () => {
    const nic = resource(json, 'azurerm_network_interface', 'node2_nic');
    expect(strings(nic.ip_configuration)).toContain('${azurerm_public_ip.network_pip_node2.id}');
  });
});

describe('nodes', () => {
  it.each([
    ['node1', 'vm-kevinryan-node1'],
    ['node2', 'vm-kevinryan-node2'],
  ] as const)('%s is %s: Ubuntu 24.04, zone 1, 30 GB Standard_LRS disk, system identity', (node, name) => {
    expect(vm(node)).toMatchObject({
      name,
      zone: '1',
      size: '${var.vm_size}',
      source_image_reference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
      os_disk: { name: `osdisk-${name}`, caching: 'ReadWrite', storage_account_type: 'Standard_LRS', disk_size_gb: 30 },
      identity: { type: 'SystemAssigned' },
      admin_ssh_key: [{ username: '${var.admin_username}', public_key: '${var.admin_ssh_public_key}' }],
      lifecycle: { ignore_changes: ['custom_data', 'admin_ssh_key'] },
    });
    expect(resource(json, 'azurerm_network_interface', `${node}_nic`)).toMatchObject({
      name: `nic-${name}`,
      ip_configuration: [{ private_ip_address_allocation: 'Dynamic' }],
    });
    expect(resource(json, 'azurerm_network_interface_security_group_association', `${node}_nsg_association`)).toMatchObject({
      network_security_group_id: '${azurerm_network_security_group.network_nsg.id}',
    });
  });

  it('gives each VM its cloud-init as base64 of the rendered template', () => {
    for (const node of ['node1', 'node2'] as const) {
      expect(vm(node).custom_data).toMatch(/^\$\{base64encode\("#cloud-config\\n/);
    }
    expect(customData('node1')).toContain('--components=source-controller,kustomize-controller,helm-controller');
    expect(customData('node2')).toContain('--node-taint workload=observability:NoSchedule');
  });
});

describe('cloud-init wiring', () => {
  it('takes the Key Vault name from var.keyvault_name in both templates', () => {
    for (const node of ['node1', 'node2'] as const) {
      expect(customData(node)).toContain('az keyvault secret show --vault-name "${var.keyvault_name}" --name k3s-token');
    }
  });

  it('references no vault, registry or secret attribute from custom_data', () => {
    const allowed = ['var.keyvault_name', 'var.acr_name', 'var.github_token', 'var.flux_github_owner', 'var.flux_github_repository'];
    expect(new Set(interpolations(customData('node1')))).toEqual(new Set(allowed));
    expect(new Set(interpolations(customData('node2')))).toEqual(
      new Set(['var.keyvault_name', 'var.acr_name', 'azurerm_network_interface.node1_nic.private_ip_address']),
    );
  });

  it('joins node2 to node1 through node1 private IP', () => {
    expect(customData('node2')).toContain('K3S_URL="https://${azurerm_network_interface.node1_nic.private_ip_address}:6443"');
  });
});

describe('key vault', () => {
  it('is named by var.keyvault_name, standard SKU, RBAC on, purge protection off', () => {
    expect(resource(json, 'azurerm_key_vault', 'keyvault_vault')).toMatchObject({
      name: '${var.keyvault_name}',
      sku_name: 'standard',
      rbac_authorization_enabled: true,
      purge_protection_enabled: false,
      tenant_id: '${data.azurerm_client_config.current.tenant_id}',
    });
  });

  it('grants Key Vault Secrets User to each VM principal through for_each', () => {
    const users = resource(json, 'azurerm_role_assignment', 'keyvault_secrets_user');
    expect(users).toMatchObject({ role_definition_name: 'Key Vault Secrets User', principal_id: '${each.value}' });
    expect(users.for_each).toEqual({
      node1: '${azurerm_linux_virtual_machine.node1_vm.identity[0].principal_id}',
      node2: '${azurerm_linux_virtual_machine.node2_vm.identity[0].principal_id}',
    });
  });

  it('grants Key Vault Secrets Officer to the identity running Terraform', () => {
    expect(resource(json, 'azurerm_role_assignment', 'keyvault_secrets_officer')).toMatchObject({
      role_definition_name: 'Key Vault Secrets Officer',
      principal_id: '${data.azurerm_client_config.current.object_id}',
      scope: '${azurerm_key_vault.keyvault_vault.id}',
    });
  });

  it('reads no azurerm_client_config inside the keyvault scope; the root reads it', () => {
    const clientConfigs = blocks(json).filter((b) => b.address.startsWith('data.azurerm_client_config.'));
    expect(clientConfigs.map((b) => b.scope)).toEqual(['current']);
    expect(blocks(json).filter((b) => b.scope === 'keyvault' && b.address.startsWith('data.'))).toEqual([]);
  });

  it('puts the vault, its role assignments and nothing else in the keyvault scope', () => {
    expect(blocks(json).filter((b) => b.scope === 'keyvault').map((b) => b.address).sort()).toEqual([
      'azurerm_key_vault.keyvault_vault',
      'azurerm_role_assignment.keyvault_secrets_officer',
      'azurerm_role_assignment.keyvault_secrets_user',
    ]);
  });
});

describe('k3s token', () => {
  it('is random_password.k3s_token: 48 characters, no specials', () => {
    expect(resource(json, 'random_password', 'k3s_token')).toMatchObject({ length: 48, special: false });
  });

  it('is stored as azurerm_key_vault_secret.k3s_token after the writer role exists', () => {
    expect(resource(json, 'azurerm_key_vault_secret', 'k3s_token')).toMatchObject({
      name: 'k3s-token',
      value: '${random_password.k3s_token.result}',
      key_vault_id: '${azurerm_key_vault.keyvault_vault.id}',
      depends_on: ['azurerm_role_assignment.keyvault_secrets_officer'],
    });
  });
});

describe('registry', () => {
  it('is a Basic ACR without admin user, named by var.acr_name', () => {
    expect(resource(json, 'azurerm_container_registry', 'registry_acr')).toMatchObject({
      name: '${var.acr_name}',
      sku: 'Basic',
      admin_enabled: false,
    });
  });

  it('grants AcrPull to both VM principals through for_each', () => {
    const pull = resource(json, 'azurerm_role_assignment', 'registry_acr_pull');
    expect(pull).toMatchObject({ role_definition_name: 'AcrPull', principal_id: '${each.value}' });
    expect(Object.keys(pull.for_each as Json).sort()).toEqual(['node1', 'node2']);
    expect(blocks(json).find((b) => b.address === 'azurerm_role_assignment.registry_acr_pull')?.scope).toBe('registry');
  });
});

describe('stack shape', () => {
  it('has the units network, node1, node2, keyvault and registry as scopes', () => {
    const scopes = new Set(blocks(json).map((b) => b.scope).filter((s) => s !== null));
    for (const unit of ['network', 'node1', 'node2', 'keyvault', 'registry']) expect(scopes).toContain(unit);
  });

  it('has no dependency cycle', () => {
    expect(findCycle(json)).toBeNull();
  });

  it('outputs both public IPs and nothing else', () => {
    expect(json.output).toEqual({
      node1_public_ip: expect.objectContaining({ value: '${azurerm_public_ip.network_pip_node1.ip_address}' }),
      node2_public_ip: expect.objectContaining({ value: '${azurerm_public_ip.network_pip_node2.ip_address}' }),
    });
  });

  it('never outputs the token, and holds no secret in clear text', () => {
    const outputs = strings(json.output).join('\n');
    expect(outputs).not.toMatch(/k3s_token|random_password|key_vault_secret|github_token/);
    // Secrets only appear as references: no literal value for the secret or the SSH key.
    expect(resource(json, 'azurerm_key_vault_secret', 'k3s_token').value).toBe('${random_password.k3s_token.result}');
    expect(JSON.stringify(json)).not.toMatch(/ssh-(rsa|ed25519) |ghp_|github_pat_/);
  });
});

describe('terraformExpression', () => {
  it('gives the bare expression behind a token, and refuses anything that is not one reference', () => {
    synthJson((app) => {
      const stack = new TerraformStack(app, 'probe');
      const name = new TerraformVariable(stack, 'keyvault_name', { type: 'string' });
      expect(terraformExpression(stack, name.stringValue)).toBe('var.keyvault_name');
      expect(() => terraformExpression(stack, `kv-${name.stringValue}`)).toThrow('not a single Terraform reference: kv-${var.keyvault_name}');
      expect(() => terraformExpression(stack, 'kv-kevinryan-io')).toThrow('not a single Terraform reference');
      return stack;
    });
  });
});
