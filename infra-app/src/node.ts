import { Construct } from 'constructs';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine/index.js';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface/index.js';
import { NetworkInterfaceSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-security-group-association/index.js';

interface NodeProps {
  /** `vm-kevinryan-node1`, …: names the VM, its NIC (`nic-<vmName>`) and its OS disk (`osdisk-<vmName>`). */
  readonly vmName: string;
  /** Base64 cloud-init, rendered by the caller: the node does not know its role. */
  readonly customData: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly subnetId: string;
  readonly publicIpId: string;
  readonly nsgId: string;
  readonly vmSize: string;
  readonly adminUsername: string;
  readonly adminSshPublicKey: string;
}

/** One K3s node: a NIC in the shared subnet and an Ubuntu VM with a system-assigned identity. */
export class K3sNode extends Construct {
  readonly vmId: string;
  readonly privateIpAddress: string;
  /** The VM's managed identity, granted Key Vault and ACR roles by the stack. */
  readonly principalId: string;

  constructor(scope: Construct, id: string, props: NodeProps) {
    super(scope, id);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName };

    const nic = new NetworkInterface(this, 'nic', {
      ...placement,
      name: `nic-${props.vmName}`,
      ipConfiguration: [
        {
          name: 'internal',
          subnetId: props.subnetId,
          privateIpAddressAllocation: 'Dynamic',
          publicIpAddressId: props.publicIpId,
        },
      ],
    });
    new NetworkInterfaceSecurityGroupAssociation(this, 'nsg_association', {
      networkInterfaceId: nic.id,
      networkSecurityGroupId: props.nsgId,
    });

    const vm = new LinuxVirtualMachine(this, 'vm', {
      ...placement,
      name: props.vmName,
      size: props.vmSize,
      zone: '1',
      adminUsername: props.adminUsername,
      adminSshKey: [{ username: props.adminUsername, publicKey: props.adminSshPublicKey }],
      networkInterfaceIds: [nic.id],
      sourceImageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
      osDisk: {
        name: `osdisk-${props.vmName}`,
        caching: 'ReadWrite',
        storageAccountType: 'Standard_LRS',
        diskSizeGb: 30,
      },
      identity: { type: 'SystemAssigned' },
      customData: props.customData,
      lifecycle: {
        // cloud-init runs at first boot only: a new template means a rebuild (replace), not an
        // update. Azure rejects in-place changes of the SSH key on an existing VM.
        ignoreChanges: ['custom_data', 'admin_ssh_key'],
      },
    });

    this.vmId = vm.id;
    this.privateIpAddress = nic.privateIpAddress;
    this.principalId = vm.identity.principalId;
  }
}
