import { describe, expect, it } from 'vitest';
import { ciliumMesh } from '../../../src/mesh/cilium/index.ts';
import { FakeKubeClient, fakePod } from '../../helpers/fake-kube-client.ts';
import { runtime } from '../../helpers/mesh-check-runtime.ts';
import { toolOutput } from '../../helpers/tool-output.ts';

describe('cilium checks', () => {
  const nodes = ['meshbench-run1-control-plane', 'meshbench-run1-worker', 'meshbench-run1-worker2'].map((name) => ({ name, labels: {}, ready: true }));

  it('needs WireGuard with a peer per other node', async () => {
    const kube = new FakeKubeClient();
    kube.nodes = nodes;
    const status = [{ match: ['kubectl', '-n', 'kube-system', 'exec', 'ds/cilium', '-c', 'cilium-agent', '--', 'cilium-dbg', 'status'], stdout: toolOutput('cilium-dbg', '1.18.1', 'status.txt') }];
    const check = await ciliumMesh.checks['cilium-wireguard']?.({ agentCli: 'cilium-dbg' }, runtime(kube, status));
    expect(check?.passed).toBe(true);
    expect(check?.evidence).toContain('WireGuard peers 2, expected ≥ 2 (3 nodes; same-node traffic is not encrypted)');
    kube.nodes = [...nodes, { name: 'meshbench-run1-worker3', labels: {}, ready: true }];
    expect((await ciliumMesh.checks['cilium-wireguard']?.({ agentCli: 'cilium-dbg' }, runtime(kube, status)))?.passed).toBe(false);
    kube.nodes = nodes;
    const plain = [{ match: ['kubectl'], stdout: toolOutput('cilium-dbg', '1.18.1', 'status-no-encryption.txt') }];
    expect((await ciliumMesh.checks['cilium-wireguard']?.({ agentCli: 'cilium-dbg' }, runtime(kube, plain)))?.passed).toBe(false);
  });

  it('needs cilium-agent and cilium-envoy ready on every node', async () => {
    const kube = new FakeKubeClient();
    kube.nodes = nodes;
    kube.pods = nodes.flatMap((n, i) => [
      fakePod({ namespace: 'kube-system', name: `cilium-${i}`, labels: { 'k8s-app': 'cilium' }, containers: ['cilium-agent'], nodeName: n.name }),
      fakePod({ namespace: 'kube-system', name: `cilium-envoy-${i}`, labels: { 'k8s-app': 'cilium-envoy' }, containers: ['cilium-envoy'], nodeName: n.name }),
    ]);
    expect((await ciliumMesh.checks['cilium-agents-ready']?.({}, runtime(kube)))?.passed).toBe(true);
    kube.pods = kube.pods.filter((p) => p.name !== 'cilium-envoy-2');
    const failed = await ciliumMesh.checks['cilium-agents-ready']?.({}, runtime(kube));
    expect(failed?.passed).toBe(false);
    expect(failed?.evidence[1]).toBe('cilium-envoy: 2 ready pods on 2/3 nodes; missing on meshbench-run1-worker2');
  });
});
