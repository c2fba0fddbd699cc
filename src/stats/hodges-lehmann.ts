/**
 * Hodges-Lehmann estimate of the shift between two samples (head − base) with its
 * distribution-free confidence interval from the Mann-Whitney order statistics. Pure.
 *
 * Source of the rules: docs/gate.md §1 and §7 (HL shift with a distribution-free CI,
 * Kayenta-style; on the log scale it is the median of pairwise log-ratios → "+x %"). The interval is Moses' construction (Hollander, Wolfe & Chicken, Nonparametric
 * Statistical Methods, 3rd ed., §4.3): with D(1) ≤ … ≤ D(mn) the sorted pairwise differences
 * and k the largest integer with P(U ≤ k − 1) ≤ α/2 under H0, the interval is
 * [D(k), D(mn + 1 − k)] and its exact coverage is 1 − 2·P(U ≤ k − 1) ≥ 1 − α for continuous
 * data. Large samples use k = ⌊mn/2 − z(1−α/2)·√(mn(m+n+1)/12)⌋ (same section).
 */
import { EXACT_MAX_PER_SIDE, uNullCdf } from './mann-whitney.ts';
import { normalQuantile } from './standard-normal.ts';

/** The HL estimate and its interval (same unit as the input values). */
export interface ShiftEstimate {
  /** Median of all pairwise differences head − base. */
  estimate: number;
  /** Interval bounds; null when the samples are too small for an interval at this level. */
  lower: number | null;
  upper: number | null;
  /** The exact coverage of the interval (≥ the requested level), null when unbounded. */
  achievedConfidence: number | null;
}

function medianOfSorted(sorted: Float64Array): number {
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? Number.NaN;
  return ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** The order-statistic index k (1-based) of the interval, or 0 when no finite interval exists. */
function intervalIndex(sizes: { base: number; head: number }, confidenceLevel: number): { k: number; coverage: number | null } {
  const { base: m, head: n } = sizes;
  const halfAlpha = (1 - confidenceLevel) / 2;
  if (m <= EXACT_MAX_PER_SIDE && n <= EXACT_MAX_PER_SIDE) {
    const cdf = uNullCdf(sizes);
    let k = 0;
    while (k < cdf.length && (cdf[k] ?? 1) <= halfAlpha) k++;
    // cdf[k − 1] ≤ α/2 < cdf[k]: P(U ≤ k − 1) ≤ α/2.
    if (k === 0) return { k: 0, coverage: null };
    return { k, coverage: 1 - 2 * (cdf[k - 1] ?? 0) };
  }
  const z = normalQuantile(1 - halfAlpha);
  const k = Math.floor((m * n) / 2 - z * Math.sqrt((m * n * (m + n + 1)) / 12));
  return k >= 1 ? { k, coverage: confidenceLevel } : { k: 0, coverage: null };
}

/** HL shift head − base with its distribution-free interval at `confidenceLevel` (e.g. 0.95). */
export function hodgesLehmannShift(options: {
  base: readonly number[];
  head: readonly number[];
  confidenceLevel: number;
}): ShiftEstimate {
  const { base, head, confidenceLevel } = options;
  if (base.length === 0 || head.length === 0) throw new RangeError('hodgesLehmannShift: both samples need at least one value');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new RangeError('hodgesLehmannShift: confidenceLevel must be in (0, 1)');
  const differences = new Float64Array(base.length * head.length);
  let i = 0;
  for (const h of head) for (const b of base) differences[i++] = h - b;
  differences.sort();
  const estimate = medianOfSorted(differences);
  const { k, coverage } = intervalIndex({ base: base.length, head: head.length }, confidenceLevel);
  if (k === 0) return { estimate, lower: null, upper: null, achievedConfidence: null };
  const count = differences.length;
  return {
    estimate,
    lower: differences[k - 1] ?? null,
    upper: differences[count - k] ?? null,
    achievedConfidence: coverage,
  };
}
