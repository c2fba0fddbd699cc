import { describe, expect, it } from 'vitest';
import { ciliumL7Policies } from '../../../src/mesh/cilium/policies.ts';

describe('ciliumL7Policies', () => {
  it('lets the caller, by its name label, use the three operations on port 8080, and the host probe the health paths', () => {
    const [order] = ciliumL7Policies({ namespace: 'bench', chainDepth: 1 });
    const toPorts = (http: unknown[]) => [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http } }];
    expect(order).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'order-l7', namespace: 'bench' },
      spec: {
        endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'order' } },
        ingress: [
          {
            fromEndpoints: [{ matchLabels: { 'app.kubernetes.io/name': 'load-agent' } }],
            toPorts: toPorts([
              { method: 'POST', path: '/orders' },
              { method: 'GET', path: '/orders/[^/]+' },
              { method: 'PATCH', path: '/orders/[^/]+/status' },
            ]),
          },
          {
            fromEntities: ['host', 'remote-node'],
            toPorts: toPorts([
              { method: 'GET', path: '/healthz' },
              { method: 'GET', path: '/readyz' },
            ]),
          },
        ],
      },
    });
  });

  it('names the previous service as the caller deeper in the chain', () => {
    const policies = ciliumL7Policies({ namespace: 'bench', chainDepth: 3 });
    const callers = policies.map((p) => (p['spec'] as { ingress: { fromEndpoints: { matchLabels: Record<string, string> }[] }[] }).ingress[0]?.fromEndpoints[0]?.matchLabels['app.kubernetes.io/name']);
    expect(callers).toEqual(['load-agent', 'gateway', 'order']);
  });
});
