/**
 * `bench report --smp`: an export compatible with the Service Mesh Performance spec
 * (service-mesh-performance `protos/service_mesh_performance.proto`; reference
 * methodology-anchors.md §3 and §8.5). One `PerformanceTestResult` per target × level with the
 * spec's own fields (smp_version, id, labels, start_time, end_time, latencies_ms, actual_qps),
 * `mesh_config_id` / `env_id` pointing at real `ServiceMeshConfig` / `EnvironmentConfig` objects
 * in the same document (not Meshery's `test_*` stubs), and everything SMP cannot express
 * (p99.9, corrected vs service time, mesh mode, per-proxy resources, histograms) under the
 * namespaced key `x_meshbench`. Field names are the proto's snake_case; timestamps RFC 3339.
 * Pure.
 */
import { createHash } from 'node:crypto';
import type { LatencySummary, ResultFile } from '../results/result-schema.ts';
import type { PooledLevel, ReportData, ReportSeries } from './report-data.ts';
import { bytesToMib, usToMs } from './report-format.ts';

/** The SMP version this export follows (the version string SMP's own example files carry). */
export const SMP_VERSION = 'v0.0.1';
/** Where meshbench's extensions live in every exported object. */
export const SMP_EXTENSION_KEY = 'x_meshbench';
/** Identifies the extension's layout. */
export const SMP_EXTENSION_SCHEMA = 'meshbench/smp-extension/v1';

