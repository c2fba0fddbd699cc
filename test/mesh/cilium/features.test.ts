import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { ciliumFeatureSupport } from '../../../src/mesh/cilium/features.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

describe('Cilium feature support', () => {
  const table = ciliumFeatureSupport(loadTarget('cilium', ROOT).spec);

  it('applies authz: l7 through cilium-envoy; refuses what has no proxy pair or no tracer', () => {
    expect(table.authz.l7).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('toPorts.rules.http') });
    expect(table.authz.l4).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('eBPF') });
    expect(table.upstreamHttp2.status).toBe('unsupported');
    expect(table.telemetry.tracing.status).toBe('unsupported');
    expect(table.accessLog).toMatchObject({ status: 'unsupported' });
    expect(table.accessLog).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('Hubble records flows') });
    expect(table.telemetry.metrics).toMatchObject({ status: 'supported', applies: 'install', mechanism: expect.stringContaining('hubble.metrics.enabled') });
  });

  it('splits traffic through GAMMA (an install feature); states retries, timeouts and outlier detection as undocumented for east-west', () => {
    expect(table.trafficSplit).toMatchObject({ status: 'supported', applies: 'install', mechanism: expect.stringContaining('gatewayAPI.enabled=true') });
    expect(table.retries).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('HTTPRouteRetry') });
    expect(table.timeouts).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('HTTPRouteRequestTimeout') });
    for (const row of [table.retries, table.timeouts]) expect(row).toMatchObject({ reason: expect.stringContaining('conformance/reports/v1.6/cilium/experimental-v1.20.0-default-report.yaml') });
    expect(table.outlierDetection).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('CiliumEnvoyConfig') });
  });
});
