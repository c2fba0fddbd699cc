/**
 * What Linkerd does for each scenario feature, stated at plan time (plan/feature-support.ts);
 * feature-objects.ts builds the routes and Service annotations, enrol.ts the access-log
 * annotation, install.ts the viz extension. Mechanisms and sources: docs/capability-matrix.md.
 */
import type { Target } from '../../config/target-schema.ts';
import type { FeatureSupportTable } from '../../plan/feature-support.ts';

/** The support table of a Linkerd target (one mode: sidecar). */
export function linkerdFeatureSupport(_target: Target): FeatureSupportTable {
  const route = 'HTTPRoute (gateway.networking.k8s.io/v1) per service with the Service as parent';
  return {
    authz: {
      l4: { status: 'supported', mechanism: 'Server (accessPolicy deny) and an AuthorizationPolicy on it (policy.linkerd.io) requiring the MeshTLSAuthentication of the caller, no routes' },
      l7: {
        status: 'supported',
        mechanism: 'Server, HTTPRoute (policy.linkerd.io) per order-service operation and AuthorizationPolicy with MeshTLSAuthentication of the caller',
      },
    },
    retries: { status: 'supported', mechanism: `${route}, annotated retry.linkerd.io/http, retry.linkerd.io/limit and retry.linkerd.io/timeout; applied by the client proxy` },
    timeouts: { status: 'supported', mechanism: `${route}, annotated timeout.linkerd.io/request; applied by the client proxy` },
    accessLog: {
      status: 'supported',
      applies: 'workload',
      mechanism: 'namespace annotation config.linkerd.io/access-log: json, read by the proxy injector (a proxy setting: the pods must be created with it)',
    },
    upstreamHttp2: {
      status: 'unsupported',
      reason: 'cannot be switched: linkerd2-proxy always carries HTTP/1.1 between meshed pods as HTTP/2 (transparent protocol upgrade), so on and off are the same data path',
    },
    telemetry: {
      metrics: {
        status: 'supported',
        applies: 'install',
        mechanism: "linkerd-viz extension (linkerd viz install | kubectl apply -f -, then linkerd viz check): its Prometheus scrapes the proxies' metrics",
      },
      tracing: {
        status: 'not-implemented',
        mechanism:
          'a Jaeger collector in the mesh and linkerd install --set proxy.tracing.enabled=true with proxy.tracing.collector.endpoint and meshIdentity (the linkerd-jaeger extension and `linkerd jaeger` commands are gone since 2.19); the proxy has no sampling rate: it emits spans only for requests whose incoming w3c/b3 context is sampled, and meshbench\'s load generator starts no traces, so a sampling percentage cannot be applied',
      },
    },
    trafficSplit: { status: 'supported', mechanism: `${route} for order: backendRefs weights to the order and order-canary Services (order-canary: a second Deployment of order)` },
    outlierDetection: {
      status: 'supported',
      applies: 'workload',
      mechanism:
        'failure accrual: Service annotations balancer.linkerd.io/failure-accrual: consecutive, …-consecutive-max-failures and the min/max penalty (the ejection time)',
    },
    configScope: {
      status: 'unsupported',
      reason: 'nothing to scope: linkerd2-proxy asks the destination controller about each destination it actually calls, so idle Services never enter its configuration',
    },
  };
}
