/**
 * The shape of a netns run (pure): two "node" namespaces, client and server, joined by a veth
 * link, and one namespace per "pod" attached to its node by a veth. Nodes route (no bridge): each
 * pod has a /32 address with the node as its next hop, as Calico does, so every packet a pod
 * sends — also to a pod on the same node — passes through the node namespace's IP stack, where
 * the node proxy can capture it. Names carry a run-unique prefix (`mb-<6 hex>-`), addresses come
 * from a /16 the host does not route (address-range.ts). See docs/netns-targets.md.
 */
import type { NetnsMeshSpec } from '../../../config/target-schema.ts';

export type NetnsMode = NetnsMeshSpec['mode'];
export type NodeRole = 'client' | 'server';

/** Port every service listens on in its pod (as in a cluster). */
export const POD_SERVICE_PORT = 8080;
/** Name of the node-to-node veth in both node namespaces. */
export const NODE_LINK_DEVICE = 'link0';
/** Namespace names meshbench creates: `mb-<6 hex>-…` (what prune looks for). */
export const NETNS_NAME_PATTERN = /^mb-[0-9a-f]{6}-[a-z0-9-]+$/;

export interface NodeSpec {
  role: NodeRole;
  netns: string;
  /** The node's pod range, e.g. 10.213.1.0/24. */
  podCidr: string;
  /** The pods' next hop: the node's address on every pod veth, e.g. 10.213.1.1. */
  podGateway: string;
  /** The node's address on the node link (a /30). */
  linkAddress: string;
}

export interface PodSpec {
  /** `agent`, a service of the chain, or `outsider` (a pod outside the mesh, for the refusal check). */
  name: string;
  role: 'agent' | 'service' | 'outsider';
  node: NodeRole;
  netns: string;
  address: string;
  /** The pod's veth as seen in the node namespace (the pod side is always eth0). */
  nodeVeth: string;
  /** In the mesh: captured by its sidecar or its node proxy. */
  meshed: boolean;
}

export interface NetnsTopology {
  prefix: string;
  mode: NetnsMode;
  /** The /16 the run's addresses come from, e.g. `10.213`. */
  rangePrefix: string;
  nodes: { client: NodeSpec; server: NodeSpec };
  /** Agent first, then the services entry first, then the outsider. */
  pods: PodSpec[];
}

/** One command that builds or inspects the topology: a printable, runnable argv. */
export interface TopologyCommand {
  file: string;
  args: string[];
  description: string;
}

/** Options of {@link buildTopology}. */
export interface BuildTopologyOptions {
  /** `mb-<6 hex>`. */
  prefix: string;
  mode: NetnsMode;
  /** First two octets of a free /16, e.g. `10.213`. */
  rangePrefix: string;
  /** The chain's services, entry first. */
  services: readonly string[];
}

function node(role: NodeRole, options: BuildTopologyOptions): NodeSpec {
  const third = role === 'client' ? 1 : 2;
  return {
    role,
    netns: `${options.prefix}-node-${role}`,
    podCidr: `${options.rangePrefix}.${third}.0/24`,
    podGateway: `${options.rangePrefix}.${third}.1`,
    linkAddress: `${options.rangePrefix}.0.${third}`,
  };
}

export function buildTopology(options: BuildTopologyOptions): NetnsTopology {
  const client = node('client', options);
  const server = node('server', options);
  const pods: PodSpec[] = [];
  const add = (name: string, role: PodSpec['role'], on: NodeSpec) => {
    const index = pods.filter((p) => p.node === on.role).length;
    pods.push({
      name,
      role,
      node: on.role,
      netns: `${options.prefix}-${name}`,
      address: `${on.podGateway.replace(/\.1$/, '')}.${10 + index}`,
      nodeVeth: `veth${index}`,
      meshed: role !== 'outsider' && options.mode !== 'baseline',
    });
  };
  add('agent', 'agent', client);
  for (const name of options.services) add(name, 'service', server);
  // On the client node: its traffic crosses the node link like the agent's, but it is not captured.
  add('outsider', 'outsider', client);
  return { prefix: options.prefix, mode: options.mode, rangePrefix: options.rangePrefix, nodes: { client, server }, pods };
}

