/**
 * The cilium target end to end on the kind platform (fake kind/docker/kubectl/cilium, fake API
 * server): a cluster without default CNI and kube-proxy, `cilium install` with kube-proxy
 * replacement and WireGuard, nodes Ready after it, the L7 policy, WireGuard verified from the
 * agent's status, the unlisted caller refused, cilium-agent and cilium-envoy metered, teardown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kindClusterName } from '../../src/platform/kind/kind-cluster-name.ts';
import { type MeshE2e, startMeshE2e } from '../helpers/mesh-e2e.ts';

let e2e: MeshE2e | undefined;

afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

describe('cilium on kind', () => {
  it('creates the cluster without CNI, installs Cilium, verifies WireGuard and the L7 policy, meters agent and envoy', async () => {
    e2e = await startMeshE2e({ target: 'cilium', webhook: 'none', probeLog: '{"outcome":"error","code":"ETIMEDOUT"}', features: { authz: 'l7' } });
    const runId = '20261126-160000-cilium';
    const prepared = await e2e.prepare(runId);
    const cluster = kindClusterName('cilium', runId);
    const create = e2e.fakes.calls('kind').find((c) => c.argv[0] === 'create');
    expect(create?.argv).not.toContain('--wait');
    expect(e2e.fakes.calls('cilium').map((c) => c.argv.join(' '))).toEqual([
      'version --client',
      'install --version 1.20.3 --set kubeProxyReplacement=true --set encryption.enabled=true --set encryption.type=wireguard',
      'status --wait',
      'version',
    ]);
    const namespace = prepared.plan.namespace ?? '';
    expect(e2e.api.object('CiliumNetworkPolicy', 'order-l7', namespace)?.['spec']).toMatchObject({
      endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'order' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { 'app.kubernetes.io/name': 'gateway' } }] }, { fromEntities: ['host', 'remote-node'] }],
    });
    expect(e2e.api.object('CiliumNetworkPolicy', 'gateway-l7', namespace)?.['spec']).toMatchObject({
      ingress: [{ fromEndpoints: [{ matchLabels: { 'app.kubernetes.io/name': 'load-agent' } }] }, { fromEntities: ['host', 'remote-node'] }],
    });
    expect(prepared.verification[0]?.evidence).toEqual([
      'cilium-agent: 3 ready pods on 3/3 nodes',
      'cilium-envoy: 3 ready pods on 3/3 nodes',
    ]);
    expect(prepared.verification.map((c) => [c.name, c.passed])).toEqual([
      ['cilium-agents-ready', true],
      ['cilium-wireguard', true],
      ['unlisted-caller-refused', true],
    ]);
    expect(prepared.verification[1]?.evidence).toContain('WireGuard peers 2, expected ≥ 2 (3 nodes; same-node traffic is not encrypted)');
    expect(prepared.runningVersion).toBe('1.20.3');
    const result = await e2e.measureAndTeardown(prepared, runId);
    const rep = result.levels[0]?.repetitions[0];
    const components = Object.fromEntries((rep?.resources ?? []).map((r) => [r.component, r]));
    expect(components['cilium-agent']?.instances).toHaveLength(2);
    expect(components['cilium-envoy']?.instances).toHaveLength(2);
    expect(components['cilium-agent']?.role).toBe('data-plane');
    expect(rep?.hostCpu).not.toBeNull();
    expect(e2e.fakes.calls('kind').at(-1)?.argv.slice(0, 4)).toEqual(['delete', 'cluster', '--name', cluster]);
  });
});
