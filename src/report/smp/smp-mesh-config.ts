/**
 * The SMP `ServiceMeshConfig` of one target × level (the fields meshbench can fill truthfully,
 * sidecar totals only for sidecar meshes) and the labels every SMP object of a series carries.
 * Pure.
 */
import type { ResultFile } from '../../results/result-schema.ts';
import { bytesToMib } from '../report-format.ts';
import type { PooledLevel, ReportSeries } from '../report-model.ts';
import { mtlsEnabled, proxyConcurrencyOf } from './smp-run-facts.ts';
import { SMP_VERSION, type SmpServiceMeshConfig } from './smp-schema.ts';

/** SMP `ServiceMesh.Type` enum names (protos/service_mesh.proto) for the meshes it knows. */
const SMP_MESH_TYPES: Record<string, string> = { istio: 'ISTIO', linkerd: 'LINKERD', cilium: 'CILIUM_SERVICE_MESH' };

/** Labels of every SMP object of a series: target, mesh, platform and scenario. */
export function seriesLabels(series: ReportSeries, first: ResultFile): Record<string, string> {
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

/** The `ServiceMeshConfig` of one series at one level, under the given id. */
export function meshConfig(options: { series: ReportSeries; level: PooledLevel; first: ResultFile; id: string }): SmpServiceMeshConfig {
  const { series, level, first, id } = options;
  const config: SmpServiceMeshConfig = { smpVersion: SMP_VERSION, id, labels: seriesLabels(series, first), mtlsEnabled: mtlsEnabled(series, first) };
  const concurrency = proxyConcurrencyOf(first);
  if (concurrency !== null) config.proxyConcurrency = concurrency;
  const meshType = SMP_MESH_TYPES[series.mesh];
  if (meshType) config.meshType = { type: meshType, version: series.version ?? '' };
  const sidecars = level.components.filter((c) => c.role === 'data-plane');
  if (series.mode === 'sidecar' && sidecars.length) {
    config.sidecar = {
      count: sidecars.reduce((n, c) => n + c.instances, 0),
      cpuMcores: Math.round(sidecars.reduce((n, c) => n + (c.vcpuMedian ?? 0), 0) * 1000),
      memMb: Math.round(bytesToMib(sidecars.reduce((n, c) => n + (c.memoryPerInstanceAvgBytesMedian ?? 0) * c.instances, 0))),
      rps: Math.round(level.achievedRpsMedian ?? 0),
    };
  }
  return config;
}
