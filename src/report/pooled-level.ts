/**
 * Pools the repetitions of one rate level of one series: latency histograms are merged across the
 * valid repetitions (pooled percentiles and the percentile spectrum, for display), per-repetition
 * values are summarised by their median, generator health by its worst case
 * (docs/methodology.md "The repetition is the sample"). Pure.
 */
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  type LatencyHistogram,
  percentileSpectrum,
  summarizeHistogram,
} from '../stats/latency-histogram.ts';
import type { Repetition } from '../results/result-schema.ts';
import { dataPlaneMemoryPerInstanceBytes, dataPlaneVcpuPer1kRps } from '../results/data-plane-cost.ts';
import { summarizeComponents } from './level-resources.ts';
import { maxOf, median } from '../stats/median.ts';
import type { GeneratorSummary, PooledFrom, PooledLevel, RepetitionRef } from './report-model.ts';

/** Percentiles are sampled every 0.1 on the −log10(1 − p) axis up to this many nines. */
const SPECTRUM_STEP = 0.1;
const SPECTRUM_MAX_NINES = 6;

/**
 * Latency percentiles to sample for a spectrum of `count` values: evenly spaced on
 * x = −log10(1 − p) from 0 up to the resolution the sample supports (log10(count) nines).
 */
export function spectrumPercentiles(count: number): number[] {
  const maxNines = Math.min(SPECTRUM_MAX_NINES, Math.max(1, Math.log10(Math.max(count, 1))));
  const steps = Math.floor(maxNines / SPECTRUM_STEP + 1e-9);
  const percentiles: number[] = [];
  for (let i = 0; i <= steps; i++) percentiles.push(100 * (1 - 10 ** -(i * SPECTRUM_STEP)));
  return percentiles;
}

function mergeHistograms(refs: readonly RepetitionRef[], pick: (r: Repetition) => string): { merged: LatencyHistogram; failed: number } {
  const merged = createLatencyHistogram();
  let failed = 0;
  for (const ref of refs) {
    const encoded = pick(ref.repetition);
    if (!encoded) {
      failed++;
      continue;
    }
    try {
      merged.add(decodeHistogram(encoded));
    } catch {
      failed++;
    }
  }
  return { merged, failed };
}

function summarizeGenerator(refs: readonly RepetitionRef[]): GeneratorSummary {
  const reps = refs.map((r) => r.repetition);
  return {
    schedulerLagP99UsMax: maxOf(reps.map((r) => r.generator.schedulerLagUs.p99)),
    lateSends: reps.reduce((sum, r) => sum + r.generator.lateSends, 0),
    sent: reps.reduce((sum, r) => sum + r.requests.sent, 0),
    dropped: reps.reduce((sum, r) => sum + Math.max(r.generator.dropped, r.requests.dropped), 0),
    cpuUtilizationMax: maxOf(reps.map((r) => r.generator.cpuUtilization)),
  };
}

/** One level of one series, pooled over its repetitions (all files of the variant). */
export function poolLevel(targetRps: number, refs: RepetitionRef[]): PooledLevel {
  const sorted = [...refs].sort((a, b) => a.repetition.windowStartMs - b.repetition.windowStartMs);
  const valid = sorted.filter((r) => r.repetition.valid);
  const used = valid.length > 0 ? valid : sorted;
  const pooledFrom: PooledFrom = used.length === 0 ? 'none' : valid.length > 0 ? 'valid' : 'invalid';
  const latency = mergeHistograms(used, (r) => r.histograms.latencyUs);
  const service = mergeHistograms(used, (r) => r.histograms.serviceTimeUs);
  const hasHistogram = latency.merged.totalCount > 0;
  const reps = used.map((r) => r.repetition);
  return {
    targetRps,
    repetitions: sorted,
    validRepetitions: valid.length,
    pooledFrom,
    latency: hasHistogram ? summarizeHistogram(latency.merged) : null,
    serviceTime: service.merged.totalCount > 0 ? summarizeHistogram(service.merged) : null,
    histograms: hasHistogram ? { latencyUs: encodeHistogram(latency.merged), serviceTimeUs: encodeHistogram(service.merged) } : null,
    spectrum: hasHistogram
      ? [
          ...percentileSpectrum(latency.merged, spectrumPercentiles(latency.merged.totalCount)),
          { percentile: 100, valueUs: latency.merged.maxValue },
        ]
      : [],
    achievedRpsMedian: median(reps.map((r) => r.achievedRps)),
    errorPctMedian: median(reps.map((r) => r.errorPct)),
    dataPlaneVcpuPer1kRpsMedian: median(reps.map(dataPlaneVcpuPer1kRps)),
    dataPlaneMemoryPerInstanceBytesMedian: median(reps.map(dataPlaneMemoryPerInstanceBytes)),
    hostCoreSecondsPer1kRequestsMedian: median(reps.map((r) => r.hostCpu?.coreSecondsPer1kRequests)),
    hostUtilizationMedian: median(reps.map((r) => r.hostCpu?.utilization)),
    components: summarizeComponents(used),
    generator: summarizeGenerator(sorted),
    windowStartMs: sorted.length ? Math.min(...sorted.map((r) => r.repetition.windowStartMs)) : null,
    windowEndMs: sorted.length ? Math.max(...sorted.map((r) => r.repetition.windowEndMs)) : null,
    undecodableHistograms: latency.failed,
  };
}
