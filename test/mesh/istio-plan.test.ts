import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { istioMesh } from '../../src/mesh/istio/index.ts';
import { GATEWAY_API_BY_ISTIO_MINOR, resolveIstioVersion } from '../../src/mesh/istio/versions.ts';
import { meshModuleFor } from '../../src/mesh/mesh-registry.ts';
import type { PlanAction, PlanStep } from '../../src/plan/plan-types.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';

function commands(steps: PlanStep[]): { tool: string; args: string[] }[] {
  return steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'command' ? [{ tool: a.tool, args: a.args }] : []));
}

function checks(actions: PlanAction[]): string[] {
  return actions.flatMap((a) => (a.kind === 'check' ? [a.check] : []));
}

describe('istio-sidecar plan', () => {
  const ctx = meshPlanContext({ target: 'istio-sidecar' });

  it('is the registered module for mesh istio', () => {
    expect(meshModuleFor(ctx.target.mesh)).toBe(istioMesh);
  });

  it('installs with istioctl install -y, the default profile and pinned proxy concurrency; no Gateway API', () => {
    expect(commands(istioMesh.planInstall(ctx))).toEqual([
      { tool: 'istioctl', args: ['install', '-y', '--set', 'profile=default', '--set', 'meshConfig.defaultConfig.concurrency=2'] },
    ]);
    const waits = istioMesh.planInstall(ctx).flatMap((s) => s.actions).filter((a) => a.kind === 'wait');
    expect(waits.map((w) => w.kind === 'wait' && w.condition)).toEqual([
      { type: 'rollout', namespace: 'istio-system', workloadKind: 'Deployment', name: 'istiod' },
    ]);
  });

  it('turns native sidecars on for releases before 1.27', () => {
    const old = commands(istioMesh.planInstall(meshPlanContext({ target: 'istio-sidecar', meshVersion: '1.26.8' })));
    expect(old[0]?.args).toEqual([
      'install',
      '-y',
      '--set',
      'profile=default',
      '--set',
      'meshConfig.defaultConfig.concurrency=2',
      '--set',
      'values.pilot.env.ENABLE_NATIVE_SIDECARS=true',
    ]);
  });

  it('passes KUBECONFIG and uses the cached istioctl when a tools dir is given', () => {
    const withTools = meshPlanContext({ target: 'istio-sidecar', toolsDir: '/cache/tools' });
    const install = istioMesh.planInstall(withTools).flatMap((s) => s.actions).find((a) => a.kind === 'command');
    expect(install?.kind === 'command' && install.tool).toBe('/cache/tools/istioctl/1.30.3/istioctl');
    expect(install?.kind === 'command' && install.env).toEqual({ KUBECONFIG: '/tmp/meshbench-run1/kubeconfig' });
  });

  it('labels the namespace for injection and applies a mesh-wide STRICT PeerAuthentication', () => {
    expect(istioMesh.namespaceMetadata(ctx)).toEqual({ labels: { 'istio-injection': 'enabled' }, annotations: {} });
    expect(istioMesh.workloadObjects(ctx).manifests).toEqual([
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } },
    ]);
  });

  it('maps permissive and off to PERMISSIVE and DISABLE', () => {
    const mode = (mtls: 'permissive' | 'off') => istioMesh.workloadObjects(meshPlanContext({ target: 'istio-sidecar', features: { mtls } })).manifests[0]?.['spec'];
    expect(mode('permissive')).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    expect(mode('off')).toEqual({ mtls: { mode: 'DISABLE' } });
  });

  it('verifies proxies and the plaintext refusal under STRICT only', () => {
    expect(checks(istioMesh.planVerification(ctx))).toEqual(['istio-proxy-injected', 'plaintext-refused']);
    expect(checks(istioMesh.planVerification(meshPlanContext({ target: 'istio-sidecar', features: { mtls: 'permissive' } })))).toEqual(['istio-proxy-injected']);
    const probe = istioMesh.planVerification(ctx).find((a) => a.kind === 'check' && a.check === 'plaintext-refused');
    expect(probe?.kind === 'check' && probe.params).toMatchObject({
      probeNamespace: 'bench-run1-probe',
      url: 'http://order.bench-run1.svc.cluster.local:8080/orders/1',
      imagePullPolicy: 'Never',
    });
  });

  it('adds an L7 AuthorizationPolicy per service of the chain, allowing the three operations from its one caller', () => {
    const objects = istioMesh.workloadObjects(meshPlanContext({ target: 'istio-sidecar', features: { l7: true }, chainDepth: 3 })).manifests;
    const policies = objects.filter((o) => o.kind === 'AuthorizationPolicy');
    expect(policies.map((p) => [p.metadata.name, p.metadata.namespace])).toEqual([
      ['gateway-l7', 'bench-run1'],
      ['order-l7', 'bench-run1'],
      ['fulfillment-l7', 'bench-run1'],
    ]);
    const operations = [
      { operation: { methods: ['POST'], paths: ['/orders'] } },
      { operation: { methods: ['GET'], paths: ['/orders/{*}'] } },
      { operation: { methods: ['PATCH'], paths: ['/orders/{*}/status'] } },
    ];
    const expected = (service: string, caller: string) => ({
      selector: { matchLabels: { 'app.kubernetes.io/name': service } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: [`cluster.local/ns/bench-run1/sa/${caller}`] } }], to: operations }],
    });
    expect(policies.map((p) => p['spec'])).toEqual([expected('gateway', 'load-agent'), expected('order', 'gateway'), expected('fulfillment', 'order')]);
  });

  it('at chain depth 1 protects order alone and lets only the load agent call it', () => {
    const objects = istioMesh.workloadObjects(meshPlanContext({ target: 'istio-sidecar', features: { l7: true }, chainDepth: 1 })).manifests;
    const policies = objects.filter((o) => o.kind === 'AuthorizationPolicy');
    expect(policies.map((p) => p.metadata.name)).toEqual(['order-l7']);
    expect(policies[0]?.['spec']).toMatchObject({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'order' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/bench-run1/sa/load-agent'] } }] }],
    });
  });

  it('requires istioctl at the mesh version and kubectl', () => {
    expect(istioMesh.requiredTools(ctx).map((t) => [t.tool, t.pinnedVersion])).toEqual([
      ['istioctl', '1.30.3'],
      ['kubectl', undefined],
    ]);
  });
});

