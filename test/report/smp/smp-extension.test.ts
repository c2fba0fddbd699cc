import { describe, expect, it } from 'vitest';
import { extension } from '../../../src/report/smp/smp-extension.ts';
import { smallReportData } from '../../helpers/small-report.ts';

describe('the x_meshbench extension', () => {
  const data = smallReportData();
  const sidecar = data.series[1];
  const level = sidecar?.levels[0];
  const first = sidecar?.sources[0]?.result;
  if (!sidecar || !level?.latency || !first) throw new Error('a measured level expected');
  const ext = extension({ series: sidecar, level, first, latency: level.latency });

  it('carries what SMP cannot: p75 and p99.9, service time, repetitions and histograms', () => {
    expect(ext.target_rps).toBe(100);
    expect(ext.latencies_ms).toEqual({ p75: Math.round(level.latency?.p75Us ?? 0) / 1000, p99_9: Math.round(level.latency?.p999Us ?? 0) / 1000, count: level.latency?.count });
    expect(ext.service_time_ms?.p99).toBe(Math.round(level.serviceTime?.p99Us ?? 0) / 1000);
    expect(ext.repetitions).toEqual({ total: 2, valid: 2, pooled_from: level.pooledFrom });
    expect(ext.histograms?.latency_us_hdr_base64).toBe(level.histograms?.latencyUs);
  });

  it('describes the target, mTLS, proxies and the data-plane cost in MiB', () => {
    expect(ext.target).toMatchObject({ name: 'istio-sidecar', mesh: 'istio', mode: 'sidecar', version: '1.28.1' });
    expect(ext.mtls_enabled).toBe(true);
    expect(ext.proxy_concurrency).toBe(2);
    expect(ext.data_plane.components).toEqual([expect.objectContaining({ component: 'istio-proxy', role: 'data-plane', instances: 2 })]);
    expect(ext.data_plane.memory_per_instance_mb).toBeGreaterThan(49);
    expect(ext.data_plane.memory_per_instance_mb).toBeLessThan(51);
    expect(ext.run_ids).toEqual([first.runId]);
    expect(ext.latency_definition).toMatch(/intended send time/);
  });
});
