/**
 * Paired Hodges-Lehmann estimate (Hodges & Lehmann 1963): the median of the Walsh averages
 * (d_i + d_j)/2, i ≤ j, of paired differences, with Tukey's distribution-free interval from the
 * Walsh averages' order statistics. Pure.
 *
 * With W(1) ≤ … ≤ W(M) the sorted Walsh averages (M = n(n+1)/2) and k the largest integer with
 * P(V ≤ k − 1) ≤ (1 − level)/2 under Wilcoxon's null distribution, the interval is
 * [W(k), W(M + 1 − k)] and its exact coverage is 1 − 2·P(V ≤ k − 1) ≥ level for continuous
 * data (Hollander, Wolfe & Chicken, Nonparametric Statistical Methods, 3rd ed., §3.3; R's
 * `wilcox.test(conf.int = TRUE)` builds the same interval). The coverage is discrete: 10 pairs at
 * 95 % give 1 − 2·8/1024 = 95.1 %. Above {@link SIGNED_RANK_EXACT_MAX} pairs k comes from the
 * normal approximation k = ⌊M/2 − z·√(n(n+1)(2n+1)/24)⌋ (same section). Zero differences are kept
 * (the estimate is about the whole distribution of d, unlike the test's zero rule).
 */
import { normalQuantile } from './standard-normal.ts';
import { SIGNED_RANK_EXACT_MAX, signedRankNullCdf } from './wilcoxon-signed-rank.ts';

/** The estimate and interval, in the unit of the differences. */
export interface PairedShiftEstimate {
  estimate: number;
  /** Null when there are too few pairs for an interval at this level. */
  lower: number | null;
  upper: number | null;
  /** Exact coverage of the interval (≥ the requested level), null when unbounded. */
  achievedConfidence: number | null;
}

function walshAverages(differences: readonly number[]): Float64Array {
  const n = differences.length;
  const out = new Float64Array((n * (n + 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) out[k++] = ((differences[i] ?? 0) + (differences[j] ?? 0)) / 2;
  }
  return out.sort();
}

/** The 1-based order-statistic index k and the interval's exact coverage, or k = 0. */
export function pairedIntervalIndex(n: number, confidenceLevel: number): { k: number; coverage: number | null } {
  const halfAlpha = (1 - confidenceLevel) / 2;
  if (n <= SIGNED_RANK_EXACT_MAX) {
    const cdf = signedRankNullCdf(n);
    let k = 0;
    while (k < cdf.length && (cdf[k] ?? 1) <= halfAlpha) k++;
    if (k === 0) return { k: 0, coverage: null };
    return { k, coverage: 1 - 2 * (cdf[k - 1] ?? 0) };
  }
  const z = normalQuantile(1 - halfAlpha);
  const k = Math.floor((n * (n + 1)) / 4 - z * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24));
  return k >= 1 ? { k, coverage: confidenceLevel } : { k: 0, coverage: null };
}

/** HL estimate of the centre of the paired differences with its interval at `confidenceLevel`. */
export function pairedHodgesLehmann(options: { differences: readonly number[]; confidenceLevel: number }): PairedShiftEstimate {
  const { differences, confidenceLevel } = options;
  if (differences.length === 0) throw new RangeError('pairedHodgesLehmann: needs at least one difference');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new RangeError('pairedHodgesLehmann: confidenceLevel must be in (0, 1)');
  const walsh = walshAverages(differences);
  const mid = Math.floor(walsh.length / 2);
  const estimate = walsh.length % 2 === 1 ? (walsh[mid] ?? Number.NaN) : ((walsh[mid - 1] ?? 0) + (walsh[mid] ?? 0)) / 2;
  const { k, coverage } = pairedIntervalIndex(differences.length, confidenceLevel);
  if (k === 0) return { estimate, lower: null, upper: null, achievedConfidence: null };
  return { estimate, lower: walsh[k - 1] ?? null, upper: walsh[walsh.length - k] ?? null, achievedConfidence: coverage };
}
