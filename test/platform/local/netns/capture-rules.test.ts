import { describe, expect, it } from 'vitest';
import { captureRules, missingRules } from '../../../../src/platform/local/netns/capture-rules.ts';
import { buildTopology } from '../../../../src/platform/local/netns/namespace-topology.ts';

const topology = (mode: 'baseline' | 'sidecar' | 'node-proxy') => buildTopology({ prefix: 'mb-abc123', mode, rangePrefix: '10.213', services: ['gateway', 'order'] });

describe('capture rules', () => {
  it('sidecar: every meshed pod, proxy uid excluded, outbound 15001, inbound 15006; none for the outsider', () => {
    const rules = captureRules(topology('sidecar'));
    expect(rules.map((r) => r.netns)).toEqual(['mb-abc123-agent', 'mb-abc123-gateway', 'mb-abc123-order']);
    expect(rules[0]?.rules.map((r) => r.join(' '))).toEqual([
      '-A OUTPUT -p tcp -m owner --uid-owner 1337 -j RETURN',
      '-A OUTPUT -d 127.0.0.0/8 -p tcp -j RETURN',
      '-A OUTPUT -p tcp -j REDIRECT --to-ports 15001',
      '-A PREROUTING -p tcp -j REDIRECT --to-ports 15006',
    ]);
  });

  it('node proxy: each node captures its meshed pods\' veths and plaintext arriving for its pods', () => {
    const [client, server] = captureRules(topology('node-proxy'));
    expect(client?.rules.map((r) => r.join(' '))).toEqual([
      '-A PREROUTING -i veth0 -p tcp -j REDIRECT --to-ports 15001',
      '-A PREROUTING -d 10.213.1.0/24 -i link0 -p tcp -j REDIRECT --to-ports 15008',
    ]);
    expect(server?.rules).toHaveLength(3);
    expect(captureRules(topology('baseline'))).toEqual([]);
  });

  it('finds rules missing from iptables-save output', () => {
    const rules = captureRules(topology('sidecar'))[0]?.rules ?? [];
    const saved = '*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -m owner --uid-owner 1337 -j RETURN\n-A OUTPUT -d 127.0.0.0/8 -p tcp -j RETURN\nCOMMIT';
    expect(missingRules(rules, saved)).toEqual(['-A OUTPUT -p tcp -j REDIRECT --to-ports 15001', '-A PREROUTING -p tcp -j REDIRECT --to-ports 15006']);
  });
});
