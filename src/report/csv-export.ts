/**
 * `bench report --csv`: one row per target × level × repetition with the headline columns, plus
 * one pooled row per target × level (`row_kind` = `pooled`: merged-histogram percentiles and
 * medians of per-repetition values). RFC 4180: comma-separated, CRLF line ends, fields quoted
 * when they contain a comma, quote or line break. Units are in the column names. Pure.
 */
import type { Repetition, ResourceUsage } from '../results/result-schema.ts';
import type { PooledLevel, ReportData, ReportSeries, ReportSource } from './report-model.ts';

type CsvValue = string | number | boolean | null;

/** The columns, in order. Kept as data so tests and docs can list them. */
export const CSV_COLUMNS = [
  'row_kind',
  'target',
  'series',
  'mesh',
  'mode',
  'mesh_version',
  'platform',
  'scenario',
  'scenario_hash',
  'file',
  'run_id',
  'arm',
  'target_rps',
  'repetition',
  'valid',
  'valid_repetitions',
  'total_repetitions',
  'achieved_rps',
  'error_pct',
  'requests_completed',
  'latency_count',
  'latency_p50_us',
  'latency_p90_us',
  'latency_p99_us',
  'latency_p999_us',
  'latency_max_us',
  'latency_mean_us',
  'service_time_p50_us',
  'service_time_p99_us',
  'service_time_p999_us',
  'data_plane_vcpu',
  'data_plane_vcpu_per_1k_rps',
  'data_plane_memory_per_instance_bytes',
  'host_core_seconds_per_1k_requests',
  'host_utilization',
  'host_steal_fraction',
  'scheduler_lag_p99_us',
  'late_sends',
  'dropped',
  'generator_cpu_utilization',
  'window_start',
  'window_end',
  'invalid_reasons',
  'warnings',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
type CsvRow = Partial<Record<CsvColumn, CsvValue>>;

/** Quotes a field when RFC 4180 requires it; numbers are written in full (no exponent for normal ranges). */
export function csvField(value: CsvValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

function dataPlane(rep: Repetition): ResourceUsage[] {
  return rep.resources.filter((r) => r.role === 'data-plane');
}

function seriesColumns(series: ReportSeries): CsvRow {
  return {
    target: series.targetName,
    series: series.label,
    mesh: series.mesh,
    mode: series.mode,
    mesh_version: series.version,
    platform: series.platform,
    scenario: series.scenarioNames.join(' '),
    scenario_hash: series.scenarioHashes.join(' '),
  };
}

function repetitionRow(series: ReportSeries, level: PooledLevel, source: ReportSource, r: Repetition): CsvRow {
  const dp = dataPlane(r);
  const instances = dp.reduce((n, u) => n + u.instances.length, 0);
  return {
    row_kind: 'repetition',
    ...seriesColumns(series),
    scenario: source.result.scenario.name,
    scenario_hash: source.result.scenario.contentHash,
    file: source.path,
    run_id: source.result.runId,
    arm: r.arm,
    target_rps: level.targetRps,
    repetition: r.index,
    valid: r.valid,
    achieved_rps: r.achievedRps,
    error_pct: r.errorPct,
    requests_completed: r.requests.completed,
    latency_count: r.latency.count,
    latency_p50_us: r.latency.p50Us,
    latency_p90_us: r.latency.p90Us,
    latency_p99_us: r.latency.p99Us,
    latency_p999_us: r.latency.p999Us,
    latency_max_us: r.latency.maxUs,
    latency_mean_us: r.latency.meanUs,
    service_time_p50_us: r.serviceTime.p50Us,
    service_time_p99_us: r.serviceTime.p99Us,
    service_time_p999_us: r.serviceTime.p999Us,
    data_plane_vcpu: dp.length ? dp.reduce((n, u) => n + u.vcpu, 0) : null,
    data_plane_vcpu_per_1k_rps: dp.length ? sumOrNull(dp.map((u) => u.vcpuPer1kRps)) : null,
    data_plane_memory_per_instance_bytes: dp.length ? (instances > 0 ? Math.round(dp.reduce((n, u) => n + u.memoryAvgBytes, 0) / instances) : null) : null,
    host_core_seconds_per_1k_requests: r.hostCpu?.coreSecondsPer1kRequests ?? null,
    host_utilization: r.hostCpu?.utilization ?? null,
    host_steal_fraction: r.hostCpu?.stealFraction ?? null,
    scheduler_lag_p99_us: r.generator.schedulerLagUs.p99,
    late_sends: r.generator.lateSends,
    dropped: Math.max(r.generator.dropped, r.requests.dropped),
    generator_cpu_utilization: r.generator.cpuUtilization,
    window_start: new Date(r.windowStartMs).toISOString(),
    window_end: new Date(r.windowEndMs).toISOString(),
    invalid_reasons: r.invalidReasons.join('; '),
    warnings: r.warnings.join('; '),
  };
}

function pooledRow(series: ReportSeries, level: PooledLevel): CsvRow {
  const l = level.latency;
  const s = level.serviceTime;
  const sources = [...new Set(level.repetitions.map((r) => r.source))];
  return {
    row_kind: 'pooled',
    ...seriesColumns(series),
    file: sources.map((x) => x.path).join(' '),
    run_id: sources.map((x) => x.result.runId).join(' '),
    target_rps: level.targetRps,
    valid: level.pooledFrom === 'valid',
    valid_repetitions: level.validRepetitions,
    total_repetitions: level.repetitions.length,
    achieved_rps: level.achievedRpsMedian,
    error_pct: level.errorPctMedian,
    requests_completed: level.repetitions.filter((r) => r.repetition.valid || level.pooledFrom === 'invalid').reduce((n, r) => n + r.repetition.requests.completed, 0),
    latency_count: l?.count ?? null,
    latency_p50_us: l?.p50Us ?? null,
    latency_p90_us: l?.p90Us ?? null,
    latency_p99_us: l?.p99Us ?? null,
    latency_p999_us: l?.p999Us ?? null,
    latency_max_us: l?.maxUs ?? null,
    latency_mean_us: l?.meanUs ?? null,
    service_time_p50_us: s?.p50Us ?? null,
    service_time_p99_us: s?.p99Us ?? null,
    service_time_p999_us: s?.p999Us ?? null,
    data_plane_vcpu_per_1k_rps: level.dataPlaneVcpuPer1kRpsMedian,
    data_plane_memory_per_instance_bytes: level.dataPlaneMemoryPerInstanceBytesMedian === null ? null : Math.round(level.dataPlaneMemoryPerInstanceBytesMedian),
    host_core_seconds_per_1k_requests: level.hostCoreSecondsPer1kRequestsMedian,
    host_utilization: level.hostUtilizationMedian,
    scheduler_lag_p99_us: level.generator.schedulerLagP99UsMax,
    late_sends: level.generator.lateSends,
    dropped: level.generator.dropped,
    generator_cpu_utilization: level.generator.cpuUtilizationMax,
    window_start: level.windowStartMs === null ? null : new Date(level.windowStartMs).toISOString(),
    window_end: level.windowEndMs === null ? null : new Date(level.windowEndMs).toISOString(),
    invalid_reasons: level.pooledFrom === 'invalid' ? 'no valid repetition: pooled from invalid repetitions' : '',
  };
}

/** Renders the CSV: header, then per series and level the repetition rows followed by the pooled row. */
export function renderCsv(data: ReportData): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const series of data.series) {
    for (const level of series.levels) {
      const rows = [...level.repetitions.map((ref) => repetitionRow(series, level, ref.source, ref.repetition)), pooledRow(series, level)];
      for (const row of rows) lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
