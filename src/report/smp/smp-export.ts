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
import type { ReportData } from '../report-model.ts';
import { extension } from './smp-extension.ts';
import { meshConfig, seriesLabels } from './smp-mesh-config.ts';
import { nodesOf } from './smp-run-facts.ts';
import {
  SMP_EXTENSION_KEY,
  SMP_VERSION,
  type SmpDocument,
  type SmpEnvironmentConfig,
  type SmpPerformanceTestResult,
  type SmpServiceMeshConfig,
} from './smp-schema.ts';
import { latencyMs } from './smp-units.ts';

export interface SmpExportOptions {
  generatorVersion?: string | undefined;
}

/** A deterministic RFC 9562 version-8 UUID from a name (same inputs → same id). */
export function deterministicUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
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
