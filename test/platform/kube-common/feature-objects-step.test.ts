import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../../src/config/scenario-schema.ts';
import { HarnessError } from '../../../src/errors.ts';
import { featureObjectsStep, installFeatures, refuseInstallFeatures, rolloutWaits, withServiceAnnotations } from '../../../src/platform/kube-common/feature-objects-step.ts';
import { orderServiceManifests } from '../../../src/workload/kube-order-service.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

function step(target: string, features: Partial<FeatureSpec>) {
  const ctx = meshPlanContext({ target, features });
  const chain = orderServiceManifests({ scenario: ctx.scenario, namespace: ctx.namespace, platform: 'kind', runId: 'run1', scriptSha256: 'x' });
  return featureObjectsStep({ ctx, ...chain, rolloutTimeoutMs: 60_000 });
}

describe('the features step', () => {
  it('is absent when the features add no object', () => {
    expect(step('istio-sidecar', {})).toBeNull();
    expect(step('linkerd', { accessLog: true })).toBeNull();
  });

  it('applies the canary first, then the mesh resources, and waits for the canary rollout', () => {
    const s = step('istio-sidecar', { trafficSplit: { canaryWeightPct: 10 }, upstreamHttp2: true });
    expect(s?.id).toBe('features');
    expect(s?.title).toBe('scenario features (upstreamHttp2, trafficSplit): Service, Deployment, VirtualService, DestinationRule');
    const apply = s?.actions[0];
    expect(apply?.kind === 'apply' && apply.manifests.map((m) => `${m.kind}/${m.metadata.name}`).slice(0, 3)).toEqual(['Service/order-canary', 'Deployment/order-canary', 'VirtualService/order']);
    expect(s?.actions.slice(1)).toEqual([
      { kind: 'wait', description: 'Deployment order-canary rolled out', condition: { type: 'rollout', namespace: 'bench-run1', workloadKind: 'Deployment', name: 'order-canary' }, timeoutMs: 60_000 },
    ]);
  });

  it('adds Service annotations by name and leaves the others alone', () => {
    const services = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', annotations: { keep: '1' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } },
    ];
    expect(withServiceAnnotations(services, { a: { add: '2' } })).toEqual([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', annotations: { keep: '1', add: '2' } } },
      services[1],
    ]);
    expect(rolloutWaits(services, 1)).toEqual([]);
  });

  it('refuses install-level features where the plan does not install the mesh', () => {
    const ctx = meshPlanContext({ target: 'linkerd', features: { telemetry: { mode: 'metrics', samplingPct: null }, timeouts: { requestMs: 1000 } } });
    expect(installFeatures(ctx.target, ctx.scenario)).toEqual(['telemetry']);
    const run = () => refuseInstallFeatures({ target: ctx.target, scenario: ctx.scenario, platform: 'existing' });
    expect(run).toThrow(HarnessError);
    expect(run).toThrow('feature telemetry changes the linkerd installation, which this run on the existing platform does not install (target linkerd)');
    const plain = meshPlanContext({ target: 'linkerd', features: { timeouts: { requestMs: 1000 } } });
    expect(() => refuseInstallFeatures({ target: plain.target, scenario: plain.scenario, platform: 'existing' })).not.toThrow();
  });
});
