import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../../src/report/report-data.ts';
import { buildSmpDocument, deterministicUuid, renderSmpJson } from '../../../src/report/smp/smp-export.ts';
import { nodesOf } from '../../../src/report/smp/smp-run-facts.ts';
import { SMP_EXTENSION_KEY, SMP_VERSION } from '../../../src/report/smp/smp-schema.ts';
import { buildSyntheticResult, realisticReportSources } from '../../helpers/report-fixtures.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('SMP export', () => {
  const data = buildReportData(realisticReportSources());
  const doc = buildSmpDocument(data, { generatorVersion: '0.1.0' });
  const json = renderSmpJson(data, { generatorVersion: '0.1.0' });

  it('has one PerformanceTestResult per target × level with the spec fields and types', () => {
    expect(doc.performance_test_results).toHaveLength(9);
    for (const r of doc.performance_test_results) {
      expect(r.smp_version).toBe(SMP_VERSION);
      expect(r.id).toMatch(UUID);
      expect(r.start_time).toMatch(RFC3339);
      expect(r.end_time).toMatch(RFC3339);
      expect(Date.parse(r.end_time)).toBeGreaterThan(Date.parse(r.start_time));
      expect(Object.keys(r.latencies_ms).sort()).toEqual(['average', 'max', 'min', 'p50', 'p90', 'p99']);
      for (const v of Object.values(r.latencies_ms)) expect(typeof v).toBe('number');
      expect(r.latencies_ms.min).toBeLessThanOrEqual(r.latencies_ms.p50);
      expect(r.latencies_ms.p50).toBeLessThanOrEqual(r.latencies_ms.p90);
      expect(r.latencies_ms.p99).toBeLessThanOrEqual(r.latencies_ms.max);
      expect(typeof r.actual_qps).toBe('number');
      for (const [k, v] of Object.entries(r.labels)) {
        expect(typeof k).toBe('string');
        expect(typeof v).toBe('string');
      }
    }
  });

  it('never writes Meshery-style test_* stubs; ids reference configs in the same document', () => {
    expect(json).not.toMatch(/"test_|test_value|test_smp_version/);
    const meshIds = new Set(doc.service_mesh_configs.map((c) => c.id));
    const envIds = new Set(doc.environment_configs.map((c) => c.id));
    for (const r of doc.performance_test_results) {
      expect(meshIds.has(r.mesh_config_id)).toBe(true);
      expect(envIds.has(r.env_id)).toBe(true);
    }
    expect(new Set(doc.performance_test_results.map((r) => r.id)).size).toBe(9);
  });

  it('is deterministic', () => {
    expect(renderSmpJson(buildReportData(realisticReportSources()), { generatorVersion: '0.1.0' })).toBe(json);
    expect(deterministicUuid('a')).toBe(deterministicUuid('a'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
  });

  it('puts what SMP cannot express under the namespaced extension key', () => {
    const sidecar = doc.performance_test_results.find((r) => r.labels['target'] === 'istio-sidecar' && r.labels['target_rps'] === '500');
    const ext = sidecar?.[SMP_EXTENSION_KEY];
    expect(ext?.schema).toBe('meshbench/smp-extension/v1');
    expect(ext?.target).toMatchObject({ mesh: 'istio', mode: 'sidecar', version: '1.28.1', platform: 'kind' });
    expect(ext?.latencies_ms.p99_9).toBeGreaterThanOrEqual(sidecar?.latencies_ms.p99 ?? Number.POSITIVE_INFINITY);
    expect(ext?.service_time_ms?.p50).toBeLessThanOrEqual(sidecar?.latencies_ms.p50 ?? 0);
    expect(ext?.mtls_enabled).toBe(true);
    expect(ext?.mtls_mode).toBe('strict');
    expect(ext?.mtls_verified).toBe(true);
    expect(ext?.proxy_concurrency).toBe(2);
    expect(ext?.kubernetes_version).toBe('v1.34.0');
    expect(ext?.nodes).toHaveLength(3);
    expect(ext?.data_plane.components[0]).toMatchObject({ component: 'istio-proxy', role: 'data-plane', instances: 2 });
    expect(ext?.data_plane.vcpu_per_1k_rps).toBeCloseTo(0.42, 1);
    expect(ext?.data_plane.memory_per_instance_mb).toBeCloseTo(52, 0);
    expect(ext?.histograms?.latency_us_hdr_base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(ext?.repetitions).toEqual({ total: 3, valid: 3, pooled_from: 'valid' });
  });

  it('fills ServiceMeshConfig with SMP enums and sidecar totals, and the baseline without mTLS', () => {
    const sidecarConfig = doc.service_mesh_configs.find((c) => c.labels['target'] === 'istio-sidecar');
    expect(sidecarConfig?.mesh_type).toEqual({ type: 'ISTIO', version: '1.28.1' });
    expect(sidecarConfig?.mtls_enabled).toBe(true);
    expect(sidecarConfig?.proxy_concurrency).toBe(2);
    expect(sidecarConfig?.sidecar?.count).toBe(2);
    expect(Number.isInteger(sidecarConfig?.sidecar?.cpu_mcores)).toBe(true);
    const ambientConfig = doc.service_mesh_configs.find((c) => c.labels['target'] === 'istio-ambient');
    expect(ambientConfig?.sidecar).toBeUndefined();
    const baselineConfig = doc.service_mesh_configs.find((c) => c.labels['target'] === 'baseline');
    expect(baselineConfig?.mtls_enabled).toBe(false);
    expect(baselineConfig?.mesh_type).toBeUndefined();
    const baseline = doc.performance_test_results.find((r) => r.labels['target'] === 'baseline');
    expect(baseline?.[SMP_EXTENSION_KEY].mtls_mode).toBeNull();
    expect(doc.environment_configs[0]).toMatchObject({ kubernetes_version: 'v1.34.0', labels: { platform: 'kind' } });
  });

  it('describes local runs as one host node and leaves out levels without latency', () => {
    const local = buildSyntheticResult({
      name: 'baseline',
      mesh: 'none',
      mode: 'none',
      version: null,
      platform: 'local',
      levelsRps: [100],
      repetitions: 1,
      samplesPerRepetition: 50,
      medianUs: 300,
      sigma: 0.2,
      seed: 1,
      hostCoreSecondsPer1kRequests: 0.2,
    });
    expect(nodesOf(local)).toEqual([{ type: 'local-host', cores: 4, mem_mb: 16384 }]);
    local.levels[0]!.repetitions[0]!.histograms = { latencyUs: '', serviceTimeUs: '' };
    expect(buildSmpDocument(buildReportData([{ path: 'l.json', result: local }])).performance_test_results).toEqual([]);
  });
});
