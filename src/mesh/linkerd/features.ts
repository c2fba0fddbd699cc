/**
 * What Linkerd does for each scenario feature, stated at plan time (plan/feature-support.ts).
 * Mechanisms and sources: docs/capability-matrix.md.
 */
import type { Target } from '../../config/target-schema.ts';
import type { FeatureSupportTable } from '../../plan/feature-support.ts';

/** The support table of a Linkerd target (one mode: sidecar). */
export function linkerdFeatureSupport(_target: Target): FeatureSupportTable {
  return {
    authz: {
      l4: { status: 'supported', mechanism: 'Server (accessPolicy deny) and an AuthorizationPolicy on it (policy.linkerd.io) requiring the MeshTLSAuthentication of the caller, no routes' },
      l7: {
        status: 'supported',
        mechanism: 'Server, HTTPRoute (policy.linkerd.io) per order-service operation and AuthorizationPolicy with MeshTLSAuthentication of the caller',
      },
    },
    retries: { status: 'not-implemented', mechanism: 'HTTPRoute annotations retry.linkerd.io/http, retry.linkerd.io/limit and retry.linkerd.io/timeout' },
    timeouts: { status: 'not-implemented', mechanism: 'HTTPRoute (gateway.networking.k8s.io) rules[].timeouts.request' },
    accessLog: { status: 'not-implemented', mechanism: 'pod annotation config.linkerd.io/access-log: json' },
    upstreamHttp2: {
      status: 'unsupported',
      reason: 'cannot be switched: linkerd2-proxy always carries HTTP/1.1 between meshed pods as HTTP/2 (transparent protocol upgrade), so on and off are the same data path',
    },
    telemetry: {
      metrics: { status: 'not-implemented', mechanism: 'linkerd-viz extension (Prometheus scraping the proxies\' metrics)' },
      tracing: { status: 'not-implemented', mechanism: 'linkerd-jaeger extension (proxy spans with a sampling rate)' },
    },
    trafficSplit: { status: 'not-implemented', mechanism: 'HTTPRoute backendRefs with weights to stable and canary Services' },
    outlierDetection: { status: 'not-implemented', mechanism: 'failure accrual: Service annotation balancer.linkerd.io/failure-accrual: consecutive' },
    configScope: {
      status: 'unsupported',
      reason: 'nothing to scope: linkerd2-proxy asks the destination controller about each destination it actually calls, so idle Services never enter its configuration',
    },
  };
}
