import { describe, expect, it } from 'vitest';
import { linkerdMesh } from '../../src/mesh/linkerd/index.ts';
import { compareEdgeVersions } from '../../src/mesh/linkerd/versions.ts';
import { meshModuleFor } from '../../src/mesh/mesh-registry.ts';
import type { KubeObject, PlanStep } from '../../src/plan/plan-types.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';

function commands(steps: PlanStep[]): { tool: string; args: string[] }[] {
  return steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'command' ? [{ tool: a.tool, args: a.args }] : []));
}

const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);

describe('linkerd plan', () => {
  const ctx = meshPlanContext({ target: 'linkerd' });

  it('is the registered module for mesh linkerd', () => {
    expect(meshModuleFor(ctx.target.mesh)).toBe(linkerdMesh);
  });

  it('runs the getting-started sequence with Gateway API v1.2.1 first', () => {
    const steps = linkerdMesh.planInstall(ctx);
    expect(steps.map((s) => s.id)).toEqual(['linkerd-gateway-api-crds', 'linkerd-preflight', 'linkerd-crds', 'linkerd-control-plane']);
    expect(commands(steps)).toEqual([
      { tool: 'kubectl', args: ['apply', '--server-side', '-f', 'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml'] },
      { tool: 'linkerd', args: ['check', '--pre'] },
      { tool: 'bash', args: ['-c', 'set -euo pipefail; linkerd install --crds | kubectl apply -f -'] },
      { tool: 'bash', args: ['-c', 'set -euo pipefail; linkerd install --set proxy.defaultInboundPolicy=all-authenticated | kubectl apply -f -'] },
      { tool: 'linkerd', args: ['check'] },
    ]);
  });

  it('puts the cached linkerd binary into the pipelines when a tools dir is given', () => {
    const steps = linkerdMesh.planInstall(meshPlanContext({ target: 'linkerd', toolsDir: '/c/tools' }));
    expect(commands(steps)[2]?.args[1]).toBe('set -euo pipefail; /c/tools/linkerd/edge-26.8.3/linkerd install --crds | kubectl apply -f -');
  });

  it('skips its own Gateway API CRDs for edges that still bundle them (2.18)', () => {
    const steps = linkerdMesh.planInstall(meshPlanContext({ target: 'linkerd', meshVersion: 'edge-25.4.4' }));
    expect(steps.map((s) => s.id)).toEqual(['linkerd-preflight', 'linkerd-crds', 'linkerd-control-plane']);
    expect(commands(steps)[2]?.args[1]).toBe(
      'set -euo pipefail; linkerd install --set proxy.defaultInboundPolicy=all-authenticated --set proxy.nativeSidecar=true | kubectl apply -f -',
    );
    expect(compareEdgeVersions('edge-25.10.7', 'edge-25.4.4')).toBeGreaterThan(0);
  });

  it('annotates the namespace for injection with an authenticated inbound policy under STRICT', () => {
    expect(linkerdMesh.namespaceMetadata(ctx)).toEqual({
      labels: {},
      annotations: { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'all-authenticated' },
    });
    const permissive = linkerdMesh.namespaceMetadata(meshPlanContext({ target: 'linkerd', features: { mtls: 'permissive' } }));
    expect(permissive.annotations['config.linkerd.io/default-inbound-policy']).toBe('all-unauthenticated');
    expect(() => linkerdMesh.planInstall(meshPlanContext({ target: 'linkerd', features: { mtls: 'off' } }))).toThrow(/always uses mTLS/);
  });

  it('verifies proxies, linkerd check --proxy, proxy identities and plaintext refusal', () => {
    const names = linkerdMesh.planVerification(ctx).flatMap((a) => (a.kind === 'check' ? [a.check] : []));
    expect(names).toEqual(['linkerd-proxy-injected', 'linkerd-check-proxy', 'linkerd-proxy-identity', 'plaintext-refused']);
  });

  it('expresses the L7 policy per service as Server + HTTPRoutes + AuthorizationPolicies + MeshTLSAuthentications', () => {
    const objects = linkerdMesh.workloadObjects(meshPlanContext({ target: 'linkerd', features: { l7: true }, chainDepth: 3 })).manifests;
    const names = (kind: string) => byKind(objects, kind).map((o) => o.metadata.name);
    expect(names('Server')).toEqual(['gateway-http', 'order-http', 'fulfillment-http']);
    expect(byKind(objects, 'Server')[1]?.['spec']).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'order' } },
      port: 8080,
      proxyProtocol: 'HTTP/1',
      accessPolicy: 'deny',
    });
    expect(names('HTTPRoute')).toEqual(['gateway-orders', 'gateway-probes', 'order-orders', 'order-probes', 'fulfillment-orders', 'fulfillment-probes']);
    const route = (name: string) => byKind(objects, 'HTTPRoute').find((r) => r.metadata.name === name)?.['spec'];
    expect(route('order-orders')).toEqual({
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
    expect(route('fulfillment-probes')).toEqual({
      parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'fulfillment-http' }],
      rules: [{ matches: [{ method: 'GET', path: { type: 'Exact', value: '/healthz' } }, { method: 'GET', path: { type: 'Exact', value: '/readyz' } }] }],
    });
    const identity = (sa: string) => `${sa}.bench-run1.serviceaccount.identity.linkerd.cluster.local`;
    expect(byKind(objects, 'MeshTLSAuthentication').map((m) => [m.metadata.name, m['spec']])).toEqual([
      ['gateway-callers', { identities: [identity('load-agent')] }],
      ['order-callers', { identities: [identity('gateway')] }],
      ['fulfillment-callers', { identities: [identity('order')] }],
    ]);
    const policies = byKind(objects, 'AuthorizationPolicy').map((a) => {
      const spec = a['spec'] as { targetRef: { name: string }; requiredAuthenticationRefs: { kind: string; name: string }[] };
      return [spec.targetRef.name, spec.requiredAuthenticationRefs.map((r) => `${r.kind}/${r.name}`)];
    });
    expect(policies).toEqual([
      ['gateway-orders', ['MeshTLSAuthentication/gateway-callers']],
      ['gateway-probes', ['NetworkAuthentication/kubelet-probes']],
      ['order-orders', ['MeshTLSAuthentication/order-callers']],
      ['order-probes', ['NetworkAuthentication/kubelet-probes']],
      ['fulfillment-orders', ['MeshTLSAuthentication/fulfillment-callers']],
      ['fulfillment-probes', ['NetworkAuthentication/kubelet-probes']],
    ]);
    expect(names('NetworkAuthentication')).toEqual(['kubelet-probes']);
    expect(linkerdMesh.workloadObjects(ctx).manifests).toEqual([]);
  });

  it('at chain depth 1 lets only the load agent call order; follows the target trust domain', () => {
    const depth1 = linkerdMesh.workloadObjects(meshPlanContext({ target: 'linkerd', features: { l7: true }, chainDepth: 1 })).manifests;
    expect(byKind(depth1, 'Server').map((s) => s.metadata.name)).toEqual(['order-http']);
    expect(byKind(depth1, 'MeshTLSAuthentication').map((m) => m['spec'])).toEqual([{ identities: ['load-agent.bench-run1.serviceaccount.identity.linkerd.cluster.local'] }]);
    const base = meshPlanContext({ target: 'linkerd', features: { l7: true }, chainDepth: 1 });
    const mesh = base.target.mesh;
    if (mesh.name !== 'linkerd') throw new Error('linkerd target expected');
    const custom = { ...base, target: { ...base.target, mesh: { ...mesh, values: { identityTrustDomain: 'corp.example' } } } };
    expect(byKind(linkerdMesh.workloadObjects(custom).manifests, 'MeshTLSAuthentication')[0]?.['spec']).toEqual({
      identities: ['load-agent.bench-run1.serviceaccount.identity.linkerd.corp.example'],
    });
  });

  it('requires linkerd at the mesh version, kubectl and bash', () => {
    expect(linkerdMesh.requiredTools(ctx).map((t) => [t.tool, t.pinnedVersion])).toEqual([
      ['linkerd', 'edge-26.8.3'],
      ['kubectl', undefined],
      ['bash', undefined],
    ]);
  });
});
