import { describe, expect, it } from 'vitest';
import { KubeWorkloadWatch } from '../../../src/platform/kube-common/kube-workload-watch.ts';
import { FakeKubeClient, fakePod } from '../../helpers/fake-kube-client.ts';

const NS = 'bench';
const server = (name: string, extra: Partial<Parameters<typeof fakePod>[0]> = {}) =>
  fakePod({ namespace: NS, name, labels: { 'meshbench.io/tier': 'server' }, containers: ['order-service', 'istio-proxy'], ...extra });

function setUp(): { kube: FakeKubeClient; watch: KubeWorkloadWatch } {
  const kube = new FakeKubeClient();
  kube.pods = [server('order-1'), server('gateway-1'), fakePod({ namespace: NS, name: 'agent-0', labels: { 'meshbench.io/tier': 'agent' } })];
  return { kube, watch: new KubeWorkloadWatch({ kube, namespace: NS }) };
}

describe('KubeWorkloadWatch', () => {
  it('takes the baseline on the first check and reports nothing while the server pods stay as they were', async () => {
    const { watch } = setUp();
    expect(await watch.check()).toBeNull();
    expect(await watch.check()).toBeNull();
  });

  it('reports a restarted container with the pod\'s log tail', async () => {
    const { kube, watch } = setUp();
    await watch.check();
    kube.pods[0] = { ...server('order-1'), restarts: 1 };
    kube.logs.set(`${NS}/order-1`, `${Array.from({ length: 25 }, (_, i) => `line ${i}`).join('\n')}\n`);
    const failure = await watch.check();
    expect(failure).toMatchObject({ component: 'pod bench/order-1 (order-service, istio-proxy)', pid: null, how: 'restarted (restartCount 0 → 1)' });
    expect(failure?.outputTail).toHaveLength(20);
    expect(failure?.outputTail.at(-1)).toBe('line 24');
  });

  it('reports a pod that is gone, being deleted, or no longer Running', async () => {
    for (const [change, how] of [
      [(k: FakeKubeClient) => (k.pods = k.pods.filter((p) => p.name !== 'gateway-1')), 'is gone (deleted or evicted)'],
      [(k: FakeKubeClient) => (k.pods[1] = { ...server('gateway-1'), terminating: true }), 'is being deleted'],
      [(k: FakeKubeClient) => (k.pods[1] = server('gateway-1', { phase: 'Failed' })), 'is Failed'],
    ] as const) {
      const { kube, watch } = setUp();
      await watch.check();
      change(kube);
      const failure = await watch.check();
      expect(failure?.component).toBe('pod bench/gateway-1 (order-service, istio-proxy)');
      expect(failure?.how).toBe(how);
    }
  });

  it('ignores pods that are not servers', async () => {
    const { kube, watch } = setUp();
    await watch.check();
    kube.pods = kube.pods.filter((p) => p.name !== 'agent-0');
    expect(await watch.check()).toBeNull();
  });
});
