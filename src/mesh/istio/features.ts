/**
 * What Istio does for each scenario feature, by mode (sidecar, ambient, waypoint), stated at plan
 * time (plan/feature-support.ts); feature-objects.ts builds the resources. Mechanisms and
 * sources: docs/capability-matrix.md. Ambient without a waypoint has only ztunnel, an L4 proxy:
 * every L7 capability needs the waypoint.
 */
import type { Target } from '../../config/target-schema.ts';
import type { FeatureSupport, FeatureSupportTable } from '../../plan/feature-support.ts';
import { istioSpecOf } from './versions.ts';

const NEEDS_WAYPOINT = 'ambient without a waypoint has only ztunnel, an L4 proxy; use the istio-waypoint target';

/** The support table of an Istio target. */
export function istioFeatureSupport(target: Target): FeatureSupportTable {
  const mode = istioSpecOf(target).mode;
  const l7Proxy = mode === 'sidecar' ? 'the client sidecar' : 'the waypoint';
  const l7 = (mechanism: string): FeatureSupport => (mode === 'ambient' ? { status: 'unsupported', reason: NEEDS_WAYPOINT } : { status: 'supported', mechanism });
  const route = mode === 'sidecar' ? 'VirtualService (networking.istio.io/v1) per service' : 'HTTPRoute (gateway.networking.k8s.io/v1) per service with the Service as parent';
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
    retries:
      mode === 'waypoint'
        ? {
            status: 'supported',
            applies: 'install',
            mechanism:
              "HTTPRoute (gateway.networking.k8s.io/v1) per service with the Service as parent: rules[].retry (attempts, codes) and timeouts.backendRequest (the per-try timeout), applied by the waypoint; retry is an experimental-channel field, so the Gateway API experimental CRDs are installed; istiod always adds connect-failure, refused-stream, unavailable and cancelled to the codes",
          }
        : l7(`${route}: http[].retries (attempts, retryOn, perTryTimeout), applied by ${l7Proxy}`),
    timeouts: l7(`${route}: ${mode === 'sidecar' ? 'http[].timeout' : 'rules[].timeouts.request'}, applied by ${l7Proxy}`),
    accessLog: l7(`Telemetry (telemetry.istio.io/v1) accessLogging with the built-in envoy provider (/dev/stdout) in the namespace, applied by ${mode === 'sidecar' ? 'every sidecar' : 'the waypoint'}`),
    upstreamHttp2:
      mode === 'sidecar'
        ? { status: 'supported', mechanism: 'DestinationRule (networking.istio.io/v1) per service: trafficPolicy.connectionPool.http.h2UpgradePolicy UPGRADE' }
        : { status: 'unsupported', reason: 'in ambient, traffic between nodes is always tunnelled in HBONE (HTTP/2 CONNECT); there is no HTTP/1.1 hop to switch' },
    telemetry: {
      metrics:
        mode === 'ambient'
          ? { status: 'unsupported', reason: 'ztunnel always exports its L4 metrics and the Telemetry API does not switch them: on and off are the same data path' }
          : {
              status: 'supported',
              mechanism:
                'Telemetry (telemetry.istio.io/v1) metrics with the built-in prometheus provider; istioctl profiles already enable it by default (meshConfig.defaultProviders.metrics), so the off arm keeps the default metrics too',
            },
      tracing:
        mode === 'ambient'
          ? { status: 'unsupported', reason: `request tracing needs an L7 proxy; ${NEEDS_WAYPOINT}` }
          : {
              status: 'supported',
              applies: 'install',
              mechanism:
                "Zipkin collector (Istio's samples/addons/extras/zipkin.yaml), istioctl install --set meshConfig.enableTracing=true with a zipkin extension provider (meshConfig.extensionProviders), and Telemetry (telemetry.istio.io/v1) tracing with randomSamplingPercentage plus the prometheus metrics",
            },
    },
    trafficSplit: l7(`${route} for order: weights to the order and order-canary Services (order-canary: a second Deployment of order), applied by ${l7Proxy}`),
    outlierDetection: l7('DestinationRule (networking.istio.io/v1) per service: trafficPolicy.outlierDetection consecutive5xxErrors and baseEjectionTime'),
    configScope:
      mode === 'sidecar'
        ? { status: 'supported', mechanism: 'Sidecar (networking.istio.io/v1) named default in the workload namespace: egress hosts ./* and istio-system/* (idle services live in another namespace)' }
        : {
            status: 'supported',
            applies: 'install',
            mechanism:
              'istioctl install --set meshConfig.discoverySelectors (kubernetes.io/metadata.name In istio-system and the workload namespace): istiod watches and pushes only those namespaces (the Sidecar resource does not apply to ztunnel or waypoints)',
          },
  };
}
