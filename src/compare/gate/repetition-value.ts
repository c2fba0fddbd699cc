/**
 * One repetition's value of a check's metric, with the check's estimator: the window's own
 * percentile, or the Harrell-Davis estimate over the window's HDR histogram (less noisy for a
 * tail quantile of a short window; docs/gate.md "Estimators" has the measurement). Pure.
 */
import { decodeHistogram, recordedBuckets } from '../../stats/latency-histogram.ts';
import type { Repetition } from '../../results/result-schema.ts';
import { type CountedValue, harrellDavisQuantile } from '../../stats/harrell-davis.ts';
import type { GateCheck } from './gate-config.ts';
import { METRICS, type MetricId } from './metric-definitions.ts';

const QUANTILE_OF: Partial<Record<MetricId, number>> = {
  'latency-p50': 0.5,
  'latency-p90': 0.9,
  'latency-p99': 0.99,
  'latency-p999': 0.999,
};

const bucketCache = new WeakMap<Repetition, CountedValue[] | null>();
const hdCache = new WeakMap<Repetition, Map<number, number | null>>();

function bucketsOf(rep: Repetition): CountedValue[] | null {
  if (bucketCache.has(rep)) return bucketCache.get(rep) ?? null;
  let buckets: CountedValue[] | null;
  try {
    buckets = recordedBuckets(decodeHistogram(rep.histograms.latencyUs));
  } catch {
    buckets = null;
  }
  bucketCache.set(rep, buckets);
  return buckets;
}

/** Harrell-Davis estimate of the latency quantile p of one repetition, µs; null without data. */
export function harrellDavisLatencyUs(rep: Repetition, p: number): number | null {
  const cached = hdCache.get(rep) ?? new Map<number, number | null>();
  hdCache.set(rep, cached);
  if (cached.has(p)) return cached.get(p) ?? null;
  const buckets = bucketsOf(rep);
  const value = buckets && buckets.length > 0 ? harrellDavisQuantile({ values: buckets, p }) : null;
  cached.set(p, value);
  return value;
}

/** The repetition's value for this check, or null when it was not measured. */
export function repetitionValue(check: Pick<GateCheck, 'metric' | 'estimator'>, rep: Repetition): number | null {
  const quantile = QUANTILE_OF[check.metric];
  if (check.estimator === 'harrell-davis' && quantile !== undefined) {
    if (rep.latency.count === 0) return null;
    return harrellDavisLatencyUs(rep, quantile);
  }
  const value = METRICS[check.metric].valueOf(rep);
  return value !== null && Number.isFinite(value) ? value : null;
}
