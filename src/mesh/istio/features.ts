/**
 * What Istio does for each scenario feature, by mode (sidecar, ambient, waypoint), stated at plan
 * time (plan/feature-support.ts). Mechanisms and sources: docs/capability-matrix.md. Ambient
 * without a waypoint has only ztunnel, an L4 proxy: every L7 capability needs the waypoint.
 */
import type { Target } from '../../config/target-schema.ts';
import type { FeatureSupportTable } from '../../plan/feature-support.ts';
import { istioSpecOf } from './versions.ts';

const NEEDS_WAYPOINT = 'ambient without a waypoint has only ztunnel, an L4 proxy; use the istio-waypoint target';

/** The support table of an Istio target. */
export function istioFeatureSupport(target: Target): FeatureSupportTable {
  const mode = istioSpecOf(target).mode;
  const l7Proxy = mode === 'sidecar' ? 'the client sidecar' : 'the waypoint';
  const l7 = (mechanism: string) => (mode === 'ambient' ? { status: 'unsupported' as const, reason: NEEDS_WAYPOINT } : { status: 'not-implemented' as const, mechanism });
  return {
    authz: {
      l4: {
        status: 'supported',
        mechanism: `AuthorizationPolicy (security.istio.io/v1) per service with source principals only, enforced by ${{ sidecar: 'the server sidecar', ambient: 'ztunnel (selector)', waypoint: 'the waypoint (targetRefs Service)' }[mode]}`,
      },
      l7:
        mode === 'ambient'
          ? { status: 'unsupported', reason: NEEDS_WAYPOINT }
          : {
              status: 'supported',
              mechanism: `AuthorizationPolicy (security.istio.io/v1) per service allowing the caller's principal and the order-service operations, enforced by ${mode === 'sidecar' ? 'the server sidecar' : 'the waypoint (targetRefs Service)'}`,
            },
    },
    retries: l7(`VirtualService http[].retries (attempts, perTryTimeout, retryOn) applied by ${l7Proxy}`),
    timeouts: l7(`VirtualService http[].timeout applied by ${l7Proxy}`),
    accessLog:
      mode === 'ambient'
        ? { status: 'not-implemented', mechanism: 'Telemetry API (telemetry.istio.io/v1) accessLogging; ztunnel logs one line per connection, not per request' }
        : { status: 'not-implemented', mechanism: 'Telemetry API (telemetry.istio.io/v1) accessLogging with the envoy provider' },
    upstreamHttp2:
      mode === 'sidecar'
        ? { status: 'not-implemented', mechanism: 'DestinationRule trafficPolicy.connectionPool.http.h2UpgradePolicy: UPGRADE' }
        : { status: 'unsupported', reason: 'in ambient, traffic between nodes is always tunnelled in HBONE (HTTP/2 CONNECT); there is no HTTP/1.1 hop to switch' },
    telemetry: {
      metrics: {
        status: 'not-implemented',
        mechanism: mode === 'ambient' ? 'ztunnel L4 metrics scraped by Prometheus' : 'Telemetry API (telemetry.istio.io/v1) metrics with the Prometheus provider',
      },
      tracing:
        mode === 'ambient'
          ? { status: 'unsupported', reason: `request tracing needs an L7 proxy; ${NEEDS_WAYPOINT}` }
          : { status: 'not-implemented', mechanism: 'Telemetry API tracing randomSamplingPercentage with an OpenTelemetry extension provider (meshConfig.extensionProviders)' },
    },
    trafficSplit: l7(`VirtualService weighted http[].route to DestinationRule subsets stable and canary, applied by ${l7Proxy}`),
    outlierDetection: l7('DestinationRule trafficPolicy.outlierDetection (consecutive5xxErrors, baseEjectionTime)'),
    configScope:
      mode === 'sidecar'
        ? { status: 'supported', mechanism: 'Sidecar (networking.istio.io/v1) named default in the workload namespace: egress hosts ./* and istio-system/* (idle services live in another namespace)' }
        : { status: 'not-implemented', mechanism: 'meshConfig.discoverySelectors at install (the Sidecar resource does not apply to ztunnel or waypoints)' },
  };
}
