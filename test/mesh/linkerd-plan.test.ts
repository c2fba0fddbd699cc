import { describe, expect, it } from 'vitest';
import { linkerdMesh } from '../../src/mesh/linkerd/index.ts';
import { compareEdgeVersions } from '../../src/mesh/linkerd/versions.ts';
import { meshModuleFor } from '../../src/mesh/mesh-registry.ts';
import type { KubeObject, PlanStep } from '../../src/pipeline/plan-types.ts';
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
    expect(commands(steps)[2]?.args[1]).toBe('set -euo pipefail; /c/tools/linkerd/edge-26.6.3/linkerd install --crds | kubectl apply -f -');
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

  it('expresses the L7 policy as Server + HTTPRoutes + AuthorizationPolicies + MeshTLSAuthentications', () => {
    const objects = linkerdMesh.workloadObjects(meshPlanContext({ target: 'linkerd', features: { l7: true } })).manifests;
    expect(byKind(objects, 'Server')[0]?.['spec']).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'order' } },
      port: 8080,
      proxyProtocol: 'HTTP/1',
      accessPolicy: 'deny',
    });
    const routes = byKind(objects, 'HTTPRoute');
    expect(routes.map((r) => r.metadata.name)).toEqual(['orders-create-read', 'orders-status', 'order-probes']);
    expect(routes[0]?.['spec']).toEqual({
      parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'order-http' }],
      rules: [
        {
          matches: [
            { method: 'POST', path: { type: 'Exact', value: '/orders' } },
            { method: 'GET', path: { type: 'RegularExpression', value: '/orders/[^/]+' } },
          ],
        },
      ],
    });
    expect(byKind(objects, 'MeshTLSAuthentication').map((m) => m['spec'])).toEqual([
      { identityRefs: [{ kind: 'ServiceAccount', name: 'load-agent' }, { kind: 'ServiceAccount', name: 'gateway' }] },
      { identityRefs: [{ kind: 'ServiceAccount', name: 'fulfillment' }] },
    ]);
    expect(byKind(objects, 'AuthorizationPolicy').map((a) => (a['spec'] as { targetRef: { name: string } }).targetRef.name)).toEqual([
      'orders-create-read',
      'orders-status',
      'order-probes',
    ]);
    expect(linkerdMesh.workloadObjects(ctx).manifests).toEqual([]);
  });

  it('requires linkerd at the mesh version, kubectl and bash', () => {
    expect(linkerdMesh.requiredTools(ctx).map((t) => [t.tool, t.version])).toEqual([
      ['linkerd', 'edge-26.6.3'],
      ['kubectl', undefined],
      ['bash', undefined],
    ]);
  });
});