describe('istio-ambient plan', () => {
  const ctx = meshPlanContext({ target: 'istio-ambient' });

  it('installs Gateway API v1.5.1 only if absent, then istioctl with the ambient profile', () => {
    const steps = istioMesh.planInstall(ctx);
    expect(steps.map((s) => s.id)).toEqual(['istio-gateway-api-crds', 'istio-control-plane']);
    expect(commands(steps)).toEqual([
      {
        tool: 'bash',
        args: [
          '-c',
          'set -euo pipefail; kubectl get crd gateways.gateway.networking.k8s.io >/dev/null 2>&1 || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml',
        ],
      },
      {
        tool: 'istioctl',
        // ztunnel ignores ProxyConfig concurrency: its own worker setting goes through the ztunnel chart's env.
        args: ['install', '--set', 'profile=ambient', '--skip-confirmation', '--set', 'meshConfig.defaultConfig.concurrency=2', '--set', 'values.ztunnel.env.ZTUNNEL_WORKER_THREADS=2'],
      },
    ]);
    const waited = steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'wait' ? [a.condition] : []));
    expect(waited).toContainEqual({ type: 'crd-established', name: 'gateways.gateway.networking.k8s.io' });
    expect(waited).toContainEqual({ type: 'rollout', namespace: 'istio-system', workloadKind: 'DaemonSet', name: 'ztunnel' });
    expect(waited).toContainEqual({ type: 'rollout', namespace: 'istio-system', workloadKind: 'DaemonSet', name: 'istio-cni-node' });
  });

  it('labels the namespace for ambient, STRICT, and verifies capture, HBONE and plaintext refusal', () => {
    expect(istioMesh.namespaceMetadata(ctx).labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(istioMesh.workloadObjects(ctx)).toEqual({
      manifests: [expect.objectContaining({ kind: 'PeerAuthentication', spec: { mtls: { mode: 'STRICT' } } })],
      actions: [],
    });
    expect(checks(istioMesh.planVerification(ctx))).toEqual(['ambient-captured', 'ztunnel-hbone', 'plaintext-refused']);
  });

  it('refuses L7 scenarios (they need the waypoint) and mtls off (no DISABLE in ambient)', () => {
    expect(() => istioMesh.workloadObjects(meshPlanContext({ target: 'istio-ambient', features: { l7: true } }))).toThrow(/istio-waypoint/);
    expect(() => istioMesh.workloadObjects(meshPlanContext({ target: 'istio-ambient', features: { mtls: 'off' } }))).toThrow(/DISABLE/);
  });

  it('follows --mesh-version: Gateway API by Istio minor', () => {
    for (const [version, gatewayApi] of [
      ['1.22.8', 'v1.1.0'],
      ['1.24.6', 'v1.2.0'],
      ['1.25.5', 'v1.2.1'],
      ['1.26.8', 'v1.3.0'],
      ['1.27.9', 'v1.3.0'],
      ['1.29.6', 'v1.4.1'],
      ['1.30.3', 'v1.5.1'],
    ] as const) {
      const steps = istioMesh.planInstall(meshPlanContext({ target: 'istio-ambient', meshVersion: version }));
      const script = commands(steps)[0]?.args[1] ?? '';
      expect(script).toContain(`/download/${gatewayApi}/standard-install.yaml`);
    }
    expect(Object.keys(GATEWAY_API_BY_ISTIO_MINOR)).toHaveLength(9);
  });

  it('refuses unknown minors and pre-ambient releases with a hint', () => {
    const unknown = () => istioMesh.planInstall(meshPlanContext({ target: 'istio-ambient', meshVersion: '1.31.0' }));
    expect(unknown).toThrow(HarnessError);
    expect(unknown).toThrow(/no Gateway API release is known for Istio 1.31/);
    expect(() => istioMesh.planInstall(meshPlanContext({ target: 'istio-ambient', meshVersion: '1.21.2' }))).toThrow(/no Gateway API|ambient/);
  });

  it('keeps the target pin of gatewayApiVersion only for the pinned Istio version', () => {
    const target = meshPlanContext({ target: 'istio-ambient' }).target;
    if (target.mesh.name !== 'istio') throw new Error('istio target expected');
    const spec = { ...target.mesh, gatewayApiVersion: 'v1.4.1' };
    expect(resolveIstioVersion({ spec, meshVersion: '1.30.3' }).gatewayApiVersion).toBe('v1.4.1');
    expect(resolveIstioVersion({ spec, meshVersion: '1.27.9' }).gatewayApiVersion).toBe('v1.3.0');
  });
});