/** SMP `Latency`, milliseconds. */
export interface SmpLatencyMs {
  min: number;
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** A node as SMP's `EnvironmentConfig.nodes` describes it. */
export interface SmpNode {
  type: string;
  cores: number;
  mem_mb: number;
}

export interface SmpComponentResources {
  component: string;
  role: string;
  instances: number;
  vcpu: number | null;
  vcpu_per_1k_rps: number | null;
  memory_per_instance_mb: number | null;
  memory_max_mb: number | null;
}

/** meshbench's additions to a `PerformanceTestResult`. */
export interface MeshbenchSmpExtension {
  schema: string;
  /** What `latencies_ms` measures. */
  latency_definition: string;
  target: { name: string; mesh: string; mode: string; version: string | null; running_version: string | null; platform: string };
  scenario: { name: string; content_hash: string };
  target_rps: number;
  /** Percentiles of the corrected latency that SMP's `Latency` lacks. */
  latencies_ms: { p75: number; p99_9: number; count: number };
  /** From the actual send time (not corrected for coordinated omission). */
  service_time_ms: (SmpLatencyMs & { p75: number; p99_9: number }) | null;
  histograms: { latency_us_hdr_base64: string; service_time_us_hdr_base64: string } | null;
  repetitions: { total: number; valid: number; pooled_from: string };
  error_pct_median: number | null;
  mtls_enabled: boolean;
  mtls_mode: string | null;
  /** Outcome of the run's mTLS verification check; null when none was recorded. */
  mtls_verified: boolean | null;
  proxy_concurrency: number | null;
  kubernetes_version: string | null;
  kind_version: string | null;
  nodes: SmpNode[];
  data_plane: { vcpu_per_1k_rps: number | null; memory_per_instance_mb: number | null; components: SmpComponentResources[] };
  host_cpu: { core_seconds_per_1k_requests: number | null; utilization: number | null };
  run_ids: string[];
  harness_versions: string[];
}

/** SMP `PerformanceTestResult` with the extension. */
export interface SmpPerformanceTestResult {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  start_time: string;
  end_time: string;
  latencies_ms: SmpLatencyMs;
  actual_qps: number;
  mesh_config_id: string;
  env_id: string;
  [SMP_EXTENSION_KEY]: MeshbenchSmpExtension;
}

/** SMP `ServiceMeshConfig` (the fields meshbench can fill truthfully). */
export interface SmpServiceMeshConfig {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  mtls_enabled: boolean;
  proxy_concurrency?: number;
  mesh_type?: { type: string; version: string };
  /** Only for sidecar meshes: summed over all sidecars at that level. */
  sidecar?: { count: number; cpu_mcores: number; mem_mb: number; rps: number };
}

/** SMP `EnvironmentConfig`. */
export interface SmpEnvironmentConfig {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  kubernetes_version?: string;
  nodes: SmpNode[];
}

export interface SmpDocument {
  smp_version: string;
  generator: { name: string; version: string | null };
  performance_test_results: SmpPerformanceTestResult[];
  service_mesh_configs: SmpServiceMeshConfig[];
  environment_configs: SmpEnvironmentConfig[];
}

export interface SmpExportOptions {
  generatorVersion?: string | undefined;
}

/** SMP `ServiceMesh.Type` enum names for the meshes it knows. */
const SMP_MESH_TYPES: Record<string, string> = { istio: 'ISTIO', linkerd: 'LINKERD', cilium: 'CILIUM_SERVICE_MESH' };

/** A deterministic RFC 9562 version-8 UUID from a name (same inputs → same id). */
export function deterministicUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function roundMs(valueUs: number): number {
  return Math.round(usToMs(valueUs) * 1000) / 1000;
}

function latencyMs(l: LatencySummary): SmpLatencyMs {
  return { min: roundMs(l.minUs), average: roundMs(l.meanUs), p50: roundMs(l.p50Us), p90: roundMs(l.p90Us), p99: roundMs(l.p99Us), max: roundMs(l.maxUs) };
}

function roundMb(bytes: number | null): number | null {
  return bytes === null ? null : Math.round(bytesToMib(bytes) * 100) / 100;
}

function recordOf(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function mtlsModeOf(result: ResultFile): string | null {
  const mode = recordOf(result.scenario.spec['features'])?.['mtls'];
  return typeof mode === 'string' ? mode : null;
}

function mtlsEnabled(series: ReportSeries, result: ResultFile): boolean {
  if (series.mesh === 'none') return false;
  const mode = mtlsModeOf(result);
  return mode === null ? true : mode !== 'off';
}

function mtlsVerified(result: ResultFile): boolean | null {
  const checks = result.verification.checks.filter((c) => /mtls|tls/i.test(c.name));
  return checks.length ? checks.every((c) => c.passed) : null;
}

/** Envoy workers (Istio `proxyConcurrency`) or haproxy threads, from the resolved target spec. */
function proxyConcurrencyOf(result: ResultFile): number | null {
  const mesh = recordOf(result.target.spec['mesh']);
  const value = mesh?.['proxyConcurrency'] ?? mesh?.['threads'];
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** Nodes of the run. kind nodes are containers sharing the host's cores and memory. */
export function nodesOf(result: ResultFile): SmpNode[] {
  const env = result.environment;
  const host = { cores: env.cores, mem_mb: Math.round(bytesToMib(env.memoryBytes)) };
  if (result.target.platform === 'local') return [{ type: 'local-host', ...host }];
  const shape = recordOf(result.target.clusterShape);
  if (result.target.platform === 'kind') {
    const workers = typeof shape?.['workers'] === 'number' ? shape['workers'] : 0;
    return [{ type: 'kind-control-plane (shares host)', ...host }, ...Array.from({ length: workers }, () => ({ type: 'kind-worker (shares host)', ...host }))];
  }
  const nodes = shape?.['nodes'];
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((n): SmpNode[] => {
    const node = recordOf(n);
    if (!node || typeof node['cores'] !== 'number') return [];
    const memoryBytes = typeof node['memoryBytes'] === 'number' ? node['memoryBytes'] : 0;
    return [{ type: String(node['type'] ?? node['name'] ?? 'node'), cores: node['cores'], mem_mb: Math.round(bytesToMib(memoryBytes)) }];
  });
}

function seriesLabels(series: ReportSeries, first: ResultFile): Record<string, string> {
  return {
    generator: 'meshbench',
    target: series.targetName,
    mesh: series.mesh,
    mesh_mode: series.mode,
    mesh_version: series.version ?? '',
    platform: series.platform,
    scenario: first.scenario.name,
    scenario_hash: first.scenario.contentHash,
  };
}

function meshConfig(options: { series: ReportSeries; level: PooledLevel; first: ResultFile; id: string }): SmpServiceMeshConfig {
  const { series, level, first, id } = options;
  const config: SmpServiceMeshConfig = { smp_version: SMP_VERSION, id, labels: seriesLabels(series, first), mtls_enabled: mtlsEnabled(series, first) };
  const concurrency = proxyConcurrencyOf(first);
  if (concurrency !== null) config.proxy_concurrency = concurrency;
  const meshType = SMP_MESH_TYPES[series.mesh];
  if (meshType) config.mesh_type = { type: meshType, version: series.version ?? '' };
  const sidecars = level.components.filter((c) => c.role === 'data-plane');
  if (series.mode === 'sidecar' && sidecars.length) {
    config.sidecar = {
      count: sidecars.reduce((n, c) => n + c.instances, 0),
      cpu_mcores: Math.round(sidecars.reduce((n, c) => n + (c.vcpuMedian ?? 0), 0) * 1000),
      mem_mb: Math.round(bytesToMib(sidecars.reduce((n, c) => n + (c.memoryPerInstanceAvgBytesMedian ?? 0) * c.instances, 0))),
      rps: Math.round(level.achievedRpsMedian ?? 0),
    };
  }
  return config;
}

function extension(options: { series: ReportSeries; level: PooledLevel; first: ResultFile; latency: LatencySummary }): MeshbenchSmpExtension {
  const { series, level, first, latency } = options;
  const s = level.serviceTime;
  const sources = [...new Set(level.repetitions.map((r) => r.source))];
  return {
    schema: SMP_EXTENSION_SCHEMA,
    latency_definition:
      'latencies_ms: from the intended send time of an open-loop constant-rate schedule (corrected for coordinated omission), pooled over the valid repetitions; service_time_ms: from the actual send time',
    target: { name: series.targetName, mesh: series.mesh, mode: series.mode, version: series.version, running_version: first.target.runningVersion, platform: series.platform },
    scenario: { name: first.scenario.name, content_hash: first.scenario.contentHash },
    target_rps: level.targetRps,
    latencies_ms: { p75: roundMs(latency.p75Us), p99_9: roundMs(latency.p999Us), count: latency.count },
    service_time_ms: s ? { ...latencyMs(s), p75: roundMs(s.p75Us), p99_9: roundMs(s.p999Us) } : null,
    histograms: level.histograms ? { latency_us_hdr_base64: level.histograms.latencyUs, service_time_us_hdr_base64: level.histograms.serviceTimeUs } : null,
    repetitions: { total: level.repetitions.length, valid: level.validRepetitions, pooled_from: level.pooledFrom },
    error_pct_median: level.errorPctMedian,
    mtls_enabled: mtlsEnabled(series, first),
    mtls_mode: series.mesh === 'none' ? null : mtlsModeOf(first),
    mtls_verified: mtlsVerified(first),
    proxy_concurrency: proxyConcurrencyOf(first),
    kubernetes_version: first.target.kubernetesVersion,
    kind_version: first.target.kindVersion,
    nodes: nodesOf(first),
    data_plane: {
      vcpu_per_1k_rps: level.dataPlaneVcpuPer1kRpsMedian,
      memory_per_instance_mb: roundMb(level.dataPlaneMemoryPerInstanceBytesMedian),
      components: level.components.map((c) => ({
        component: c.component,
        role: c.role,
        instances: c.instances,
        vcpu: c.vcpuMedian,
        vcpu_per_1k_rps: c.vcpuPer1kRpsMedian,
        memory_per_instance_mb: roundMb(c.memoryPerInstanceAvgBytesMedian),
        memory_max_mb: roundMb(c.memoryMaxBytesMax),
      })),
    },
    host_cpu: { core_seconds_per_1k_requests: level.hostCoreSecondsPer1kRequestsMedian, utilization: level.hostUtilizationMedian },
    run_ids: sources.map((x) => x.result.runId),
    harness_versions: [...new Set(sources.map((x) => x.result.harness.version))],
  };
}

/** Builds the SMP document: one result per target × level that has pooled latency. */
export function buildSmpDocument(data: ReportData, options: SmpExportOptions = {}): SmpDocument {
  const results: SmpPerformanceTestResult[] = [];
  const meshConfigs: SmpServiceMeshConfig[] = [];
  const environments: SmpEnvironmentConfig[] = [];
  for (const series of data.series) {
    const first = series.sources[0]?.result;
    if (!first) continue;
    const runIds = series.sources.map((s) => s.result.runId).join('+');
    const envId = deterministicUuid(`env:${series.platform}:${first.environment.hostname}:${first.target.kubernetesVersion ?? ''}:${runIds}`);
    const kubernetesVersion = first.target.kubernetesVersion;
    environments.push({
      smp_version: SMP_VERSION,
      id: envId,
      labels: { platform: series.platform, host_cpu: first.environment.cpuModel, kernel: first.environment.kernel, os: first.environment.os },
      ...(kubernetesVersion ? { kubernetes_version: kubernetesVersion } : {}),
      nodes: nodesOf(first),
    });
    for (const level of series.levels) {
      if (!level.latency || level.windowStartMs === null || level.windowEndMs === null) continue;
      const key = `${series.label}:${series.platform}:${level.targetRps}:${runIds}`;
      const meshConfigId = deterministicUuid(`mesh:${key}`);
      meshConfigs.push(meshConfig({ series, level, first, id: meshConfigId }));
      results.push({
        smp_version: SMP_VERSION,
        id: deterministicUuid(`result:${key}`),
        labels: { ...seriesLabels(series, first), target_rps: String(level.targetRps), valid: String(level.pooledFrom === 'valid') },
        start_time: new Date(level.windowStartMs).toISOString(),
        end_time: new Date(level.windowEndMs).toISOString(),
        latencies_ms: latencyMs(level.latency),
        actual_qps: level.achievedRpsMedian ?? 0,
        mesh_config_id: meshConfigId,
        env_id: envId,
        [SMP_EXTENSION_KEY]: extension({ series, level, first, latency: level.latency }),
      });
    }
  }
  return {
    smp_version: SMP_VERSION,
    generator: { name: 'meshbench', version: options.generatorVersion ?? null },
    performance_test_results: results,
    service_mesh_configs: meshConfigs,
    environment_configs: environments,
  };
}

/** The SMP document as pretty-printed JSON. */
export function renderSmpJson(data: ReportData, options: SmpExportOptions = {}): string {
  return `${JSON.stringify(buildSmpDocument(data, options), null, 2)}\n`;
}
