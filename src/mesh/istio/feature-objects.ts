/**
 * Istio's resources for the scenario features (docs/capability-matrix.md "Istio"), merged per
 * service of the chain so two features never write two routes for one host:
 * - sidecar mode: a VirtualService (networking.istio.io/v1) per service with `timeout`, `retries`
 *   and, for `order`, the weighted `route` to `order` and `order-canary`; the client sidecar
 *   applies it;
 * - waypoint mode: a Gateway API HTTPRoute (gateway.networking.k8s.io/v1) per service, its
 *   parent the Service (GAMMA), with `timeouts.request`, `retry` (attempts, codes; the per-try
 *   timeout as `timeouts.backendRequest`) and weighted `backendRefs`; the waypoint applies it
 *   (`retry` is an experimental-channel field: install.ts installs that channel then);
 * - a DestinationRule per service with `connectionPool.http.h2UpgradePolicy: UPGRADE`
 *   (upstreamHttp2, sidecar mode) and `outlierDetection`;
 * - one Telemetry (telemetry.istio.io/v1) for the namespace with `accessLogging` (the built-in
 *   `envoy` provider: /dev/stdout), `metrics` (the built-in `prometheus` provider) and `tracing`
 *   (the `zipkin` provider install.ts declares, with the scenario's sampling percentage).
 * Ambient mode without a waypoint gets none: every one of these needs an L7 proxy, and
 * features.ts refuses them before planning.
 */
import type { FeatureSpec } from '../../config/scenario-schema.ts';
import { HarnessError } from '../../errors.ts';
import type { IstioMeshSpec } from '../../config/target-schema.ts';
import type { KubeObject } from '../../plan/plan-types.ts';
import { gatewayDuration, goDuration, routeBackends, routedServices } from '../common/feature-routes.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { ISTIO_TRACING_PROVIDER, istioTracingSamplingPct } from './install.ts';
import { istioSpecOf } from './versions.ts';

/** Name of the namespace's Telemetry resource. */
export const ISTIO_TELEMETRY_NAME = 'meshbench-features';

function splitWeight(features: FeatureSpec): number | null {
  return features.trafficSplit ? features.trafficSplit.canaryWeightPct : null;
}

function virtualService(service: string, features: FeatureSpec, namespace: string): KubeObject {
  const backends = routeBackends(service, splitWeight(features));
  const http: Record<string, unknown> = {
    route: backends.map((b) => ({ destination: { host: b.service, port: { number: b.port } }, ...(backends.length > 1 ? { weight: b.weight } : {}) })),
  };
  if (features.timeouts) http.timeout = goDuration(features.timeouts.requestMs);
  if (features.retries) {
    const r = features.retries;
    http.retries = { attempts: r.attempts, retryOn: r.on.join(','), ...(r.perTryTimeoutMs === null ? {} : { perTryTimeout: goDuration(r.perTryTimeoutMs) }) };
  }
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: service, namespace }, spec: { hosts: [service], http: [http] } };
}

function httpRoute(service: string, features: FeatureSpec, namespace: string): KubeObject {
  const backends = routeBackends(service, splitWeight(features));
  const rule: Record<string, unknown> = { backendRefs: backends.map((b) => ({ group: '', kind: 'Service', name: b.service, port: b.port, weight: b.weight })) };
  const timeouts: Record<string, string> = {};
  if (features.timeouts) timeouts.request = gatewayDuration(features.timeouts.requestMs);
  if (features.retries) {
    const r = features.retries;
    rule.retry = { attempts: r.attempts, codes: waypointRetryCodes(r.on) };
    // istiod turns backendRequest into the retry policy's per-try timeout when `retry` is set.
    if (r.perTryTimeoutMs !== null) timeouts.backendRequest = gatewayDuration(r.perTryTimeoutMs);
    if (r.perTryTimeoutMs !== null && features.timeouts && r.perTryTimeoutMs > features.timeouts.requestMs) {
      // The HTTPRoute CRD's CEL rule: "backendRequest timeout cannot be longer than request timeout".
      throw new HarnessError('USAGE', `retries.perTryTimeout (${r.perTryTimeoutMs} ms) is longer than timeouts.request (${features.timeouts.requestMs} ms): the HTTPRoute CRD refuses a backendRequest timeout above the request timeout`, {
        hint: 'shorten retries.perTryTimeout or lengthen timeouts.request',
      });
    }
  }
  if (Object.keys(timeouts).length > 0) rule.timeouts = timeouts;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: service, namespace },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: service, port: backends[0]?.port }], rules: [rule] },
  };
}

