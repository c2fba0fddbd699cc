import { afterEach, describe, expect, it, vi } from 'vitest';
import { linkerdMesh } from '../../../src/mesh/linkerd/index.ts';
import { evaluateProxyIdentity } from '../../../src/mesh/linkerd/verify.ts';
import { FakeKubeClient } from '../../helpers/fake-kube-client.ts';
import { chainPods, checkParams, NS, runtime } from '../../helpers/mesh-check-runtime.ts';
import { toolOutput } from '../../helpers/tool-output.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('linkerd checks', () => {
  it('needs an unexpired identity certificate in every proxy', async () => {
    expect(evaluateProxyIdentity({ pod: 'order-1', metrics: toolOutput('linkerd', 'edge-26.6.3', 'proxy-metrics.txt'), nowSeconds: 1_780_000_000 })).toEqual({
      ok: true,
      line: 'order-1: identity certificate valid until 2026-09-02T12:00:00.000Z; inbound requests mTLS 4821 from gateway.bench-run1.serviceaccount.identity.linkerd.cluster.local, plaintext 152, denied by policy 1',
    });
    expect(evaluateProxyIdentity({ pod: 'order-1', metrics: '', nowSeconds: 1_780_000_000 }).ok).toBe(false);
    expect(evaluateProxyIdentity({ pod: 'order-1', metrics: '#\n# POD order-1 (1 of 1)\n#\n# ERROR: pod not running: order-1\n', nowSeconds: 1_780_000_000 })).toEqual({
      ok: false,
      line: 'order-1: metrics not scraped (pod not running: order-1); inbound requests mTLS 0, plaintext 0, denied by policy 0',
    });
    vi.useFakeTimers({ now: new Date('2026-07-14T09:00:00Z'), toFake: ['Date'] });
    const kube = new FakeKubeClient();
    kube.pods = chainPods(() => ({ containers: ['order-service', 'linkerd-proxy'] }));
    const params = checkParams(linkerdMesh, 'linkerd', 'linkerd-proxy-identity');
    const rt = runtime(kube, [{ match: ['linkerd', 'diagnostics', 'proxy-metrics'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'proxy-metrics.txt') }]);
    const check = await linkerdMesh.checks['linkerd-proxy-identity']?.(params, rt);
    expect(check?.passed).toBe(true);
    expect(rt.runner.calls.map((c) => c.args.join(' '))).toEqual([
      'diagnostics proxy-metrics -n bench-run1 po/gateway-7c9d5b8f6d-q2x7m',
      'diagnostics proxy-metrics -n bench-run1 po/order-5f7b9c6d8d-kz4wl',
      'diagnostics proxy-metrics -n bench-run1 po/fulfillment-6b8c7d9f5c-h9p2r',
    ]);
  });

  it('runs linkerd -n <ns> check --proxy and keeps its lines as evidence', async () => {
    const params = checkParams(linkerdMesh, 'linkerd', 'linkerd-check-proxy');
    const ok = await linkerdMesh.checks['linkerd-check-proxy']?.(params, runtime(new FakeKubeClient(), [{ match: ['linkerd', '-n', NS, 'check', '--proxy'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'check-proxy.txt') }]));
    expect(ok?.passed).toBe(true);
    expect(ok?.evidence).toContain('√ data plane proxies are ready');
    const failed = await linkerdMesh.checks['linkerd-check-proxy']?.(
      params,
      runtime(new FakeKubeClient(), [{ match: ['linkerd'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'check-proxy-no-proxies.txt'), exitCode: 1 }]),
    );
    expect(failed?.passed).toBe(false);
    expect(failed?.evidence).toContain('× data plane proxies are ready');
  });
});
