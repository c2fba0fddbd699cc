import { describe, expect, it, vi } from 'vitest';
import { ciliumFeatureObjects } from '../../../src/mesh/cilium/feature-objects.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const state = vi.hoisted(() => ({ claimTimeouts: false }));
vi.mock('../../../src/mesh/cilium/features.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/mesh/cilium/features.ts')>();
  return {
    ciliumFeatureSupport: (target: Parameters<typeof original.ciliumFeatureSupport>[0]) => {
      const table = original.ciliumFeatureSupport(target);
      return state.claimTimeouts ? { ...table, timeouts: { status: 'supported' as const, mechanism: 'a route nobody builds' } } : table;
    },
  };
});

describe('ciliumFeatureObjects', () => {
  it('builds no resource: authz goes with the workload, metrics with the install', () => {
    state.claimTimeouts = false;
    expect(ciliumFeatureObjects(meshPlanContext({ target: 'cilium', features: { authz: 'l7', telemetry: { mode: 'metrics', samplingPct: null } } }))).toEqual([]);
  });

  it('splits order between order and order-canary with a GAMMA producer route (parent the order Service)', () => {
    state.claimTimeouts = false;
    const objects = ciliumFeatureObjects(meshPlanContext({ target: 'cilium', features: { trafficSplit: { canaryWeightPct: 10 } } }));
    expect(objects).toEqual([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'order-split', namespace: 'bench-run1' },
        spec: {
          parentRefs: [{ group: '', kind: 'Service', name: 'order', port: 8080 }],
          rules: [
            {
              backendRefs: [
                { name: 'order', port: 8080, weight: 90 },
                { name: 'order-canary', port: 8080, weight: 10 },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('fails loudly if the support table claims an objects feature that nothing builds', () => {
    state.claimTimeouts = true;
    const ctx = meshPlanContext({ target: 'cilium', features: { timeouts: { requestMs: 1000 } } });
    expect(() => ciliumFeatureObjects(ctx)).toThrow('the Cilium support table says timeouts is applied as objects, but no Cilium resource is built for it');
  });
});
