import { describe, expect, it } from 'vitest';
import { istioMesh } from '../../../src/mesh/istio/index.ts';
import { activePods, evaluateProxyPresence, proxyPlacement } from '../../../src/mesh/checks/proxy-presence.ts';
import { linkerdMesh } from '../../../src/mesh/linkerd/index.ts';
import { FakeKubeClient, fakePod } from '../../helpers/fake-kube-client.ts';
import { chainPods, checkParams, NS, runtime } from '../../helpers/mesh-check-runtime.ts';

describe('proxy presence', () => {
  it('finds istio-proxy as a container or as a native sidecar init container, and flags a pod without it', async () => {
    const kube = new FakeKubeClient();
    kube.pods = chainPods((app) =>
      app === 'order'
        ? { containers: ['order-service'], initContainers: [{ name: 'istio-init', sidecar: false }, { name: 'istio-proxy', sidecar: true }] }
        : { containers: ['order-service', 'istio-proxy'] },
    );
    kube.pods.push(fakePod({ namespace: NS, name: 'load-agent-0-abcde', containers: ['agent'], phase: 'Succeeded' }));
    const params = checkParams(istioMesh, 'istio-sidecar', 'istio-proxy-injected');
    const check = await istioMesh.checks['istio-proxy-injected']?.(params, runtime(kube));
    expect(check).toEqual({
      name: 'istio-proxy-injected',
      passed: true,
      evidence: [
        'gateway-7c9d5b8f6d-q2x7m (bench-worker): istio-proxy in containers',
        'order-5f7b9c6d8d-kz4wl (bench-worker): istio-proxy as native sidecar (initContainers)',
        'fulfillment-6b8c7d9f5c-h9p2r (bench-worker): istio-proxy in containers',
      ],
    });
    kube.pods[2] = fakePod({ namespace: NS, name: 'fulfillment-6b8c7d9f5c-h9p2r' });
    const failed = await istioMesh.checks['istio-proxy-injected']?.(params, runtime(kube));
    expect(failed?.passed).toBe(false);
    expect(failed?.evidence).toContain('fulfillment-6b8c7d9f5c-h9p2r (bench-worker): istio-proxy MISSING');
  });

  it('fails on an empty namespace and accepts linkerd-proxy as a native sidecar', async () => {
    const kube = new FakeKubeClient();
    const params = checkParams(linkerdMesh, 'linkerd', 'linkerd-proxy-injected');
    expect((await linkerdMesh.checks['linkerd-proxy-injected']?.(params, runtime(kube)))?.passed).toBe(false);
    kube.pods = chainPods(() => ({ initContainers: [{ name: 'linkerd-init', sidecar: false }, { name: 'linkerd-proxy', sidecar: true }] }));
    expect((await linkerdMesh.checks['linkerd-proxy-injected']?.(params, runtime(kube)))?.passed).toBe(true);
  });
});

describe('proxy placement', () => {
  it('tells a container from a native sidecar, and ignores a classic init container of that name', () => {
    const pod = (fields: Partial<Parameters<typeof fakePod>[0]>) => fakePod({ namespace: NS, name: 'p', ...fields });
    expect(proxyPlacement(pod({ containers: ['app', 'istio-proxy'] }), 'istio-proxy')).toBe('container');
    expect(proxyPlacement(pod({ initContainers: [{ name: 'istio-proxy', sidecar: true }] }), 'istio-proxy')).toBe('native-sidecar');
    expect(proxyPlacement(pod({ initContainers: [{ name: 'istio-proxy', sidecar: false }] }), 'istio-proxy')).toBeNull();
  });

  it('judges only running or pending pods', () => {
    const pods = [fakePod({ namespace: NS, name: 'done', phase: 'Succeeded' }), fakePod({ namespace: NS, name: 'failed', phase: 'Failed' })];
    expect(activePods(pods)).toEqual([]);
    expect(evaluateProxyPresence({ name: 'x', pods, container: 'istio-proxy' })).toEqual({ name: 'x', passed: false, evidence: ['no workload pods found'] });
  });
});
