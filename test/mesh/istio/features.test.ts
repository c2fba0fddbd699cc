import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { istioFeatureSupport } from '../../../src/mesh/istio/features.ts';
import { featureSupportRows } from '../../../src/plan/feature-support.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const tableOf = (name: string) => istioFeatureSupport(loadTarget(name, ROOT).spec);

describe('Istio feature support', () => {
  it('sidecar applies every L7 feature through VirtualService, DestinationRule and Telemetry; tracing through the Zipkin addon at install', () => {
    const table = tableOf('istio-sidecar');
    const supported = featureSupportRows(table).filter((r) => r.support.status === 'supported').map((r) => r.feature);
    expect(supported).toEqual(['authz: l4', 'authz: l7', 'retries', 'timeouts', 'accessLog', 'upstreamHttp2', 'telemetry: metrics', 'telemetry: tracing', 'trafficSplit', 'outlierDetection', 'configScope']);
    expect(table.retries).toMatchObject({ mechanism: expect.stringContaining('VirtualService (networking.istio.io/v1) per service: http[].retries') });
    expect(table.upstreamHttp2).toMatchObject({ mechanism: expect.stringContaining('h2UpgradePolicy UPGRADE') });
    expect(table.outlierDetection).toMatchObject({ mechanism: expect.stringContaining('trafficPolicy.outlierDetection') });
    expect(table.telemetry.tracing).toMatchObject({ status: 'supported', applies: 'install', mechanism: expect.stringContaining('randomSamplingPercentage') });
  });

  it('waypoint routes through HTTPRoute; retries install the experimental channel', () => {
    const table = tableOf('istio-waypoint');
    expect(table.timeouts).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('HTTPRoute (gateway.networking.k8s.io/v1)') });
    expect(table.trafficSplit).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('order-canary') });
    expect(table.retries).toMatchObject({ status: 'supported', applies: 'install', mechanism: expect.stringMatching(/rules\[\]\.retry .*experimental CRDs/) });
    expect(table.upstreamHttp2.status).toBe('unsupported');
  });

  it('ambient without a waypoint refuses every L7 capability and sends the user to istio-waypoint', () => {
    const table = tableOf('istio-ambient');
    for (const row of featureSupportRows(table).filter((r) => ['authz: l7', 'retries', 'timeouts', 'trafficSplit', 'outlierDetection', 'telemetry: tracing'].includes(r.feature))) {
      expect(row.support, row.feature).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('istio-waypoint') });
    }
    expect(table.authz.l4).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('ztunnel') });
  });
});
