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

/**
 * Puts the `rank`-th smallest value (0-based) of `values[from..to]` at `rank` and returns it:
 * afterwards every value of the range before `rank` is ≤ it and every one after is ≥ it.
 * Hoare's selection with a median-of-three pivot, O(n) on average where sorting is O(n log n):
 * the interval needs three or four order statistics of m·n differences (250 000 for two sides of
 * 500 repetitions), not their full order. No NaN in the range.
 */
function selectRank(values: Float64Array, rank: number, range: { from: number; to: number }): number {
  let lo = range.from;
  let hi = range.to;
  const at = (i: number) => values[i] as number;
  const swap = (i: number, j: number) => {
    const t = at(i);
    values[i] = at(j);
    values[j] = t;
  };
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (at(mid) < at(lo)) swap(lo, mid);
    if (at(hi) < at(lo)) swap(lo, hi);
    if (at(hi) < at(mid)) swap(mid, hi);
    const pivot = at(mid);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (at(i) < pivot) i++;
      while (at(j) > pivot) j--;
      if (i <= j) swap(i++, j--);
    }
    // values[lo..j] ≤ pivot, values[i..hi] ≥ pivot, and those between equal the pivot.
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else break;
  }
  return at(rank);
}

/**
 * The values at the given ranks (0-based) of the ascending order of `values`, as a sort would
 * give them; reorders `values`. Selection rank after rank, each in the part above the previous one.
 */
function orderStatistics(values: Float64Array, ranks: readonly number[], options: { hasNaN: boolean }): Map<number, number> {
  const out = new Map<number, number>();
  if (options.hasNaN) {
    // A sort puts NaN last; selection cannot order it.
    values.sort();
    for (const rank of ranks) out.set(rank, values[rank] as number);
    return out;
  }
  let from = 0;
  for (const rank of [...new Set(ranks)].sort((a, b) => a - b)) {
    out.set(rank, selectRank(values, rank, { from, to: values.length - 1 }));
    from = rank + 1;
  }
  return out;
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
  let hasNaN = false;
  for (let j = 0; j < head.length; j++) {
    const h = head[j] as number;
    for (let k = 0; k < base.length; k++) {
      const d = h - (base[k] as number);
      if (Number.isNaN(d)) hasNaN = true;
      differences[i++] = d;
    }
  }
  const count = differences.length;
  const mid = Math.floor(count / 2);
  const { k, coverage } = intervalIndex({ base: base.length, head: head.length }, confidenceLevel);
  const ranks = count % 2 === 1 ? [mid] : [mid - 1, mid];
  if (k > 0) ranks.push(k - 1, count - k);
  const at = orderStatistics(differences, ranks, { hasNaN });
  const rankValue = (rank: number) => at.get(rank) as number;
  // D((mn+1)/2), or the mean of the two middle differences.
  const estimate = count % 2 === 1 ? rankValue(mid) : (rankValue(mid - 1) + rankValue(mid)) / 2;
  if (k === 0) return { estimate, lower: null, upper: null, achievedConfidence: null };
  return { estimate, lower: rankValue(k - 1), upper: rankValue(count - k), achievedConfidence: coverage };
}
