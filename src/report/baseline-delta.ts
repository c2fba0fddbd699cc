/**
 * Latency added over the no-mesh baseline (Linkerd/Kinvolk convention; docs/design.md "units in
 * headline form"): pooled percentile of a target minus the baseline's at the same target rate.
 * Absolute kind numbers depend on the host; the difference to a baseline measured on the same
 * host is what carries over. Pure.
 */
import type { LatencySummary } from '../results/result-schema.ts';
import { levelAt } from './report-data.ts';
import type { ReportData, ReportSeries } from './report-model.ts';

/** The percentiles the delta is reported at, with the summary field each reads. */
export const DELTA_PERCENTILES = [
  { label: 'p50', field: 'p50Us' },
  { label: 'p90', field: 'p90Us' },
  { label: 'p99', field: 'p99Us' },
  { label: 'p99.9', field: 'p999Us' },
] as const satisfies readonly { label: string; field: keyof LatencySummary }[];

export type DeltaPercentileLabel = (typeof DELTA_PERCENTILES)[number]['label'];

/** One percentile's difference at one level. */
export interface PercentileDelta {
  percentile: DeltaPercentileLabel;
  targetUs: number;
  baselineUs: number;
  /** target − baseline, microseconds (may be negative: noise or a faster path). */
  addedUs: number;
  /** addedUs / baselineUs; null when the baseline is 0. */
  relative: number | null;
}

export interface LevelDelta {
  targetRps: number;
  deltas: PercentileDelta[];
  /** Either side was pooled from invalid repetitions only. */
  fromInvalid: boolean;
}

/** A target's latency added over the baseline it is compared with. */
export interface SeriesDelta {
  series: ReportSeries;
  baseline: ReportSeries;
  /** Why this baseline was chosen when it is not a like-for-like match (else null). */
  caveat: string | null;
  levels: LevelDelta[];
}

function sameScenario(a: ReportSeries, b: ReportSeries): boolean {
  return a.scenarioHashes.length === 1 && b.scenarioHashes.length === 1 && a.scenarioHashes[0] === b.scenarioHashes[0];
}

/**
 * Picks the baseline a series is compared with: same platform and scenario first, then same
 * platform, then any; a caveat says when the match is not like-for-like.
 */
export function chooseBaseline(series: ReportSeries, baselines: readonly ReportSeries[]): { baseline: ReportSeries; caveat: string | null } | null {
  const samePlatform = baselines.filter((b) => b.platform === series.platform);
  const best = samePlatform.find((b) => sameScenario(b, series));
  if (best) return { baseline: best, caveat: null };
  const fallback = samePlatform[0] ?? baselines[0];
  if (!fallback) return null;
  const reasons: string[] = [];
  if (fallback.platform !== series.platform) reasons.push(`baseline ran on ${fallback.platform}, target on ${series.platform}`);
  if (!sameScenario(fallback, series)) reasons.push('scenario content hashes differ');
  return { baseline: fallback, caveat: reasons.join('; ') };
}

/** Latency added over the baseline for every non-baseline series; empty without a baseline. */
export function computeBaselineDeltas(data: ReportData): SeriesDelta[] {
  const baselines = data.series.filter((s) => s.isBaseline);
  if (baselines.length === 0) return [];
  const out: SeriesDelta[] = [];
  for (const series of data.series) {
    if (series.isBaseline) continue;
    const choice = chooseBaseline(series, baselines);
    if (!choice) continue;
    const levels: LevelDelta[] = [];
    for (const level of series.levels) {
      const base = levelAt(choice.baseline, level.targetRps);
      if (!level.latency || !base?.latency) continue;
      const target = level.latency;
      const reference = base.latency;
      levels.push({
        targetRps: level.targetRps,
        fromInvalid: level.pooledFrom === 'invalid' || base.pooledFrom === 'invalid',
        deltas: DELTA_PERCENTILES.map(({ label, field }) => {
          const addedUs = target[field] - reference[field];
          return {
            percentile: label,
            targetUs: target[field],
            baselineUs: reference[field],
            addedUs,
            relative: reference[field] > 0 ? addedUs / reference[field] : null,
          };
        }),
      });
    }
    out.push({ series, baseline: choice.baseline, caveat: choice.caveat, levels });
  }
  return out;
}
