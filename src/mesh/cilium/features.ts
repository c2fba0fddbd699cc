/**
 * What Cilium does for each scenario feature, stated at plan time (plan/feature-support.ts).
 * Mechanisms and sources: docs/capability-matrix.md. Pod-to-pod traffic is forwarded in eBPF;
 * only L7 policy sends it through the per-node cilium-envoy.
 */
import type { Target } from '../../config/target-schema.ts';
import type { FeatureSupportTable } from '../../plan/feature-support.ts';

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
    retries: { status: 'not-implemented', mechanism: 'CiliumEnvoyConfig (cilium.io/v2) with an Envoy route retry_policy on cilium-envoy' },
    timeouts: { status: 'not-implemented', mechanism: 'CiliumEnvoyConfig (cilium.io/v2) with an Envoy route timeout on cilium-envoy' },
    accessLog: { status: 'not-implemented', mechanism: 'Hubble flow logs (hubble observe, or the Hubble exporter to a file)' },
    upstreamHttp2: { status: 'unsupported', reason: 'there is no proxy pair between the pods (eBPF forwarding), so nothing re-encodes the HTTP version' },
    telemetry: {
      metrics: { status: 'not-implemented', mechanism: 'Hubble metrics (hubble.metrics.enabled) scraped by Prometheus' },
      tracing: { status: 'unsupported', reason: 'Cilium records flows (Hubble), not request traces with sampling' },
    },
    trafficSplit: { status: 'not-implemented', mechanism: 'Gateway API HTTPRoute with weighted backendRefs attached to the Service (GAMMA)' },
    outlierDetection: { status: 'not-implemented', mechanism: 'CiliumEnvoyConfig (cilium.io/v2) cluster outlier_detection on cilium-envoy' },
    configScope: { status: 'unsupported', reason: 'cilium-agent load-balances every Service of the cluster in eBPF maps on each node; there is no per-workload scope of that configuration' },
  };
}
