import type { Construct, Node } from 'constructs';
import {
  DefaultTokenResolver,
  LocalBackend,
  StringConcat,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Tokenization,
} from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider/index.js';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config/index.js';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret/index.js';
import { RandomProvider } from '@cdktf/provider-random/lib/provider/index.js';
import { Password } from '@cdktf/provider-random/lib/password/index.js';
import { cloudInitCustomData } from './cloud-init.js';
import { KeyVault } from './key-vault.js';
import { Network } from './network.js';
import { K3sNode } from './node.js';
import { Registry } from './registry.js';

/**
 * Spec 0001: two K3s nodes (node1 server, node2 observability agent), the Key Vault that
 * holds the join token, the registry both nodes pull from, and Flux's helm-controller.
 *
 * The wiring that matters: both nodes' cloud-init gets the vault *name* from the root
 * variable `keyvault_name`, never from the vault resource. The vault's role assignments
 * need the nodes' principal ids and the nodes need their cloud-init: a reference from
 * the cloud-init to the vault ties the two together, and becomes a cycle as soon as the
 * vault itself needs anything from a node (as inline access policies would).
 */
export class K3sStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride('terraform.required_version', '>= 1.5');
    // Relative, so the output does not depend on where it was synthesized (cdktf's default
    // is an absolute path). A remote backend is the operator's choice (see spec 0001).
    new LocalBackend(this, { path: 'terraform.k3s.tfstate' });

    new AzurermProvider(this, 'azurerm', { features: [{}] });
    new RandomProvider(this, 'random', {});

    const v = variables(this);
    // Read here, at the root, and passed in: the Key Vault unit reads no data source itself.
    const caller = new DataAzurermClientConfig(this, 'current', {});

    const network = new Network(this, 'network', {
      resourceGroupName: v.resourceGroupName.stringValue,
      location: v.location.stringValue,
      adminIp: v.adminIp.stringValue,
    });

    const nodeDefaults = {
      location: network.location,
      resourceGroupName: network.resourceGroupName,
      subnetId: network.subnetId,
      nsgId: network.nsgId,
      vmSize: v.vmSize.stringValue,
      adminUsername: v.adminUsername.stringValue,
      adminSshPublicKey: v.adminSshPublicKey.stringValue,
    };
    // The templates get `var.keyvault_name` and `var.acr_name`, never attributes of the vault
    // or the registry, whose role assignments need the nodes (see the class comment).
    const expression = (token: string) => terraformExpression(this, token);

    const node1 = new K3sNode(this, 'node1', {
      ...nodeDefaults,
      vmName: 'vm-kevinryan-node1',
      publicIpId: network.publicIpIdNode1,
      customData: cloudInitCustomData('cloud-init-server.yaml', {
        keyvault_name: expression(v.keyvaultName.stringValue),
        acr_name: expression(v.acrName.stringValue),
        github_token: expression(v.githubToken.stringValue),
        flux_github_owner: expression(v.fluxGithubOwner.stringValue),
        flux_github_repository: expression(v.fluxGithubRepository.stringValue),
      }),
    });
    const node2 = new K3sNode(this, 'node2', {
      ...nodeDefaults,
      vmName: 'vm-kevinryan-node2',
      publicIpId: network.publicIpIdNode2,
      customData: cloudInitCustomData('cloud-init-agent.yaml', {
        keyvault_name: expression(v.keyvaultName.stringValue),
        acr_name: expression(v.acrName.stringValue),
        node1_private_ip: expression(node1.privateIpAddress),
      }),
    });
    const vmPrincipalIds = { node1: node1.principalId, node2: node2.principalId };

    const keyVault = new KeyVault(this, 'keyvault', {
      name: v.keyvaultName.stringValue,
      location: network.location,
      resourceGroupName: network.resourceGroupName,
      tenantId: caller.tenantId,
      terraformObjectId: caller.objectId,
      vmPrincipalIds,
    });

    // The join token never leaves Terraform and Key Vault: the nodes read it at boot.
    const token = new Password(this, 'k3s_token_password', { length: 48, special: false });
    token.overrideLogicalId('k3s_token');
    const tokenSecret = new KeyVaultSecret(this, 'k3s_token_secret', {
      name: 'k3s-token',
      value: token.result,
      keyVaultId: keyVault.keyVaultId,
      dependsOn: [keyVault.secretsOfficer],
    });
    tokenSecret.overrideLogicalId('k3s_token');

    new Registry(this, 'registry', {
      acrName: v.acrName.stringValue,
      location: network.location,
      resourceGroupName: network.resourceGroupName,
      vmPrincipalIds,
    });

    new TerraformOutput(this, 'node1_public_ip', {
      description: 'Public IP address of node1 (K3s server)',
      value: network.publicIpAddressNode1,
    });
    new TerraformOutput(this, 'node2_public_ip', {
      description: 'Public IP address of node2 (K3s agent)',
      value: network.publicIpAddressNode2,
    });
  }

  /**
   * Readable Terraform addresses (`azurerm_linux_virtual_machine.node1_vm`) instead of cdktf's
   * hashed ones: people type them in `terraform apply -replace=…`, and checks report them.
   * Construct ids here are snake_case and unique per parent, so joining them cannot collide.
   */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const ids = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    return ids.join('_');
  }
}

/**
 * The bare Terraform expression behind a cdktf token (`var.keyvault_name`), for text that
 * is itself part of a Terraform expression (the custom_data template).
 */
export function terraformExpression(scope: Construct, token: string): string {
  const resolved: unknown = Tokenization.resolve(token, {
    scope,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
  const match = typeof resolved === 'string' ? /^\$\{([^{}]+)\}$/.exec(resolved) : null;
  if (!match?.[1]) throw new Error(`not a single Terraform reference: ${String(resolved)}`);
  return match[1];
}

function variables(scope: Construct) {
  const variable = (name: string, description: string, extra: { default?: string; sensitive?: boolean } = {}) =>
    new TerraformVariable(scope, name, { type: 'string', description, ...extra });
  return {
    location: variable('location', 'Azure region of every resource', { default: 'northeurope' }),
    resourceGroupName: variable('resource_group_name', 'Resource group that holds the platform', {
      default: 'rg-kevinryan-io',
    }),
    adminIp: variable('admin_ip', 'The only source address allowed to reach the nodes over SSH'),
    adminUsername: variable('admin_username', 'Admin user on both VMs', { default: 'azureuser' }),
    adminSshPublicKey: variable('admin_ssh_public_key', 'SSH public key of the admin user'),
    vmSize: variable('vm_size', 'Size of both VMs', { default: 'Standard_B2s' }),
    keyvaultName: variable(
      'keyvault_name',
      'Globally unique name of the Azure Key Vault (3-24 chars, alphanumeric and hyphens)',
      { default: 'kv-kevinryan-io' },
    ),
    acrName: variable('acr_name', 'Globally unique name of the container registry (alphanumeric)', {
      default: 'acrkevinryanio',
    }),
    githubToken: variable('github_token', 'GitHub token that Flux bootstraps with on node1', { sensitive: true }),
    fluxGithubOwner: variable('flux_github_owner', 'Owner of the repository Flux syncs from', {
      default: 'kevin-ryan-associates',
    }),
    fluxGithubRepository: variable('flux_github_repository', 'Repository Flux syncs from', {
      default: 'kra-platform',
    }),
  };
}