/** Every namespace of the topology, nodes first. */
export function topologyNamespaces(t: NetnsTopology): string[] {
  return [t.nodes.client.netns, t.nodes.server.netns, ...t.pods.map((p) => p.netns)];
}

export function podByName(t: NetnsTopology, name: string): PodSpec {
  const pod = t.pods.find((p) => p.name === name);
  if (!pod) throw new Error(`no pod ${name} in the topology`);
  return pod;
}

function ipIn(netns: string, args: string[], description: string): TopologyCommand {
  return { file: 'ip', args: ['-n', netns, ...args], description };
}

/** The `ip` commands that build one node namespace (`ip netns add` excluded: see netns-commands.ts). */
function nodeCommands(n: NodeSpec): TopologyCommand[] {
  return [
    ipIn(n.netns, ['link', 'set', 'lo', 'up'], `${n.role} node: loopback up`),
    { file: 'ip', args: ['netns', 'exec', n.netns, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1'], description: `${n.role} node: route between its pods and the other node` },
  ];
}

function linkCommands(t: NetnsTopology): TopologyCommand[] {
  const { client, server } = t.nodes;
  return [
    ipIn(client.netns, ['link', 'add', NODE_LINK_DEVICE, 'type', 'veth', 'peer', 'name', NODE_LINK_DEVICE, 'netns', server.netns], 'node link: a veth pair between the two nodes'),
    ...[client, server].flatMap((n) => [
      ipIn(n.netns, ['addr', 'add', `${n.linkAddress}/30`, 'dev', NODE_LINK_DEVICE], `${n.role} node: link address`),
      ipIn(n.netns, ['link', 'set', NODE_LINK_DEVICE, 'up'], `${n.role} node: link up`),
    ]),
    ipIn(client.netns, ['route', 'add', server.podCidr, 'via', server.linkAddress], 'client node: server pods via the link'),
    ipIn(server.netns, ['route', 'add', client.podCidr, 'via', client.linkAddress], 'server node: client pods via the link'),
  ];
}

function podCommands(t: NetnsTopology, pod: PodSpec): TopologyCommand[] {
  const n = t.nodes[pod.node];
  return [
    ipIn(pod.netns, ['link', 'set', 'lo', 'up'], `pod ${pod.name}: loopback up`),
    ipIn(n.netns, ['link', 'add', pod.nodeVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod.netns], `pod ${pod.name}: veth to the ${n.role} node`),
    ipIn(n.netns, ['addr', 'add', `${n.podGateway}/32`, 'dev', pod.nodeVeth], `${n.role} node: next-hop address on ${pod.nodeVeth}`),
    ipIn(n.netns, ['link', 'set', pod.nodeVeth, 'up'], `${n.role} node: ${pod.nodeVeth} up`),
    ipIn(n.netns, ['route', 'add', `${pod.address}/32`, 'dev', pod.nodeVeth], `${n.role} node: route to pod ${pod.name}`),
    ipIn(pod.netns, ['addr', 'add', `${pod.address}/32`, 'dev', 'eth0'], `pod ${pod.name}: address ${pod.address}`),
    ipIn(pod.netns, ['link', 'set', 'eth0', 'up'], `pod ${pod.name}: eth0 up`),
    ipIn(pod.netns, ['route', 'add', n.podGateway, 'dev', 'eth0', 'scope', 'link'], `pod ${pod.name}: the node is on-link`),
    ipIn(pod.netns, ['route', 'add', 'default', 'via', n.podGateway, 'dev', 'eth0'], `pod ${pod.name}: default route via the node`),
  ];
}

/** The commands that wire the namespaces once they exist, in order. */
export function topologyWiringCommands(t: NetnsTopology): TopologyCommand[] {
  return [
    ...nodeCommands(t.nodes.client),
    ...nodeCommands(t.nodes.server),
    ...linkCommands(t),
    ...t.pods.flatMap((p) => podCommands(t, p)),
  ];
}

/** Runs a program inside a namespace: `ip netns exec <netns> <command…>`. */
export function inNetns(netns: string, command: string, args: readonly string[]): { command: string; args: string[] } {
  return { command: 'ip', args: ['netns', 'exec', netns, command, ...args] };
}
