import { describe, expect, it } from 'vitest';
import { linkerdNamespaceMetadata, linkerdWorkloadObjects, namespaceInboundPolicy } from '../../../src/mesh/linkerd/enrol.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

describe('namespaceInboundPolicy', () => {
  it('maps strict to an authenticated policy (the target may choose cluster-authenticated) and permissive to all-unauthenticated', () => {
    const strict = meshPlanContext({ target: 'linkerd', features: { mtls: 'strict' } });
    expect(namespaceInboundPolicy(strict)).toBe('all-authenticated');
    if (strict.target.mesh.name !== 'linkerd') throw new Error('linkerd target expected');
    const cluster = { ...strict, target: { ...strict.target, mesh: { ...strict.target.mesh, defaultInboundPolicy: 'cluster-authenticated' as const } } };
    expect(namespaceInboundPolicy(cluster)).toBe('cluster-authenticated');
    expect(namespaceInboundPolicy(meshPlanContext({ target: 'linkerd', features: { mtls: 'permissive' } }))).toBe('all-unauthenticated');
  });

  it('refuses mtls off: Linkerd cannot turn mTLS off', () => {
    expect(() => namespaceInboundPolicy(meshPlanContext({ target: 'linkerd', features: { mtls: 'off' } }))).toThrow(/always uses mTLS between meshed pods/);
  });
});

describe('Linkerd enrolment', () => {
  it('annotates (not labels) the namespace for injection and the inbound policy', () => {
    expect(linkerdNamespaceMetadata(meshPlanContext({ target: 'linkerd', features: { mtls: 'permissive' } }))).toEqual({
      labels: {},
      annotations: { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'all-unauthenticated' },
    });
  });

  it('gives the proxies a JSON access log through the namespace annotation when accessLog is on', () => {
    expect(linkerdNamespaceMetadata(meshPlanContext({ target: 'linkerd', features: { accessLog: true } })).annotations).toMatchObject({ 'config.linkerd.io/access-log': 'json' });
    expect(linkerdNamespaceMetadata(meshPlanContext({ target: 'linkerd' })).annotations).not.toHaveProperty('config.linkerd.io/access-log');
  });

  it('applies policy objects only for L7 scenarios', () => {
    expect(linkerdWorkloadObjects(meshPlanContext({ target: 'linkerd' }))).toEqual({ manifests: [], actions: [] });
    const l7 = linkerdWorkloadObjects(meshPlanContext({ target: 'linkerd', features: { authz: 'l7' }, chainDepth: 2 }));
    expect(l7.manifests.map((m) => m.kind)).toContain('MeshTLSAuthentication');
  });
});
