/**
 * Linkerd's resources for the scenario features (docs/capability-matrix.md "Linkerd"):
 * - one Gateway API HTTPRoute (gateway.networking.k8s.io/v1) per service of the chain, its parent
 *   the Service (an outbound "producer" route), carrying the policy controller's annotations
 *   `retry.linkerd.io/http`, `retry.linkerd.io/limit`, `retry.linkerd.io/timeout` and
 *   `timeout.linkerd.io/request` (linkerd/linkerd2 policy-controller/k8s/index/src/outbound/
 *   index/http.rs `parse_http_retry`, index.rs `parse_timeouts`), and for `order` the weighted
 *   `backendRefs` to `order` and `order-canary` (trafficSplit);
 * - the Service annotations of failure accrual (outlierDetection):
 *   `balancer.linkerd.io/failure-accrual: consecutive` with
 *   `…-consecutive-max-failures` and the penalty bounds (index.rs `parse_accrual_config`).
 * Linkerd's retry conditions are HTTP statuses (`5xx`, `gateway-error`, codes and ranges), so a
 * retry on `connect-failure` or `reset` is refused here rather than dropped.
 */
import type { FeatureSpec } from '../../config/scenario-schema.ts';
import { HarnessError } from '../../errors.ts';
import type { KubeObject } from '../../plan/plan-types.ts';
import { goDuration, routeBackends, routedServices } from '../common/feature-routes.ts';
import type { MeshPlanContext } from '../mesh.ts';

/** Retry conditions `retry.linkerd.io/http` accepts, by scenario name. */
const LINKERD_RETRY_CONDITIONS: Record<string, string | null> = { '5xx': '5xx', 'gateway-error': 'gateway-error', 'connect-failure': null, reset: null };

/** The route annotations of retries and timeouts. */
export function linkerdRouteAnnotations(features: FeatureSpec, subject: { scenario: string; target: string }): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (features.retries) {
    const r = features.retries;
    const unknown = r.on.filter((c) => !LINKERD_RETRY_CONDITIONS[c]);
    if (unknown.length > 0) {
      throw new HarnessError('USAGE', `feature retries on ${unknown.join(', ')} is not available on target ${subject.target} (mesh linkerd): retry.linkerd.io/http takes HTTP statuses only (5xx, gateway-error, codes and ranges)`, {
        hint: `set features.retries.on to [gateway-error] or [5xx] in scenario "${subject.scenario}" (docs/capability-matrix.md)`,
      });
    }
    annotations['retry.linkerd.io/http'] = r.on.map((c) => LINKERD_RETRY_CONDITIONS[c]).join(',');
    annotations['retry.linkerd.io/limit'] = String(r.attempts);
    if (r.perTryTimeoutMs !== null) annotations['retry.linkerd.io/timeout'] = goDuration(r.perTryTimeoutMs);
  }
  if (features.timeouts) annotations['timeout.linkerd.io/request'] = goDuration(features.timeouts.requestMs);
  return annotations;
}

/** The HTTPRoutes of the scenario's route features (none when none is on). */
export function linkerdFeatureObjects(ctx: MeshPlanContext): KubeObject[] {
  const features = ctx.scenario.features;
  if (!features.retries && !features.timeouts && !features.trafficSplit) return [];
  const annotations = linkerdRouteAnnotations(features, { scenario: ctx.scenario.name, target: ctx.target.name });
  const weight = features.trafficSplit ? features.trafficSplit.canaryWeightPct : null;
  const services = routedServices(ctx.scenario.workload.chainDepth).filter((s) => features.retries || features.timeouts || routeBackends(s, weight).length > 1);
  return services.map((service) => {
    const backends = routeBackends(service, weight);
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `${service}-outbound`, namespace: ctx.namespace, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
      spec: {
        parentRefs: [{ group: 'core', kind: 'Service', name: service, port: backends[0]?.port }],
        rules: [{ backendRefs: backends.map((b) => ({ name: b.service, port: b.port, weight: b.weight })) }],
      },
    };
  });
}

/** Failure-accrual annotations on every Service of the chain (outlierDetection). */
export function linkerdServiceAnnotations(ctx: MeshPlanContext): Record<string, Record<string, string>> {
  const o = ctx.scenario.features.outlierDetection;
  if (!o) return {};
  const annotations = {
    'balancer.linkerd.io/failure-accrual': 'consecutive',
    'balancer.linkerd.io/failure-accrual-consecutive-max-failures': String(o.consecutive5xx),
    // Linkerd backs off from min to max penalty; a fixed ejection time is both bounds.
    'balancer.linkerd.io/failure-accrual-consecutive-min-penalty': goDuration(o.ejectionTimeMs),
    'balancer.linkerd.io/failure-accrual-consecutive-max-penalty': goDuration(o.ejectionTimeMs),
  };
  return Object.fromEntries(routedServices(ctx.scenario.workload.chainDepth).map((s) => [s, { ...annotations }]));
}
