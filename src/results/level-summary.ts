/**
 * The pooled view of a level: histograms merged across its valid repetitions (pooled
 * percentiles, for display) and medians of per-repetition values (what statistics use). Pure.
 */
import { encodeHistogram, mergeEncodedHistograms, summarizeHistogram } from '../stats/latency-histogram.ts';
import { median } from '../stats/median.ts';
import type { LevelSummary, Repetition } from './result-schema.ts';
import { dataPlaneMemoryPerInstanceBytes, dataPlaneVcpuPer1kRps } from './data-plane-cost.ts';

export function summarizeLevel(repetitions: readonly Repetition[]): LevelSummary {
  const valid = repetitions.filter((r) => r.valid);
  if (valid.length === 0) {
    return {
      validRepetitions: 0,
      latency: null,
      serviceTime: null,
      histograms: null,
      achievedRpsMedian: null,
      errorPctMedian: null,
      dataPlaneVcpuPer1kRpsMedian: null,
      dataPlaneMemoryPerInstanceBytesMedian: null,
      hostCoreSecondsPer1kRequestsMedian: null,
    };
  }
  const latency = mergeEncodedHistograms(valid.map((r) => r.histograms.latencyUs));
  const serviceTime = mergeEncodedHistograms(valid.map((r) => r.histograms.serviceTimeUs));
  return {
    validRepetitions: valid.length,
    latency: summarizeHistogram(latency),
    serviceTime: summarizeHistogram(serviceTime),
    histograms: { latencyUs: encodeHistogram(latency), serviceTimeUs: encodeHistogram(serviceTime) },
    achievedRpsMedian: median(valid.map((r) => r.achievedRps)),
    errorPctMedian: median(valid.map((r) => r.errorPct)),
    dataPlaneVcpuPer1kRpsMedian: median(valid.map(dataPlaneVcpuPer1kRps)),
    dataPlaneMemoryPerInstanceBytesMedian: median(valid.map(dataPlaneMemoryPerInstanceBytes)),
    hostCoreSecondsPer1kRequestsMedian: median(valid.map((r) => r.hostCpu?.coreSecondsPer1kRequests)),
  };
}
