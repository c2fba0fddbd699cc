/**
 * What Cilium does for each scenario feature, stated at plan time (plan/feature-support.ts).
 * Mechanisms and sources: docs/capability-matrix.md. Pod-to-pod traffic is forwarded in eBPF;
 * only L7 policy (or GAMMA routes, or a CiliumEnvoyConfig) sends it through the per-node
 * cilium-envoy.
 */
import type { Target } from '../../config/target-schema.ts';
import type { FeatureSupportTable } from '../../plan/feature-support.ts';

/** Where the pinned release's GAMMA support is stated (docs/capability-matrix.md "Cilium GAMMA"). */
const GAMMA_SOURCES =
  'docs.cilium.io network/servicemesh/gateway-api/gamma (HTTPRoute with a Service parent, producer routes only) and the Cilium v1.20.0 conformance report (kubernetes-sigs/gateway-api conformance/reports/v1.6/cilium/experimental-v1.20.0-default-report.yaml)';

/** Why a route field is not offered: upstream states it for north-south Gateways only. */
function notDocumentedForMesh(field: string, gatewayFeatures: string): string {
  return `Cilium documents ${field} for Gateway (north-south) HTTPRoutes only: its v1.20.0 conformance report claims ${gatewayFeatures} in the GATEWAY-HTTP profile, while its MESH-HTTP profile (GAMMA, east-west) covers the core tests and header/path/redirect features, and the Gateway API mesh profile defines no ${field} feature; see ${GAMMA_SOURCES}`;
}

/** The support table of a Cilium target. */
export function ciliumFeatureSupport(_target: Target): FeatureSupportTable {
  return {
    authz: {
      l4: { status: 'supported', mechanism: 'CiliumNetworkPolicy (cilium.io/v2) per service with fromEndpoints and toPorts only, enforced in eBPF' },
      l7: {
        status: 'supported',
        mechanism: 'CiliumNetworkPolicy (cilium.io/v2) with toPorts.rules.http per service, enforced by the per-node cilium-envoy',
      },
    },
    retries: { status: 'unsupported', reason: notDocumentedForMesh('retries', 'HTTPRouteRetry (experimental-channel rules[].retry)') },
    timeouts: { status: 'unsupported', reason: notDocumentedForMesh('timeouts', 'HTTPRouteRequestTimeout and HTTPRouteBackendTimeout') },
    accessLog: {
      status: 'unsupported',
      reason: 'Cilium forwards pod-to-pod traffic in eBPF with no proxy that sees requests; Hubble records flows (connections and packets), and per-request HTTP records only for traffic an L7 policy sends through cilium-envoy',
    },
    upstreamHttp2: { status: 'unsupported', reason: 'there is no proxy pair between the pods (eBPF forwarding), so nothing re-encodes the HTTP version' },
    telemetry: {
      metrics: {
        status: 'supported',
        applies: 'install',
        mechanism: 'Hubble metrics: cilium install --set hubble.enabled=true --set hubble.metrics.enabled={dns,drop,tcp,flow,port-distribution,icmp} (the agents serve them for Prometheus)',
      },
      tracing: { status: 'unsupported', reason: 'Cilium records flows (Hubble), not request traces with sampling' },
    },
    trafficSplit: {
      status: 'supported',
      applies: 'install',
      mechanism: `GAMMA: an HTTPRoute (gateway.networking.k8s.io/v1) with the order Service as parent and backendRefs weights to order and order-canary (mesh core conformance MeshHTTPRouteWeight), served by the per-node cilium-envoy; cilium install --set gatewayAPI.enabled=true after the Gateway API CRDs (${GAMMA_SOURCES})`,
    },
    outlierDetection: {
      status: 'unsupported',
      reason:
        'Cilium has no outlier-detection API: neither its GAMMA/Gateway API support nor its L7 traffic management documents one; only a hand-written Envoy cluster with outlier_detection in a CiliumEnvoyConfig (docs.cilium.io network/servicemesh/envoy-custom-listener, l7-traffic-management) would do it, which is raw Envoy configuration rather than a Cilium feature',
    },
    configScope: { status: 'unsupported', reason: 'cilium-agent load-balances every Service of the cluster in eBPF maps on each node; there is no per-workload scope of that configuration' },
  };
}
