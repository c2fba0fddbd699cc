/**
 * `bench report --smp FILE`: an export in the Service Mesh Performance spec's own messages
 * (service-mesh-performance `protos/service_mesh_performance.proto`, vendored in
 * test/fixtures/smp/ with its source; docs/report.md "SMP export"), written in the proto3 JSON
 * mapping with no field the proto does not declare, so a strict proto JSON parser reads it:
 * - one `PerformanceTestResult` per target × level (`actualQps`, `latenciesMs`, `startTime`…),
 *   whose `meshConfigId` and `envId` point at a `ServiceMeshConfig` and an `EnvironmentConfig`
 *   in the same file (not Meshery's `test_*` stubs);
 * - the arrays are keyed by the full message name (`smp.PerformanceTestResult`, …);
 * - meshbench's extras go where the spec allows: `labels` (target, mode, scenario, validity),
 *   `testId` (the run ids), and a sidecar file `<FILE>.meshbench.json` that `detailsUri` points
 *   at, holding p99.9, service time, histograms and per-proxy resources under the result's id.
 * Pure.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ReportData } from '../report-model.ts';
import { extension } from './smp-extension.ts';
import { meshConfig, seriesLabels } from './smp-mesh-config.ts';
import { nodesOf } from './smp-run-facts.ts';
import {
  SMP_ENVIRONMENT_TYPE,
  SMP_EXTENSION_SCHEMA,
  SMP_MESH_CONFIG_TYPE,
  SMP_RESULT_TYPE,
  SMP_VERSION,
  type SmpDocument,
  type SmpSidecar,
} from './smp-schema.ts';
import { latencyMs } from './smp-units.ts';

export interface SmpExportOptions {
  generatorVersion?: string | undefined;
  /** The SMP file's path as written (its sidecar's name is derived from it). */
  file?: string | undefined;
}

/** A deterministic RFC 9562 version-8 UUID from a name (same inputs → same id). */
export function deterministicUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The sidecar of an SMP file: `report.smp.json` → `report.smp.meshbench.json`. */
export function smpSidecarPath(smpPath: string): string {
  return smpPath.endsWith('.json') ? `${smpPath.slice(0, -'.json'.length)}.meshbench.json` : `${smpPath}.meshbench.json`;
}

/** The SMP messages and the sidecar with meshbench's extras (one result per target × level with pooled latency). */
export function buildSmpExport(data: ReportData, options: SmpExportOptions = {}): { document: SmpDocument; sidecar: SmpSidecar } {
  const smpFile = basename(options.file ?? 'report.smp.json');
  const sidecarFile = basename(smpSidecarPath(smpFile));
  const document: SmpDocument = { [SMP_RESULT_TYPE]: [], [SMP_MESH_CONFIG_TYPE]: [], [SMP_ENVIRONMENT_TYPE]: [] };
  const sidecar: SmpSidecar = { schema: SMP_EXTENSION_SCHEMA, smp_file: smpFile, generator: { name: 'meshbench', version: options.generatorVersion ?? null }, results: {} };
  for (const series of data.series) {
    const first = series.sources[0]?.result;
    if (!first) continue;
    const runIds = series.sources.map((s) => s.result.runId).join('+');
    const envId = deterministicUuid(`env:${series.platform}:${first.environment.hostname}:${first.target.kubernetesVersion ?? ''}:${runIds}`);
    const kubernetesVersion = first.target.kubernetesVersion;
    document[SMP_ENVIRONMENT_TYPE].push({
      smpVersion: SMP_VERSION,
      id: envId,
      labels: { platform: series.platform, host_cpu: first.environment.cpuModel, kernel: first.environment.kernel, os: first.environment.os },
      ...(kubernetesVersion ? { kubernetesVersion } : {}),
      nodes: nodesOf(first),
    });
    for (const level of series.levels) {
      if (!level.latency || level.windowStartMs === null || level.windowEndMs === null) continue;
      const key = `${series.label}:${series.platform}:${level.targetRps}:${runIds}`;
      const meshConfigId = deterministicUuid(`mesh:${key}`);
      const id = deterministicUuid(`result:${key}`);
      document[SMP_MESH_CONFIG_TYPE].push(meshConfig({ series, level, first, id: meshConfigId }));
      document[SMP_RESULT_TYPE].push({
        smpVersion: SMP_VERSION,
        id,
        labels: {
          ...seriesLabels(series, first),
          target_rps: String(level.targetRps),
          valid: String(level.pooledFrom === 'valid'),
          pooled_from: level.pooledFrom,
          latency_basis: 'intended-send-time',
        },
        startTime: new Date(level.windowStartMs).toISOString(),
        endTime: new Date(level.windowEndMs).toISOString(),
        latenciesMs: latencyMs(level.latency),
        actualQps: level.achievedRpsMedian ?? 0,
        detailsUri: `${sidecarFile}#${id}`,
        testId: runIds,
        meshConfigId,
        envId,
      });
      sidecar.results[id] = extension({ series, level, first, latency: level.latency });
    }
  }
  return { document, sidecar };
}

/** The SMP export as pretty-printed JSON. */
export function renderSmpJson(data: ReportData, options: SmpExportOptions = {}): string {
  return `${JSON.stringify(buildSmpExport(data, options).document, null, 2)}\n`;
}

/** The sidecar with meshbench's extras as pretty-printed JSON. */
export function renderSmpSidecarJson(data: ReportData, options: SmpExportOptions = {}): string {
  return `${JSON.stringify(buildSmpExport(data, options).sidecar, null, 2)}\n`;
}
