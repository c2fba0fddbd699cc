/**
 * What the local targets do for each scenario feature (plan/feature-support.ts): the haproxy
 * sidecar pair of `proxy-mtls` implements what haproxy can (haproxy-config.ts); the baseline and
 * the netns emulations apply none. Sources: docs/capability-matrix.md.
 */
import type { FeatureSpec } from '../../config/scenario-schema.ts';
import type { Target } from '../../config/target-schema.ts';
import { HarnessError } from '../../errors.ts';
import { type FeatureSupportTable, noFeatureSupport } from '../../plan/feature-support.ts';
import type { SidecarFeatures } from './sidecar-pair.ts';

const NO_TELEMETRY = 'the haproxy pair has no metrics pipeline or tracer; accessLog is the local stand-in for telemetry';

/** The haproxy sidecar pair's table. */
export const HAPROXY_FEATURE_SUPPORT: FeatureSupportTable = {
  authz: {
    l4: { status: 'supported', mechanism: 'server sidecar: tcp-request session reject unless the client certificate CN is the allowed caller (ssl_c_s_dn)' },
    l7: { status: 'supported', mechanism: 'server sidecar: the l4 rule plus http-request deny (403) unless method and path are an order-service operation' },
  },
  retries: { status: 'supported', mechanism: 'client sidecar backend: retries N, retry-on (conn-failure, empty-response, status codes, response-timeout), timeout server per try' },
  timeouts: { status: 'supported', mechanism: 'client sidecar backend: timeout server (answers 504 past it)' },
  accessLog: { status: 'supported', mechanism: 'both sidecars: option httplog to stdout (log stdout format raw), written to a file per proxy' },
  upstreamHttp2: { status: 'supported', mechanism: 'HTTP/2 over the mutual-TLS hop: alpn h2 on the client sidecar\'s server line, alpn h2,http/1.1 on the server sidecar\'s bind' },
  telemetry: { metrics: { status: 'unsupported', reason: NO_TELEMETRY }, tracing: { status: 'unsupported', reason: NO_TELEMETRY } },
  trafficSplit: { status: 'not-implemented', mechanism: 'two order-service copies behind weighted server lines in the server sidecar' },
  outlierDetection: { status: 'not-implemented', mechanism: 'observe layer7 with error-limit and on-error mark-down on the server lines' },
  configScope: { status: 'supported', mechanism: 'both sidecars: the idle-service backends (workload.idleServices) are left out of the configs, as a namespace-scoped Sidecar leaves other namespaces out' },
};

/** The table of a local target. */
export function localFeatureSupport(target: Target): FeatureSupportTable {
  if (target.mesh.name === 'haproxy') return HAPROXY_FEATURE_SUPPORT;
  if (target.mesh.name === 'netns') return noFeatureSupport('the netns emulation applies no scenario features; proxy-mtls does (docs/capability-matrix.md)');
  return noFeatureSupport('the baseline runs no proxy, so no mesh capability can be switched on');
}

/**
 * The features as the haproxy pair applies them. Refuses retries with a request timeout: haproxy
 * bounds each attempt (`timeout server`), it has no deadline for the whole request.
 */
export function sidecarFeatures(features: FeatureSpec): SidecarFeatures {
  if (features.retries && features.timeouts) {
    throw new HarnessError('USAGE', 'features retries and timeouts together are not available on the haproxy sidecar pair: haproxy bounds each attempt (timeout server), not the whole request', {
      hint: 'use retries.perTryTimeout for a per-attempt deadline, or measure retries and timeouts as separate arms (--features-matrix retries,timeouts)',
    });
  }
  return {
    authz: features.authz,
    retries: features.retries,
    requestTimeoutMs: features.timeouts?.requestMs ?? null,
    accessLog: features.accessLog,
    upstreamHttp2: features.upstreamHttp2,
  };
}
