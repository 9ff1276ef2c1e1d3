import { Construct } from 'constructs';
import { TerraformIterator } from 'cdktf';
import { KeyVault as AzureKeyVault } from '@cdktf/provider-azurerm/lib/key-vault/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';

interface KeyVaultProps {
  readonly location: string;
  readonly resourceGroupName: string;
  /** Globally unique vault name; the stack passes the root variable `keyvault_name`. */
  readonly name: string;
  /** Passed in, so that this unit reads no `azurerm_client_config` itself. */
  readonly tenantId: string;
  /** VM managed identities that may read secrets, keyed by node (`node1`, `node2`). */
  readonly vmPrincipalIds: Readonly<Record<string, string>>;
  /** The identity that runs Terraform and writes the secrets. */
  readonly terraformObjectId: string;
}

/** The Key Vault (RBAC, no access policies) and who may read and write its secrets. */
export class KeyVault extends Construct {
  readonly keyVaultId: string;
  readonly keyVaultUri: string;
  readonly keyVaultName: string;
  /** Secrets written by Terraform must wait for this grant, or the first apply gets a 403. */
  readonly secretsOfficer: RoleAssignment;

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    super(scope, id);

    const vault = new AzureKeyVault(this, 'vault', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      // A portfolio platform, not production: a deleted vault name must be reusable at once.
      purgeProtectionEnabled: false,
    });

    // Keys (node names) are known at plan time; the principal ids are not until the VMs exist,
    // which is why this is a map and not a set of ids (for_each keys must be known).
    const readers = TerraformIterator.fromMap(props.vmPrincipalIds);
    new RoleAssignment(this, 'secrets_user', {
      forEach: readers,
      scope: vault.id,
      roleDefinitionName: 'Key Vault Secrets User',
      principalId: readers.value,
    });
    this.secretsOfficer = new RoleAssignment(this, 'secrets_officer', {
      scope: vault.id,
      roleDefinitionName: 'Key Vault Secrets Officer',
      principalId: props.terraformObjectId,
    });

    this.keyVaultId = vault.id;
    this.keyVaultUri = vault.vaultUri;
    this.keyVaultName = vault.name;
  }
}
