import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../../src/report/report-data.ts';
import { buildSmpExport, deterministicUuid, renderSmpJson, smpSidecarPath } from '../../../src/report/smp/smp-export.ts';
import { nodesOf } from '../../../src/report/smp/smp-run-facts.ts';
import { SMP_ENVIRONMENT_TYPE, SMP_EXTENSION_SCHEMA, SMP_MESH_CONFIG_TYPE, SMP_RESULT_TYPE, SMP_VERSION } from '../../../src/report/smp/smp-schema.ts';
import { loadProtoRoot, parseProtoJsonStrict, protoJsonName } from '../../helpers/proto-json-strict.ts';
import { buildSyntheticResult, realisticReportSources } from '../../helpers/report-fixtures.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

// The upstream spec, vendored unmodified (test/fixtures/smp/README.md names the source commit).
const root = loadProtoRoot({ dir: new URL('../../fixtures/smp/', import.meta.url).pathname, files: ['protos/service_mesh_performance.proto'] });
const RESULT = root.lookupType('smp.PerformanceTestResult');
const MESH_CONFIG = root.lookupType('smp.ServiceMeshConfig');
const ENVIRONMENT = root.lookupType('smp.EnvironmentConfig');

describe('SMP export', () => {
  const data = buildReportData(realisticReportSources());
  const { document: doc, sidecar } = buildSmpExport(data, { generatorVersion: '0.1.0', file: 'out/report.smp.json' });
  const json = renderSmpJson(data, { generatorVersion: '0.1.0', file: 'out/report.smp.json' });
  const parsed = JSON.parse(json) as Record<string, unknown[]>;

  it('holds only SMP messages, keyed by their full proto names', () => {
    expect(Object.keys(parsed).sort()).toEqual([SMP_ENVIRONMENT_TYPE, SMP_RESULT_TYPE, SMP_MESH_CONFIG_TYPE].sort());
    for (const key of Object.keys(parsed)) expect(root.lookupType(key).fullName).toBe(`.${key}`);
  });

  it('parses against the upstream proto with unknown fields rejected, and survives the wire format', () => {
    const results = (parsed[SMP_RESULT_TYPE] ?? []).map((r, i) => parseProtoJsonStrict(RESULT, r, `results[${i}]`));
    const configs = (parsed[SMP_MESH_CONFIG_TYPE] ?? []).map((c, i) => parseProtoJsonStrict(MESH_CONFIG, c, `configs[${i}]`));
    const environments = (parsed[SMP_ENVIRONMENT_TYPE] ?? []).map((e, i) => parseProtoJsonStrict(ENVIRONMENT, e, `environments[${i}]`));
    expect(results).toHaveLength(9);
    expect(configs).toHaveLength(9);
    expect(environments).toHaveLength(3);
    const first = doc[SMP_RESULT_TYPE][0];
    // What was written is what a proto reader gets back.
    expect(results[0]).toMatchObject({ actual_qps: first?.actualQps, mesh_config_id: first?.meshConfigId, env_id: first?.envId, smp_version: SMP_VERSION });
    expect((results[0]?.['latencies_ms'] as { p99: number } | undefined)?.p99).toBe(first?.latenciesMs.p99);
    expect(results[0]?.['start_time']).toMatchObject({ seconds: String(Math.floor(Date.parse(first?.startTime ?? '') / 1000)) });
    const node = (environments[0]?.['nodes'] as { mem_mb: string }[] | undefined)?.[0];
    expect(node?.mem_mb).toBe(doc[SMP_ENVIRONMENT_TYPE][0]?.nodes[0]?.memMb);
    expect(configs.some((c) => (c['mesh_type'] as { type?: string } | undefined)?.type === 'ISTIO')).toBe(true);
  });

  it('writes the proto3 JSON names (lowerCamelCase), never the snake_case or extension keys of old exports', () => {
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, inner] of Object.entries(v)) {
          keys.add(k);
          // Label maps hold meshbench's own keys.
          if (k !== 'labels') walk(inner);
        }
      }
    };
    walk(Object.values(parsed));
    for (const name of ['actualQps', 'meshConfigId', 'envId', 'latenciesMs', 'startTime', 'endTime', 'smpVersion', 'nodes', 'memMb', 'mtlsEnabled', 'detailsUri', 'testId']) expect(keys).toContain(name);
    for (const name of ['actual_qps', 'mesh_config_id', 'env_id', 'node', 'x_meshbench', 'generator']) expect(keys).not.toContain(name);
    for (const key of keys) if (!/^[0-9]/.test(key)) expect(key).toBe(protoJsonName(key));
  });

  it('the strict reader refuses what a conformant parser refuses', () => {
    const good = parsed[SMP_RESULT_TYPE]?.[0] as Record<string, unknown>;
    expect(() => parseProtoJsonStrict(RESULT, { ...good, x_meshbench: { schema: 'v1' } })).toThrow(/x_meshbench: unknown field/);
    expect(() => parseProtoJsonStrict(RESULT, { ...good, actualQPS: 1 })).toThrow(/actualQPS: unknown field/);
    expect(() => parseProtoJsonStrict(RESULT, { ...good, startTime: 'yesterday' })).toThrow(/startTime: expected an RFC 3339 timestamp/);
    expect(() => parseProtoJsonStrict(ENVIRONMENT, { nodes: [{ cores: 2.5 }] })).toThrow(/cores: expected an int32/);
    expect(() => parseProtoJsonStrict(MESH_CONFIG, { meshType: { type: 'KUBERNETES' } })).toThrow(/not a value of enum .smp.ServiceMesh.Type/);
    // Proto field names are accepted too (the spec requires parsers to take both).
    expect(parseProtoJsonStrict(RESULT, { actual_qps: 5 })).toEqual({ actual_qps: 5 });
  });

  it('has one PerformanceTestResult per target × level with the spec fields and types', () => {
    const results = doc[SMP_RESULT_TYPE];
    for (const r of results) {
      expect(r.smpVersion).toBe(SMP_VERSION);
      expect(r.id).toMatch(UUID);
      expect(r.startTime).toMatch(RFC3339);
      expect(Date.parse(r.endTime)).toBeGreaterThan(Date.parse(r.startTime));
      expect(Object.keys(r.latenciesMs).sort()).toEqual(['average', 'max', 'min', 'p50', 'p90', 'p99']);
      expect(r.latenciesMs.min).toBeLessThanOrEqual(r.latenciesMs.p50);
      expect(r.latenciesMs.p50).toBeLessThanOrEqual(r.latenciesMs.p90);
      expect(r.latenciesMs.p99).toBeLessThanOrEqual(r.latenciesMs.max);
      expect(r.detailsUri).toBe(`report.smp.meshbench.json#${r.id}`);
      expect(r.testId.length).toBeGreaterThan(0);
      for (const v of Object.values(r.labels)) expect(typeof v).toBe('string');
    }
  });

  it('ids reference configs in the same file; no Meshery-style test_* stubs', () => {
    expect(json).not.toMatch(/"test_|test_value|test_smp_version/);
    const meshIds = new Set(doc[SMP_MESH_CONFIG_TYPE].map((c) => c.id));
    const envIds = new Set(doc[SMP_ENVIRONMENT_TYPE].map((c) => c.id));
    for (const r of doc[SMP_RESULT_TYPE]) {
      expect(meshIds.has(r.meshConfigId)).toBe(true);
      expect(envIds.has(r.envId)).toBe(true);
    }
    expect(new Set(doc[SMP_RESULT_TYPE].map((r) => r.id)).size).toBe(9);
  });

  it('is deterministic', () => {
    expect(renderSmpJson(buildReportData(realisticReportSources()), { generatorVersion: '0.1.0', file: 'out/report.smp.json' })).toBe(json);
    expect(deterministicUuid('a')).toBe(deterministicUuid('a'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
  });

  it('carries meshbench\'s extras in labels and in the sidecar file under each result id', () => {
    expect(smpSidecarPath('out/report.smp.json')).toBe('out/report.smp.meshbench.json');
    expect(smpSidecarPath('report')).toBe('report.meshbench.json');
    expect(sidecar).toMatchObject({ schema: SMP_EXTENSION_SCHEMA, smp_file: 'report.smp.json', generator: { name: 'meshbench', version: '0.1.0' } });
    expect(Object.keys(sidecar.results).sort()).toEqual(doc[SMP_RESULT_TYPE].map((r) => r.id).sort());
    const result = doc[SMP_RESULT_TYPE].find((r) => r.labels['target'] === 'istio-sidecar' && r.labels['target_rps'] === '500');
    expect(result?.labels).toMatchObject({ mesh: 'istio', mesh_mode: 'sidecar', valid: 'true', pooled_from: 'valid', latency_basis: 'intended-send-time' });
    const ext = sidecar.results[result?.id ?? ''];
    expect(ext?.target).toMatchObject({ mesh: 'istio', mode: 'sidecar', version: '1.28.1', platform: 'kind' });
    expect(ext?.latencies_ms.p99_9).toBeGreaterThanOrEqual(result?.latenciesMs.p99 ?? Number.POSITIVE_INFINITY);
    expect(ext?.service_time_ms?.p50).toBeLessThanOrEqual(result?.latenciesMs.p50 ?? 0);
    expect(ext).toMatchObject({ mtls_enabled: true, mtls_mode: 'strict', mtls_verified: true, proxy_concurrency: 2, kubernetes_version: 'v1.34.0' });
    expect(ext?.data_plane.components[0]).toMatchObject({ component: 'istio-proxy', role: 'data-plane', instances: 2 });
    expect(ext?.data_plane.vcpu_per_1k_rps).toBeCloseTo(0.42, 1);
    expect(ext?.data_plane.memory_per_instance_mb).toBeCloseTo(52, 0);
    expect(ext?.histograms?.latency_us_hdr_base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(ext?.repetitions).toEqual({ total: 3, valid: 3, pooled_from: 'valid' });
  });

  it('fills ServiceMeshConfig with SMP enums and sidecar totals, and the baseline without mTLS', () => {
    const configs = doc[SMP_MESH_CONFIG_TYPE];
    const sidecarConfig = configs.find((c) => c.labels['target'] === 'istio-sidecar');
    expect(sidecarConfig?.meshType).toEqual({ type: 'ISTIO', version: '1.28.1' });
    expect(sidecarConfig?.mtlsEnabled).toBe(true);
    expect(sidecarConfig?.proxyConcurrency).toBe(2);
    expect(sidecarConfig?.sidecar?.count).toBe(2);
    expect(Number.isInteger(sidecarConfig?.sidecar?.cpuMcores)).toBe(true);
    expect(configs.find((c) => c.labels['target'] === 'istio-ambient')?.sidecar).toBeUndefined();
    const baselineConfig = configs.find((c) => c.labels['target'] === 'baseline');
    expect(baselineConfig?.mtlsEnabled).toBe(false);
    expect(baselineConfig?.meshType).toBeUndefined();
    const baseline = doc[SMP_RESULT_TYPE].find((r) => r.labels['target'] === 'baseline');
    expect(sidecar.results[baseline?.id ?? '']?.mtls_mode).toBeNull();
    expect(doc[SMP_ENVIRONMENT_TYPE][0]).toMatchObject({ kubernetesVersion: 'v1.34.0', labels: { platform: 'kind' } });
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
    expect(nodesOf(local)).toEqual([{ type: 'local-host', cores: 4, memMb: '16384' }]);
    local.levels[0]!.repetitions[0]!.histograms = { latencyUs: '', serviceTimeUs: '' };
    expect(buildSmpExport(buildReportData([{ path: 'l.json', result: local }])).document[SMP_RESULT_TYPE]).toEqual([]);
  });
});
