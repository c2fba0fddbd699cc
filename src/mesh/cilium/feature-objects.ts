/**
 * Cilium's resources for the scenario features (docs/capability-matrix.md "Cilium GAMMA"):
 * `trafficSplit` is a GAMMA HTTPRoute — parent the `order` Service (a producer route: same
 * namespace, the only kind Cilium supports), backendRefs `order` and `order-canary` weighted —
 * which the Cilium operator turns into a cilium-envoy listener for that Service (install.ts turns
 * the Gateway API controller on). The rest is applied elsewhere: authz as CiliumNetworkPolicies
 * with the workload (enrol.ts), `telemetry: metrics` as Hubble install values (install.ts). The
 * check below fails loudly if the support table ever claims an `objects` feature this file does
 * not build.
 */
import { activeFeatures } from '../../config/scenario-features.ts';
import { HarnessError } from '../../errors.ts';
import { featureApplication } from '../../plan/feature-support.ts';
import type { KubeObject } from '../../plan/plan-types.ts';
import { routeBackends, routedServices } from '../common/feature-routes.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { ciliumFeatureSupport } from './features.ts';

/** The features applied elsewhere (authz with the workload objects) or built here (trafficSplit). */
const BUILT = new Set(['authz', 'trafficSplit']);

/** The feature resources of the scenario: the split route of `trafficSplit` (see the header). */
export function ciliumFeatureObjects(ctx: MeshPlanContext): KubeObject[] {
  const table = ciliumFeatureSupport(ctx.target);
  const features = ctx.scenario.features;
  const unbuilt = activeFeatures(features).filter((name) => !BUILT.has(name) && featureApplication(table, features, name) === 'objects');
  if (unbuilt.length > 0) throw new HarnessError('INTERNAL', `the Cilium support table says ${unbuilt.join(', ')} is applied as objects, but no Cilium resource is built for it`);
  if (!features.trafficSplit) return [];
  const weight = features.trafficSplit.canaryWeightPct;
  return routedServices(ctx.scenario.workload.chainDepth)
    .map((service) => ({ service, backends: routeBackends(service, weight) }))
    .filter(({ backends }) => backends.length > 1)
    .map(({ service, backends }) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `${service}-split`, namespace: ctx.namespace },
      spec: {
        // Cilium's helpers.IsGammaService needs kind Service and an explicit group, "" or "core".
        parentRefs: [{ group: '', kind: 'Service', name: service, port: backends[0]?.port }],
        rules: [{ backendRefs: backends.map((b) => ({ name: b.service, port: b.port, weight: b.weight })) }],
      },
    }));
}