/**
 * HTTPRoute `retry.codes` for the scenario's conditions. istiod always adds connect-failure,
 * refused-stream, unavailable and cancelled to the codes (istio/istio
 * pilot/pkg/config/kube/gateway/conversion.go); Envoy's `reset` is not among them, so it is
 * refused rather than dropped.
 */
function waypointRetryCodes(on: readonly string[]): number[] {
  if (on.includes('reset')) {
    throw new HarnessError('USAGE', 'retries on "reset" cannot be applied on istio-waypoint: the HTTPRoute retry istiod translates retries connect-failure, refused-stream, unavailable, cancelled and status codes, not Envoy\'s reset', {
      hint: 'use retries.on: [connect-failure, gateway-error] or 5xx on this target',
    });
  }
  const codes = new Set<number>();
  if (on.includes('gateway-error')) for (const c of [502, 503, 504]) codes.add(c);
  if (on.includes('5xx')) for (let c = 500; c <= 599; c++) codes.add(c);
  return [...codes].sort((a, b) => a - b);
}

function destinationRule(service: string, features: FeatureSpec, options: { namespace: string; spec: IstioMeshSpec }): KubeObject | null {
  const trafficPolicy: Record<string, unknown> = {};
  if (features.upstreamHttp2 && options.spec.mode === 'sidecar') trafficPolicy.connectionPool = { http: { h2UpgradePolicy: 'UPGRADE' } };
  if (features.outlierDetection) {
    const o = features.outlierDetection;
    trafficPolicy.outlierDetection = { consecutive5xxErrors: o.consecutive5xx, baseEjectionTime: goDuration(o.ejectionTimeMs) };
  }
  if (Object.keys(trafficPolicy).length === 0) return null;
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: service, namespace: options.namespace }, spec: { host: service, trafficPolicy } };
}

function telemetry(features: FeatureSpec, namespace: string): KubeObject | null {
  const spec: Record<string, unknown> = {};
  if (features.accessLog) spec.accessLogging = [{ providers: [{ name: 'envoy' }] }];
  // `tracing` is metrics plus traces: the zipkin provider declared at install (install.ts).
  if (features.telemetry && features.telemetry.mode !== 'off') spec.metrics = [{ providers: [{ name: 'prometheus' }] }];
  const samplingPct = istioTracingSamplingPct(features);
  if (samplingPct !== null) spec.tracing = [{ providers: [{ name: ISTIO_TRACING_PROVIDER }], randomSamplingPercentage: samplingPct }];
  if (Object.keys(spec).length === 0) return null;
  return { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: ISTIO_TELEMETRY_NAME, namespace }, spec };
}

/** The feature resources of the scenario (none when no feature that needs one is on). */
export function istioFeatureObjects(ctx: MeshPlanContext): KubeObject[] {
  const spec = istioSpecOf(ctx.target);
  if (spec.mode === 'ambient') return [];
  const features = ctx.scenario.features;
  const namespace = ctx.namespace;
  const services = routedServices(ctx.scenario.workload.chainDepth);
  const out: KubeObject[] = [];
  const routeOn = Boolean(features.timeouts || features.trafficSplit || features.retries);
  if (routeOn) {
    // A split alone routes only the split service; retries and timeouts every hop.
    const routed = features.timeouts || features.retries ? services : services.filter((s) => routeBackends(s, splitWeight(features)).length > 1);
    for (const service of routed) out.push(spec.mode === 'sidecar' ? virtualService(service, features, namespace) : httpRoute(service, features, namespace));
  }
  for (const service of services) {
    const rule = destinationRule(service, features, { namespace, spec });
    if (rule) out.push(rule);
  }
  const t = telemetry(features, namespace);
  if (t) out.push(t);
  return out;
}
