/**
 * The linkerd target end to end on the kind platform (fake kind/docker/kubectl/linkerd, fake API
 * server with proxy injection simulated): Gateway API first, the documented install pipelines,
 * injection by namespace annotation, the authenticated inbound policy refusing plaintext (403),
 * the L7 policy objects, linkerd-proxy metered, teardown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kindClusterName } from '../../src/platform/kind/kind-cluster-name.ts';
import { type MeshE2e, startMeshE2e } from '../helpers/mesh-e2e.ts';

let e2e: MeshE2e | undefined;

afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

describe('linkerd on kind', () => {
  it('installs with the documented pipelines, verifies proxies and mTLS, measures linkerd-proxy', async () => {
    e2e = await startMeshE2e({ target: 'linkerd', webhook: 'linkerd', gatewayApi: 'v1.2.1', probeLog: '{"outcome":"response","status":403}', features: { authz: 'l7' } });
    const runId = '20261126-150000-linkerd';
    const prepared = await e2e.prepare(runId);
    const namespace = prepared.plan.namespace ?? '';
    expect(e2e.fakes.calls('linkerd').map((c) => c.argv.join(' '))).toEqual([
      'version --client --short',
      'check --pre',
      'install --crds',
      'install --set proxy.defaultInboundPolicy=all-authenticated',
      'check',
      `-n ${namespace} check --proxy`,
      ...(prepared.verification.find((c) => c.name === 'linkerd-proxy-identity')?.evidence ?? []).map((line) => `diagnostics proxy-metrics -n ${namespace} po/${line.split(':')[0]}`),
      'version',
    ]);
    const kubectl = e2e.fakes.calls('kubectl').map((c) => c.argv.join(' '));
    expect(kubectl).toContain('apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml');
    const piped = e2e.fakes.calls('kubectl').filter((c) => c.argv.join(' ') === 'apply -f -');
    expect(piped).toHaveLength(2);
    expect(piped[0]?.stdin).toContain('name: servers.policy.linkerd.io');
    expect(piped[1]?.stdin).toContain('defaultInboundPolicy: all-authenticated');
    const annotations = (e2e.api.object('Namespace', namespace)?.['metadata'] as { annotations?: Record<string, string> } | undefined)?.annotations;
    expect(annotations).toMatchObject({ 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'all-authenticated' });
    expect(e2e.api.object('Server', 'order-http', namespace)?.['spec']).toMatchObject({ port: 8080, accessPolicy: 'deny' });
    expect(e2e.api.objects('HTTPRoute', namespace).map((r) => (r['metadata'] as { name: string }).name).sort()).toEqual(['gateway-orders', 'gateway-probes', 'order-orders', 'order-probes']);
    // Chain depth 2: the agent calls gateway, gateway calls order; each under its own ServiceAccount.
    expect(e2e.api.objects('MeshTLSAuthentication', namespace).map((m) => m['spec'])).toEqual([
      { identities: [`load-agent.${namespace}.serviceaccount.identity.linkerd.cluster.local`] },
      { identities: [`gateway.${namespace}.serviceaccount.identity.linkerd.cluster.local`] },
    ]);
    expect(e2e.api.objects('ServiceAccount', namespace).map((a) => (a['metadata'] as { name: string }).name).sort()).toEqual(['gateway', 'load-agent', 'order']);
    expect(prepared.verification.map((c) => [c.name, c.passed])).toEqual([
      ['linkerd-proxy-injected', true],
      ['linkerd-check-proxy', true],
      ['linkerd-proxy-identity', true],
      ['plaintext-refused', true],
    ]);
    expect(prepared.verification[3]?.evidence[1]).toBe('HTTP 403: denied by mesh policy (no client identity)');
    expect(prepared.runningVersion).toBe('edge-26.8.3');
    expect(prepared.verification[2]?.evidence[0]).toMatch(/: identity certificate valid until .*; inbound requests mTLS 4821 from gateway\.bench-run1\.serviceaccount\.identity\.linkerd\.cluster\.local/);
    const result = await e2e.measureAndTeardown(prepared, runId);
    expect(result.verification.verified).toBe(true);
    const proxy = result.levels[0]?.repetitions[0]?.resources.find((r) => r.component === 'linkerd-proxy');
    expect(proxy?.role).toBe('data-plane');
    expect(proxy?.instances.length).toBeGreaterThanOrEqual(2);
    expect(e2e.fakes.calls('kind').at(-1)?.argv.slice(0, 4)).toEqual(['delete', 'cluster', '--name', kindClusterName('linkerd', runId)]);
  });
});