describe('istio-waypoint plan', () => {
  const ctx = meshPlanContext({ target: 'istio-waypoint' });

  it('applies the waypoint with the workload and waits for its pods', () => {
    const { actions } = istioMesh.workloadObjects(ctx);
    expect(actions[0]).toMatchObject({ kind: 'command', tool: 'istioctl', args: ['waypoint', 'apply', '-n', 'bench-run1', '--enroll-namespace', '--wait'] });
    expect(actions[1]).toMatchObject({
      kind: 'wait',
      condition: { type: 'pods-ready', namespace: 'bench-run1', labelSelector: 'gateway.networking.k8s.io/gateway-name=waypoint' },
    });
  });

  it('uses istioctl x for 1.22', () => {
    const { actions } = istioMesh.workloadObjects(meshPlanContext({ target: 'istio-waypoint', meshVersion: '1.22.8' }));
    expect(actions[0]?.kind === 'command' && actions[0].args.slice(0, 3)).toEqual(['x', 'waypoint', 'apply']);
    const hbone = istioMesh.planVerification(meshPlanContext({ target: 'istio-waypoint', meshVersion: '1.22.8' })).find((a) => a.kind === 'check' && a.check === 'ztunnel-hbone');
    expect(hbone?.kind === 'check' && hbone.params['experimental']).toBe(true);
  });

  it('attaches each L7 policy to its Service so the waypoint enforces it', () => {
    const policies = istioMesh.workloadObjects(meshPlanContext({ target: 'istio-waypoint', features: { l7: true }, chainDepth: 3 })).manifests.filter((o) => o.kind === 'AuthorizationPolicy');
    expect(policies.map((p) => p['spec'])).toEqual(
      [
        ['gateway', 'load-agent'],
        ['order', 'gateway'],
        ['fulfillment', 'order'],
      ].map(([service, caller]) =>
        expect.objectContaining({
          targetRefs: [{ kind: 'Service', group: '', name: service }],
          action: 'ALLOW',
          rules: [expect.objectContaining({ from: [{ source: { principals: [`cluster.local/ns/bench-run1/sa/${caller}`] } }] })],
        }),
      ),
    );
    expect(policies.every((p) => !('selector' in (p['spec'] as object)))).toBe(true);
  });

  it('verifies capture, HBONE, the waypoint and plaintext refusal', () => {
    expect(checks(istioMesh.planVerification(ctx))).toEqual(['ambient-captured', 'ztunnel-hbone', 'waypoint-ready', 'plaintext-refused']);
  });
});
