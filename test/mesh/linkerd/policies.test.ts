import { describe, expect, it } from 'vitest';
import { LINKERD_DEFAULT_TRUST_DOMAIN, linkerdIdentity, linkerdL7Policy } from '../../../src/mesh/linkerd/policies.ts';

describe('linkerdIdentity', () => {
  it('is the service account\'s proxy identity in the trust domain', () => {
    expect(linkerdIdentity({ serviceAccount: 'gateway', namespace: 'bench', trustDomain: LINKERD_DEFAULT_TRUST_DOMAIN })).toBe('gateway.bench.serviceaccount.identity.linkerd.cluster.local');
  });
});

describe('linkerdL7Policy', () => {
  const objects = linkerdL7Policy({ namespace: 'bench', chainDepth: 1, trustDomain: 'example.org' });
  const named = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  it('opens the probe paths to every network through one shared NetworkAuthentication, first', () => {
    expect(objects[0]).toEqual({
      apiVersion: 'policy.linkerd.io/v1alpha1',
      kind: 'NetworkAuthentication',
      metadata: { name: 'kubelet-probes', namespace: 'bench' },
      spec: { networks: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] },
    });
    expect(named('HTTPRoute', 'order-probes')?.['spec']).toMatchObject({
      rules: [{ matches: [{ method: 'GET', path: { type: 'Exact', value: '/healthz' } }, { method: 'GET', path: { type: 'Exact', value: '/readyz' } }] }],
    });
    expect(named('AuthorizationPolicy', 'order-probes')?.['spec']).toMatchObject({ requiredAuthenticationRefs: [{ kind: 'NetworkAuthentication', name: 'kubelet-probes' }] });
  });

  it('denies by default on the service port and routes the three operations, exact or by regular expression', () => {
    expect(named('Server', 'order-http')?.['spec']).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'order' } }, port: 8080, proxyProtocol: 'HTTP/1', accessPolicy: 'deny' });
    expect(named('HTTPRoute', 'order-orders')?.['spec']).toEqual({
      parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'order-http' }],
      rules: [
        {
          matches: [
            { method: 'POST', path: { type: 'Exact', value: '/orders' } },
            { method: 'GET', path: { type: 'RegularExpression', value: '/orders/[^/]+' } },
            { method: 'PATCH', path: { type: 'RegularExpression', value: '/orders/[^/]+/status' } },
          ],
        },
      ],
    });
  });

  it('requires the caller\'s mTLS identity in the target\'s trust domain on the order route', () => {
    expect(named('MeshTLSAuthentication', 'order-callers')?.['spec']).toEqual({ identities: ['load-agent.bench.serviceaccount.identity.linkerd.example.org'] });
    expect(named('AuthorizationPolicy', 'order-orders')?.['spec']).toEqual({
      targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'order-orders' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'order-callers' }],
    });
  });

  it('builds six objects per service of the chain', () => {
    expect(linkerdL7Policy({ namespace: 'n', chainDepth: 3, trustDomain: 'cluster.local' })).toHaveLength(1 + 3 * 6);
  });
});
