import { describe, expect, it } from 'vitest';
import { chainAuthorizationPolicies, istioPrincipal, namespaceScopeSidecar, peerAuthentication } from '../../../src/mesh/istio/policies.ts';

describe('peerAuthentication', () => {
  it('is the selector-less default, mesh-wide in istio-system unless scoped to a namespace', () => {
    expect(peerAuthentication('STRICT')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(peerAuthentication('PERMISSIVE', 'bench').metadata.namespace).toBe('bench');
  });
});

describe('chainAuthorizationPolicies', () => {
  it('allows each service\'s three operations from its one caller\'s principal, selecting its pods', () => {
    const [gateway, order] = chainAuthorizationPolicies({ namespace: 'bench', chainDepth: 2, attachment: 'selector' });
    expect(gateway).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'gateway-l7', namespace: 'bench' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } },
        action: 'ALLOW',
        rules: [
          {
            from: [{ source: { principals: ['cluster.local/ns/bench/sa/load-agent'] } }],
            to: [
              { operation: { methods: ['POST'], paths: ['/orders'] } },
              { operation: { methods: ['GET'], paths: ['/orders/{*}'] } },
              { operation: { methods: ['PATCH'], paths: ['/orders/{*}/status'] } },
            ],
          },
        ],
      },
    });
    expect((order?.['spec'] as { rules: { from: unknown }[] } | undefined)?.rules[0]?.from).toEqual([{ source: { principals: ['cluster.local/ns/bench/sa/gateway'] } }]);
  });

  it('attaches to the Service for a waypoint instead of selecting pods', () => {
    const [policy] = chainAuthorizationPolicies({ namespace: 'bench', chainDepth: 1, attachment: 'waypoint' });
    expect(policy?.['spec']).toMatchObject({ targetRefs: [{ kind: 'Service', group: '', name: 'order' }] });
    expect(policy?.['spec']).not.toHaveProperty('selector');
  });

  it('names principals the SPIFFE way', () => {
    expect(istioPrincipal('ns', 'sa')).toBe('cluster.local/ns/ns/sa/sa');
  });
});

describe('namespaceScopeSidecar (features.configScope: namespace)', () => {
  it('is the selector-less default Sidecar of the namespace, egress only to its own namespace and istio-system', () => {
    expect(namespaceScopeSidecar({ namespace: 'bench' })).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: 'bench' },
      spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
    });
  });
});

describe('chainAuthorizationPolicies for a fan-out', () => {
  it('lets the load agent call the gateway and the gateway call each of its services', () => {
    const policies = chainAuthorizationPolicies({ namespace: 'bench', chainDepth: 1, fanOut: 2, attachment: 'selector', layer: 'l4' });
    expect(policies.map((p) => p.metadata.name)).toEqual(['gateway-l4', 'order-1-l4', 'order-2-l4']);
    const principals = policies.map((p) => JSON.stringify((p.spec as { rules: unknown[] }).rules));
    expect(principals[0]).toContain('sa/load-agent');
    expect(principals[1]).toContain('sa/gateway');
    expect(principals[2]).toContain('sa/gateway');
  });
});
