import { describe, expect, it } from 'vitest';
import { chainAuthorizationPolicies, istioPrincipal, peerAuthentication } from '../../../src/mesh/istio/policies.ts';

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
