/**
 * The kubelet meter against the fake API server: which containers it meters (data-plane
 * components incl. native sidecars and `nodes: workload`, the app, the agents, node totals), that
 * it waits for a counter newer than the window's end, and the staleness warning for short windows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/client-node-kube-client.ts';
import type { KubeClient } from '../../src/kube/kube-client.ts';
import { KubeletMeter, type MeteredContainerGroup } from '../../src/metrics/kubelet-meter.ts';
import type { KubeObject } from '../../src/plan/plan-types.ts';
import { FakeKubeApi, type FakeKubeApiOptions } from '../helpers/fake-kube-api.ts';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.ts';

let api: FakeKubeApi | undefined;

afterEach(async () => {
  await api?.close();
});

async function cluster(options: FakeKubeApiOptions = {}): Promise<KubeClient> {
  api = await FakeKubeApi.start({
    nodes: [
      { name: 'cp', controlPlane: true },
      { name: 'server', labels: { 'meshbench.io/role': 'server' } },
      { name: 'client', labels: { 'meshbench.io/role': 'client' } },
      { name: 'spare', labels: {} },
    ],
    ...options,
  });
  const path = join(tempDir('meshbench-meter-'), 'kubeconfig');
  api.writeKubeconfig(path);
  const kube = createKubeClient(path, null, { pollIntervalMs: 10 });
  const pods = (name: string, namespace: string, labels: Record<string, string>, containers: string[], nodeSelector: Record<string, string>, sidecar?: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: name === 'ztunnel' ? 'DaemonSet' : 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector,
          ...(sidecar ? { initContainers: [{ name: sidecar, image: 'proxy', restartPolicy: 'Always' }] } : {}),
          containers: containers.map((c) => ({ name: c, image: 'x' })),
        },
      },
    },
  });
  await kube.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    pods('order', 'bench', { 'meshbench.io/tier': 'server', app: 'order' }, ['order-service'], { 'meshbench.io/role': 'server' }, 'istio-proxy'),
    pods('agent', 'bench', { 'meshbench.io/tier': 'agent' }, ['agent'], { 'meshbench.io/role': 'client' }, 'istio-proxy'),
    pods('ztunnel', 'istio-system', { app: 'ztunnel' }, ['istio-proxy'], {}),
  ]);
  return kube;
}

const groups: MeteredContainerGroup[] = [
  { component: 'istio-proxy', role: 'data-plane', namespace: 'bench', podLabels: {}, container: 'istio-proxy', nodes: 'all' },
  { component: 'ztunnel', role: 'data-plane', namespace: 'istio-system', podLabels: { app: 'ztunnel' }, container: 'istio-proxy', nodes: 'workload' },
  { component: 'order-service', role: 'app', namespace: 'bench', podLabels: { 'meshbench.io/tier': 'server' }, container: 'order-service', nodes: 'all' },
  { component: 'load-agent', role: 'load-agent', namespace: 'bench', podLabels: { 'meshbench.io/tier': 'agent' }, container: 'agent', nodes: 'all', endsWithWindow: true },
];

const workload = {
  namespace: 'bench',
  serverPodLabels: { 'meshbench.io/tier': 'server' },
  clientPodLabels: { 'meshbench.io/tier': 'agent' },
  nodeRoleLabel: 'meshbench.io/role',
};

describe('KubeletMeter', () => {
  it('meters data-plane containers (native sidecars too), per-node proxies on the workload nodes only, the app, the agent and both nodes', async () => {
    const kube = await cluster();
    const meter = new KubeletMeter({ kube, groups, workload, readHostCpu: null, intervalMs: 50, endSettleMs: 1_000 });
    await meter.start();
    await new Promise((r) => setTimeout(r, 300));
    const endMs = Date.now();
    const startMs = endMs - 200;
    const { resources, hostCpu, warnings = [] } = await meter.stop({ startMs, endMs, achievedRps: 1000, completedRequests: 200 });
    const by = Object.fromEntries(resources.map((r) => [r.component, r]));
    expect(Object.keys(by).sort()).toEqual(['client-node', 'istio-proxy', 'load-agent', 'order-service', 'server-node', 'ztunnel']);
    // Two sidecars (order and agent pods); ztunnel only on server and client, not on `spare`.
    expect(by['istio-proxy']?.instances).toHaveLength(2);
    expect(by['ztunnel']?.instances.map((i) => i.split('/')[1]?.startsWith('ztunnel-'))).toEqual([true, true]);
    expect(by['ztunnel']?.instances).toHaveLength(2);
    expect(by['istio-proxy']?.vcpu).toBeCloseTo(0.2, 1);
    expect(by['istio-proxy']?.memoryPerInstanceAvgBytes).toBe(59_000_000);
    expect(by['order-service']?.vcpu).toBeCloseTo(0.25, 1);
    expect(by['order-service']?.vcpuPer1kRps).toBeCloseTo(0.25, 1);
    expect(by['server-node']?.instances).toEqual(['server']);
    expect(by['client-node']?.instances).toEqual(['client']);
    expect(resources.every((r) => r.source === 'kubelet-summary')).toBe(true);
    expect(hostCpu).toBeNull();
    expect(warnings).toEqual([]);
    expect(api?.requests.filter((r) => r.path.endsWith('/stats/summary')).some((r) => r.path.includes('/spare/'))).toBe(false);
  });

  it('keeps sampling after the window until the counters are newer than its end, and warns about a short window', async () => {
    const kube = await cluster({ summaryRefreshMs: 400 });
    const meter = new KubeletMeter({ kube, groups, workload, readHostCpu: null, intervalMs: 100, endSettleMs: 3_000 });
    await meter.start();
    await new Promise((r) => setTimeout(r, 900));
    const endMs = Date.now();
    const startMs = endMs - 600;
    const stopped = Date.now();
    const { resources, warnings = [] } = await meter.stop({ startMs, endMs, achievedRps: 100, completedRequests: 60 });
    // It waited for the next refresh (≤ 400 ms) instead of extrapolating the last one.
    expect(Date.now() - stopped).toBeGreaterThan(0);
    const app = resources.find((r) => r.component === 'order-service');
    expect(app?.vcpu).toBeCloseTo(0.25, 1);
    expect(warnings.some((w) => /^kubelet CPU counters were up to 0\.\d s old when read .*a 0\.6 s window is shorter than 4× that/.test(w))).toBe(true);
    expect(warnings.filter((w) => w.includes('after the window start') || w.includes('before the window end'))).toEqual([]);
  });

  it('does not wait for the sidecar of an agent pod that ended with the window (it can never report again)', async () => {
    const kube = await cluster({ summaryRefreshMs: 400 });
    const meter = new KubeletMeter({ kube, groups, workload, readHostCpu: null, intervalMs: 100, endSettleMs: 4_000 });
    await meter.start();
    await new Promise((r) => setTimeout(r, 900));
    const endMs = Date.now();
    // The agent's Job ends with its window: its pod, and its mesh sidecar, leave the kubelet summary.
    for (const pod of api?.objects('Pod', 'bench') ?? []) {
      const labels = (pod['metadata'] as { labels?: Record<string, string> }).labels ?? {};
      if (labels['meshbench.io/tier'] === 'agent') (pod['status'] as Record<string, unknown>)['phase'] = 'Succeeded';
    }
    const stopped = Date.now();
    const { resources } = await meter.stop({ startMs: endMs - 600, endMs, achievedRps: 100, completedRequests: 60 });
    // Before: it waited out the whole endSettleMs (20 s per repetition by default on a cluster).
    expect(Date.now() - stopped).toBeLessThan(2_500);
    expect(resources.find((r) => r.component === 'order-service')?.vcpu).toBeCloseTo(0.25, 1);
  });

  it('samples the host CPU when given a reader', async () => {
    const kube = await cluster();
    let busy = 0;
    const meter = new KubeletMeter({
      kube,
      groups,
      workload,
      readHostCpu: async () => {
        busy += 0.1;
        return { timeMs: Date.now(), busyCoreSeconds: busy, stealCoreSeconds: 0, totalCoreSeconds: busy * 4, cores: 8 };
      },
      intervalMs: 50,
      hostIntervalMs: 20,
      endSettleMs: 500,
    });
    await meter.start();
    await new Promise((r) => setTimeout(r, 200));
    const endMs = Date.now();
    const { hostCpu } = await meter.stop({ startMs: endMs - 150, endMs, achievedRps: 100, completedRequests: 15 });
    expect(hostCpu?.cores).toBe(8);
    expect(hostCpu?.busyCoreSeconds).toBeGreaterThan(0);
    expect(hostCpu?.utilization).toBeCloseTo(0.25, 2);
  });
});

describe('KubeletMeter when the kubelet stats cannot be read', () => {
  it('never rejects; the window gets a warning instead of resources', async () => {
    const failing = {
      listNodes: async () => {
        throw new Error('HTTP 403');
      },
      listPods: async () => [],
      getRaw: async () => {
        throw new Error('nodes/proxy is forbidden');
      },
    } as unknown as KubeClient;
    const meter = new KubeletMeter({ kube: failing, groups, workload, readHostCpu: null, intervalMs: 20, endSettleMs: 50 });
    await meter.start();
    await meter.sampleNow();
    const { resources, warnings = [] } = await meter.stop({ startMs: 0, endMs: 1, achievedRps: 1, completedRequests: 1 });
    expect(resources).toEqual([]);
    expect(warnings).toContain('kubelet stats: cannot list the nodes: HTTP 403');
    expect(warnings).toContain('order-service: no container found to meter');
  });
});
