import { describe, expect, it } from 'vitest';
import { buildTopology, inNetns, NETNS_NAME_PATTERN, podByName, topologyNamespaces, topologyWiringCommands } from '../../../../src/platform/local/netns/namespace-topology.ts';

const topology = buildTopology({ prefix: 'mb-0a1b2c', mode: 'sidecar', rangePrefix: '10.213', services: ['gateway', 'order'] });

describe('buildTopology', () => {
  it('puts the two nodes on a /30 link, each with its own /24 of pods', () => {
    expect(topology.nodes).toEqual({
      client: { role: 'client', netns: 'mb-0a1b2c-node-client', podCidr: '10.213.1.0/24', podGateway: '10.213.1.1', linkAddress: '10.213.0.1' },
      server: { role: 'server', netns: 'mb-0a1b2c-node-server', podCidr: '10.213.2.0/24', podGateway: '10.213.2.1', linkAddress: '10.213.0.2' },
    });
  });

  it('places the agent and the outsider on the client node and the services on the server node, numbered per node', () => {
    expect(topology.pods.map((p) => [p.name, p.role, p.node, p.address, p.nodeVeth, p.meshed])).toEqual([
      ['agent', 'agent', 'client', '10.213.1.10', 'veth0', true],
      ['gateway', 'service', 'server', '10.213.2.10', 'veth0', true],
      ['order', 'service', 'server', '10.213.2.11', 'veth1', true],
      ['outsider', 'outsider', 'client', '10.213.1.11', 'veth1', false],
    ]);
    const baseline = buildTopology({ prefix: 'mb-0a1b2c', mode: 'baseline', rangePrefix: '10.213', services: ['order'] });
    expect(baseline.pods.every((p) => !p.meshed)).toBe(true);
  });

  it('names every namespace with the run prefix, nodes first', () => {
    const names = topologyNamespaces(topology);
    expect(names).toEqual(['mb-0a1b2c-node-client', 'mb-0a1b2c-node-server', 'mb-0a1b2c-agent', 'mb-0a1b2c-gateway', 'mb-0a1b2c-order', 'mb-0a1b2c-outsider']);
    for (const n of names) expect(n).toMatch(NETNS_NAME_PATTERN);
  });

  it('finds pods by name', () => {
    expect(podByName(topology, 'order').address).toBe('10.213.2.11');
    expect(() => podByName(topology, 'nope')).toThrow('no pod nope in the topology');
  });
});

describe('topologyWiringCommands', () => {
  const commands = topologyWiringCommands(topology);

  it('wires nodes, the link, then each pod, all with ip', () => {
    expect(commands.every((c) => c.file === 'ip')).toBe(true);
    expect(commands).toHaveLength(2 * 2 + 7 + 4 * 9);
    expect(commands[0]?.args).toEqual(['-n', 'mb-0a1b2c-node-client', 'link', 'set', 'lo', 'up']);
    expect(commands[1]?.args).toEqual(['netns', 'exec', 'mb-0a1b2c-node-client', 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  });

  it('routes each node\'s pods through the other node over the link', () => {
    const args = commands.map((c) => c.args.join(' '));
    expect(args).toContain('-n mb-0a1b2c-node-client link add link0 type veth peer name link0 netns mb-0a1b2c-node-server');
    expect(args).toContain('-n mb-0a1b2c-node-client route add 10.213.2.0/24 via 10.213.0.2');
    expect(args).toContain('-n mb-0a1b2c-node-server route add 10.213.1.0/24 via 10.213.0.1');
  });

  it('gives each pod a /32 with its node as the on-link default gateway', () => {
    const order = commands.filter((c) => c.description.includes('pod order') || c.description.includes('to pod order')).map((c) => c.args.join(' '));
    expect(order).toEqual([
      '-n mb-0a1b2c-order link set lo up',
      '-n mb-0a1b2c-node-server link add veth1 type veth peer name eth0 netns mb-0a1b2c-order',
      '-n mb-0a1b2c-node-server route add 10.213.2.11/32 dev veth1',
      '-n mb-0a1b2c-order addr add 10.213.2.11/32 dev eth0',
      '-n mb-0a1b2c-order link set eth0 up',
      '-n mb-0a1b2c-order route add 10.213.2.1 dev eth0 scope link',
      '-n mb-0a1b2c-order route add default via 10.213.2.1 dev eth0',
    ]);
  });
});

describe('inNetns', () => {
  it('runs a program inside a namespace', () => {
    expect(inNetns('mb-0a1b2c-order', 'node', ['x.mjs'])).toEqual({ command: 'ip', args: ['netns', 'exec', 'mb-0a1b2c-order', 'node', 'x.mjs'] });
  });
});
