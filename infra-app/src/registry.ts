import { Construct } from 'constructs';
import { TerraformIterator } from 'cdktf';
import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';

interface RegistryProps {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly acrName: string;
  /** VM managed identities that pull images, keyed by node (`node1`, `node2`). */
  readonly vmPrincipalIds: Readonly<Record<string, string>>;
}

/** The container registry; every node pulls from it with its managed identity (AcrPull). */
export class Registry extends Construct {
  readonly acrId: string;
  readonly loginServer: string;

  constructor(scope: Construct, id: string, props: RegistryProps) {
    super(scope, id);

    const acr = new ContainerRegistry(this, 'acr', {
      name: props.acrName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: 'Basic',
      adminEnabled: false,
    });

    // A map keyed by node name: for_each keys must be known at plan time, principal ids are not.
    const pullers = TerraformIterator.fromMap(props.vmPrincipalIds);
    new RoleAssignment(this, 'acr_pull', {
      forEach: pullers,
      scope: acr.id,
      roleDefinitionName: 'AcrPull',
      principalId: pullers.value,
    });

    this.acrId = acr.id;
    this.loginServer = acr.loginServer;
  }
}
