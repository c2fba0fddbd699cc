/**
 * meshbench's extras of an SMP `PerformanceTestResult`, written to the sidecar file under the
 * result's id (SMP has no extension field): p75 and p99.9, corrected latency vs service time,
 * mesh mode, mTLS, per-proxy resources, host CPU and the merged histograms. Pure.
 */
import type { LatencySummary, ResultFile } from '../../results/result-schema.ts';
import type { PooledLevel, ReportSeries } from '../report-model.ts';
import { mtlsEnabled, mtlsModeOf, mtlsVerified, proxyConcurrencyOf } from './smp-run-facts.ts';
import type { MeshbenchSmpExtension } from './smp-schema.ts';
import { latencyMs, roundMb, roundMs } from './smp-units.ts';

/** The extras of one series at one level with pooled latency. */
export function extension(options: { series: ReportSeries; level: PooledLevel; first: ResultFile; latency: LatencySummary }): MeshbenchSmpExtension {
  const { series, level, first, latency } = options;
  const s = level.serviceTime;
  const sources = [...new Set(level.repetitions.map((r) => r.source))];
  return {
    latency_definition:
      'latenciesMs: from the intended send time of an open-loop constant-rate schedule (corrected for coordinated omission), pooled over the valid repetitions; service_time_ms: from the actual send time',
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
