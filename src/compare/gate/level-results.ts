/** The report's per-level view: repetition counts per side, the level's checks and, when asked, pooled percentiles. Pure. */
import type { LatencySummary } from '../../results/result-schema.ts';
import { mergeEncodedHistograms, summarizeHistogram } from '../../stats/latency-histogram.ts';
import type { CheckResult, LevelResult } from './gate-report.ts';
import type { PooledLevel, PooledSide } from './repetition-pool.ts';

/** Percentiles of the valid repetitions' merged histograms; null without valid ones or with an unreadable histogram. */
export function pooledLatencyOf(level: PooledLevel | undefined): LatencySummary | null {
  if (!level || level.valid.length === 0) return null;
  try {
    return summarizeHistogram(mergeEncodedHistograms(level.valid.map((r) => r.histograms.latencyUs)));
  } catch {
    return null;
  }
}

/** Options of {@link levelResults}. */
export interface LevelResultsOptions {
  /** Target rates measured on either side, ascending. */
  measuredRps: readonly number[];
  base: PooledSide;
  head: PooledSide;
  results: readonly CheckResult[];
  /** Merge histograms for pooled percentiles (display only). */
  pooledLatency: boolean;
}

/** One entry per measured rate. */
export function levelResults(options: LevelResultsOptions): LevelResult[] {
  return options.measuredRps.map((rps) => {
    const b = options.base.levels.get(rps);
    const h = options.head.levels.get(rps);
    return {
      targetRps: rps,
      base: { valid: b?.valid.length ?? 0, total: b?.repetitions.length ?? 0 },
      head: { valid: h?.valid.length ?? 0, total: h?.repetitions.length ?? 0 },
      checks: options.results.filter((c) => c.targetRps === rps),
      pooledLatency: options.pooledLatency ? { base: pooledLatencyOf(b), head: pooledLatencyOf(h) } : null,
    };
  });
}
