/**
 * The iptables nat rules that capture traffic into the proxies (pure). Each rule is written in
 * the canonical order `iptables-save` prints it back in, so verification can compare the lines
 * read back from each namespace with the ones applied.
 *
 * Sidecar (like Istio's istio-iptables, in every meshed pod):
 *   OUTPUT: the proxy's own traffic (uid 1337) and loopback return; every other TCP connection is
 *           redirected to the outbound listener :15001.
 *   PREROUTING: every inbound TCP connection is redirected to the inbound listener :15006 (mTLS).
 * Node proxy (like ztunnel's L4 capture, in each node namespace):
 *   PREROUTING -i <meshed pod's veth>: the pod's TCP connections → the node proxy's :15001.
 *   PREROUTING -i link0 -d <this node's pods>: plaintext from elsewhere to a pod → the node
 *           proxy's mTLS tunnel port :15008, which refuses it (only mTLS from a node proxy passes).
 */
import { NODE_LINK_DEVICE, type NetnsTopology, type NodeSpec } from './namespace-topology.ts';

/** uid and gid the proxies run as; their own connections are not captured (Istio's 1337). */
export const PROXY_UID = 1337;
/** Outbound capture listener (Istio's 15001). */
export const OUTBOUND_PORT = 15001;
/** Sidecar inbound mTLS listener (Istio's 15006). */
export const INBOUND_PORT = 15006;
/** Node proxy's mTLS tunnel listener (ztunnel's HBONE 15008). */
export const TUNNEL_PORT = 15008;

/** Rules of one namespace: the `iptables -t nat -A …` argument lists. */
export interface NamespaceRules {
  netns: string;
  /** What the namespace is, for evidence: `pod gateway`, `server node`. */
  owner: string;
  rules: string[][];
}

export function sidecarRules(): string[][] {
  return [
    ['-A', 'OUTPUT', '-p', 'tcp', '-m', 'owner', '--uid-owner', String(PROXY_UID), '-j', 'RETURN'],
    ['-A', 'OUTPUT', '-d', '127.0.0.0/8', '-p', 'tcp', '-j', 'RETURN'],
    ['-A', 'OUTPUT', '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(OUTBOUND_PORT)],
    ['-A', 'PREROUTING', '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(INBOUND_PORT)],
  ];
}

export function nodeProxyRules(t: NetnsTopology, n: NodeSpec): string[][] {
  const meshed = t.pods.filter((p) => p.node === n.role && p.meshed);
  return [
    ...meshed.map((p) => ['-A', 'PREROUTING', '-i', p.nodeVeth, '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(OUTBOUND_PORT)]),
    ['-A', 'PREROUTING', '-d', n.podCidr, '-i', NODE_LINK_DEVICE, '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(TUNNEL_PORT)],
  ];
}

/** Every namespace's capture rules for the topology's mode (none for baseline). */
export function captureRules(t: NetnsTopology): NamespaceRules[] {
  if (t.mode === 'sidecar') return t.pods.filter((p) => p.meshed).map((p) => ({ netns: p.netns, owner: `pod ${p.name}`, rules: sidecarRules() }));
  if (t.mode === 'node-proxy') return [t.nodes.client, t.nodes.server].map((n) => ({ netns: n.netns, owner: `${n.role} node`, rules: nodeProxyRules(t, n) }));
  return [];
}

/** Rule lines as `iptables-save -t nat` prints them. */
export function savedRuleLine(rule: readonly string[]): string {
  return rule.join(' ');
}

/** The applied rules missing from an `iptables-save -t nat` output. */
export function missingRules(rules: readonly string[][], iptablesSaveOutput: string): string[] {
  const lines = new Set(iptablesSaveOutput.split('\n').map((l) => l.trim()));
  return rules.map(savedRuleLine).filter((l) => !lines.has(l));
}
