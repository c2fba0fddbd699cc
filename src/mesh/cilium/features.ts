/**
 * What Cilium does for each scenario feature, stated at plan time (plan/feature-support.ts).
 * Mechanisms and sources: docs/capability-matrix.md. Pod-to-pod traffic is forwarded in eBPF;
 * only L7 policy (or GAMMA routes, or a CiliumEnvoyConfig) sends it through the per-node
 * cilium-envoy.
 */
import type { Target } from '../../config/target-schema.ts';
import type { FeatureSupportTable } from '../../plan/feature-support.ts';

const GAMMA =
  'Gateway API HTTPRoute with the Service as parent (GAMMA) through cilium-envoy, which needs the Cilium install with gatewayAPI.enabled and the Gateway API CRDs installed before Cilium; meshbench installs neither yet';

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
    retries: { status: 'not-implemented', mechanism: `HTTPRoute rules[].retry (Gateway API experimental channel) or a CiliumEnvoyConfig route retry_policy; ${GAMMA}` },
    timeouts: { status: 'not-implemented', mechanism: `HTTPRoute rules[].timeouts.request; ${GAMMA}` },
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
    trafficSplit: { status: 'not-implemented', mechanism: `HTTPRoute backendRefs weights to the order and order-canary Services; ${GAMMA}` },
    outlierDetection: {
      status: 'not-implemented',
      mechanism: 'a CiliumEnvoyConfig (cilium.io/v2) with an Envoy cluster outlier_detection for the service and the listener redirect that puts cilium-envoy on the path; Cilium has no outlier-detection API of its own',
    },
    configScope: { status: 'unsupported', reason: 'cilium-agent load-balances every Service of the cluster in eBPF maps on each node; there is no per-workload scope of that configuration' },
  };
}
