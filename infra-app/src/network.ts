import { Construct } from 'constructs';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group/index.js';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule/index.js';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip/index.js';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet/index.js';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network/index.js';

interface NetworkProps {
  readonly resourceGroupName: string;
  readonly location: string;
  /** The one address allowed to reach the nodes over SSH (CIDR or address). */
  readonly adminIp: string;
}

/** The resource group, one VNet and subnet, the shared NSG and a public IP per node. */
export class Network extends Construct {
  readonly resourceGroupName: string;
  readonly location: string;
  readonly vnetId: string;
  readonly vnetName: string;
  readonly subnetId: string;
  readonly nsgId: string;
  readonly publicIpIdNode1: string;
  readonly publicIpAddressNode1: string;
  readonly publicIpIdNode2: string;
  readonly publicIpAddressNode2: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);

    const group = new ResourceGroup(this, 'resource_group', { name: props.resourceGroupName, location: props.location });
    const placement = { resourceGroupName: group.name, location: group.location };

    const vnet = new VirtualNetwork(this, 'vnet', { ...placement, name: 'vnet-kevinryan-io', addressSpace: ['10.0.0.0/16'] });
    // One subnet holds both nodes: a /24 is far more than two VMs need.
    const subnet = new Subnet(this, 'subnet', {
      resourceGroupName: group.name,
      name: 'snet-kevinryan-io',
      virtualNetworkName: vnet.name,
      addressPrefixes: ['10.0.1.0/24'],
    });

    // Shared by both nodes: HTTP(S) rules do no harm on node2, nothing listens there.
    const nsg = new NetworkSecurityGroup(this, 'nsg', { ...placement, name: 'nsg-kevinryan-io' });
    const inbound = [
      { id: 'allow_http', name: 'AllowHTTP', priority: 100, port: '80', source: '*' },
      { id: 'allow_https', name: 'AllowHTTPS', priority: 110, port: '443', source: '*' },
      { id: 'allow_ssh', name: 'AllowSSH', priority: 120, port: '22', source: props.adminIp },
    ];
    for (const rule of inbound) {
      new NetworkSecurityRule(this, rule.id, {
        resourceGroupName: group.name,
        networkSecurityGroupName: nsg.name,
        name: rule.name,
        priority: rule.priority,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourcePortRange: '*',
        destinationPortRange: rule.port,
        sourceAddressPrefix: rule.source,
        destinationAddressPrefix: '*',
      });
    }

    const publicIp = (id: string, name: string) =>
      new PublicIp(this, id, { ...placement, name, allocationMethod: 'Static', sku: 'Standard', zones: ['1'] });
    const node1Ip = publicIp('pip_node1', 'pip-kevinryan-io');
    // node2 needs its own address for outbound traffic (image pulls).
    const node2Ip = publicIp('pip_node2', 'pip-kevinryan-node2');

    this.resourceGroupName = group.name;
    this.location = group.location;
    this.vnetId = vnet.id;
    this.vnetName = vnet.name;
    this.subnetId = subnet.id;
    this.nsgId = nsg.id;
    this.publicIpIdNode1 = node1Ip.id;
    this.publicIpAddressNode1 = node1Ip.ipAddress;
    this.publicIpIdNode2 = node2Ip.id;
    this.publicIpAddressNode2 = node2Ip.ipAddress;
  }
}
