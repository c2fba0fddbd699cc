import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { istioFeatureSupport } from '../../../src/mesh/istio/features.ts';
import { featureSupportRows } from '../../../src/plan/feature-support.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const tableOf = (name: string) => istioFeatureSupport(loadTarget(name, ROOT).spec);

describe('Istio feature support', () => {
  it('sidecar and waypoint apply authz: l7; every other feature names its upstream resource', () => {
    for (const name of ['istio-sidecar', 'istio-waypoint']) {
      const table = tableOf(name);
      expect(table.authz.l7.status, name).toBe('supported');
      expect(table.retries).toMatchObject({ status: 'not-implemented', mechanism: expect.stringContaining('VirtualService http[].retries') });
      expect(table.outlierDetection).toMatchObject({ mechanism: expect.stringContaining('DestinationRule trafficPolicy.outlierDetection') });
    }
    expect(tableOf('istio-sidecar').upstreamHttp2).toMatchObject({ mechanism: expect.stringContaining('h2UpgradePolicy: UPGRADE') });
  });

  it('ambient without a waypoint refuses every L7 capability and sends the user to istio-waypoint', () => {
    const table = tableOf('istio-ambient');
    for (const row of featureSupportRows(table).filter((r) => ['authz: l7', 'retries', 'timeouts', 'trafficSplit', 'outlierDetection', 'telemetry: tracing'].includes(r.feature))) {
      expect(row.support, row.feature).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('istio-waypoint') });
    }
    expect(table.authz.l4).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('ztunnel') });
  });
});
