// The readers the stack tests rely on must catch the mistakes spec 0001 guards against:
// each case breaks a copy of the real synthesized JSON and expects the reader to notice.
import { beforeAll, describe, expect, it } from 'vitest';
import { K3sStack } from '../src/stack.js';
import type { Json } from './terraform-json.js';
import { blocks, decodeCustomData, findCycle, interpolations, resource, synthJson } from './terraform-json.js';

let original: Json;
beforeAll(() => {
  original = synthJson((app) => new K3sStack(app, 'k3s'));
});
const copy = (): Json => structuredClone(original);

describe('mutations of the k3s stack', () => {
  it('sees the vault name taken from the vault resource instead of var.keyvault_name', () => {
    const json = copy();
    const node1 = resource(json, 'azurerm_linux_virtual_machine', 'node1_vm');
    node1.custom_data = (node1.custom_data as string).replaceAll('${var.keyvault_name}', '${azurerm_key_vault.keyvault_vault.name}');
    const expressions = interpolations(decodeCustomData(node1.custom_data as string));
    expect(expressions).toContain('azurerm_key_vault.keyvault_vault.name');
    expect(expressions).not.toContain('var.keyvault_name');
  });

  it('finds the cycle once the vault also needs something from a node', () => {
    const json = copy();
    const node1 = resource(json, 'azurerm_linux_virtual_machine', 'node1_vm');
    node1.custom_data = (node1.custom_data as string).replaceAll('${var.keyvault_name}', '${azurerm_key_vault.keyvault_vault.name}');
    // As with inline access policies: the vault itself would hold the VM principal.
    resource(json, 'azurerm_key_vault', 'keyvault_vault').tags = {
      reader: '${azurerm_linux_virtual_machine.node1_vm.identity[0].principal_id}',
    };
    expect(findCycle(json)).toEqual([
      'azurerm_linux_virtual_machine.node1_vm',
      'azurerm_key_vault.keyvault_vault',
      'azurerm_linux_virtual_machine.node1_vm',
    ]);
  });

  it('sees a client_config data source put back inside the keyvault scope', () => {
    const json = copy();
    (json.data as Record<string, Json>).azurerm_client_config = {
      ...((json.data as Record<string, Json>).azurerm_client_config ?? {}),
      keyvault_current: { '//': { metadata: { path: 'k3s/keyvault/current' } } },
    };
    expect(blocks(json).filter((b) => b.scope === 'keyvault' && b.address.startsWith('data.')).map((b) => b.address)).toEqual([
      'data.azurerm_client_config.keyvault_current',
    ]);
  });

  it('fails to decode custom_data that is not a base64encode of a template', () => {
    expect(() => decodeCustomData('${filebase64("cloud-init.yaml")}')).toThrow(/not base64encode/);
  });
});
