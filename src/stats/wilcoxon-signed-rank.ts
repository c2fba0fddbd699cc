/**
 * One-sided Wilcoxon signed-rank test of paired differences (Wilcoxon 1945). Pure.
 *
 * - Zeros: Wilcoxon's rule, zero differences are dropped before ranking (the default of R's
 *   `wilcox.test` and of `scipy.stats.wilcoxon`, so a user can reproduce every p-value). A zero
 *   difference says nothing about the direction; in this project zeros arise only in discrete
 *   metrics (two windows without errors), and dropping them makes the smallest attainable
 *   p-value 2^−(non-zero pairs), which Tarone's rule uses to leave such checks out of the family.
 *   Pratt's rule (Pratt 1959) ranks the zeros too; Conover (1973) showed neither rule dominates.
 * - Exact: the permutation distribution of V = sum of the positive ranks under random signs,
 *   conditional on the observed |d| (mid-ranks for ties), by dynamic programming over doubled
 *   ranks. Without ties this is Wilcoxon's classical null distribution; with ties it is the exact
 *   conditional distribution (Hollander, Wolfe & Chicken, Nonparametric Statistical Methods,
 *   3rd ed., §3.1, "ties").
 * - Large samples (more than {@link SIGNED_RANK_EXACT_MAX} non-zero pairs): the normal
 *   approximation with the tie-corrected variance n(n+1)(2n+1)/24 − Σ(t³−t)/48 and a
 *   continuity correction of ½ (same reference, §3.1; R's `wilcox.test(correct = TRUE)`).
 * docs/gate.md has the formulas and the reference values the tests check.
 */
import { normalUpperTail } from './standard-normal.ts';

/** Largest number of non-zero differences for which the exact distribution is computed. */
export const SIGNED_RANK_EXACT_MAX = 60;

/** V and both one-sided p-values. */
export interface SignedRankResult {
  /** Sum of the ranks of |d| of the positive differences (R's V, scipy's statistic for 'greater'). */
  v: number;
  /** Non-zero differences the test used. */
  n: number;
  /** Zero differences dropped. */
  zeros: number;
  /** P(V ≥ v | H0): evidence that the differences tend to be positive. */
  pGreater: number;
  /** P(V ≤ v | H0): evidence that the differences tend to be negative. */
  pLess: number;
  method: 'exact' | 'normal';
  ties: boolean;
}

interface Ranked {
  /** Doubled mid-rank of every non-zero |d|, in input order of the non-zero values. */
  doubledRanks: number[];
  positive: boolean[];
  groupSizes: number[];
}

function rankAbsolute(differences: readonly number[]): Ranked {
  const items = differences
    .filter((d) => d !== 0)
    .map((d) => ({ abs: Math.abs(d), positive: d > 0 }))
    .sort((a, b) => a.abs - b.abs);
  const doubledRanks: number[] = [];
  const groupSizes: number[] = [];
  let start = 0;
  while (start < items.length) {
    let end = start;
    while (end + 1 < items.length && items[end + 1]?.abs === items[start]?.abs) end++;
    for (let i = start; i <= end; i++) doubledRanks.push(start + end + 2);
    groupSizes.push(end - start + 1);
    start = end + 1;
  }
  return { doubledRanks, positive: items.map((i) => i.positive), groupSizes };
}

/**
 * Number of sign assignments per doubled positive-rank sum: ways[s] = #{signs: 2V = s}.
 * Exact integers while below 2^53 (n ≤ 60 keeps the largest count below 2^60, where doubles
 * still hold the ratio to 2^n to full relative precision).
 */
function doubledSumCounts(doubledRanks: readonly number[]): Float64Array {
  const max = doubledRanks.reduce((a, b) => a + b, 0);
  const ways = new Float64Array(max + 1);
  ways[0] = 1;
  let reach = 0;
  for (const r of doubledRanks) {
    for (let s = reach; s >= 0; s--) {
      const w = ways[s] ?? 0;
      if (w !== 0) ways[s + r] = (ways[s + r] ?? 0) + w;
    }
    reach += r;
  }
  return ways;
}

function clampP(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** Runs the test on paired differences d = head − base (on whatever scale the caller chose). */
export function wilcoxonSignedRank(differences: readonly number[]): SignedRankResult {
  const ranked = rankAbsolute(differences);
  const n = ranked.doubledRanks.length;
  const zeros = differences.length - n;
  const ties = ranked.groupSizes.some((t) => t > 1);
  let doubledV = 0;
  ranked.doubledRanks.forEach((r, i) => {
    if (ranked.positive[i]) doubledV += r;
  });
  const v = doubledV / 2;
  if (n === 0) return { v: 0, n, zeros, pGreater: 1, pLess: 1, method: 'exact', ties };
  if (n <= SIGNED_RANK_EXACT_MAX) {
    const ways = doubledSumCounts(ranked.doubledRanks);
    let greater = 0;
    let less = 0;
    for (let s = 0; s < ways.length; s++) {
      const w = ways[s] ?? 0;
      if (s >= doubledV) greater += w;
      if (s <= doubledV) less += w;
    }
    const total = 2 ** n;
    return { v, n, zeros, pGreater: clampP(greater / total), pLess: clampP(less / total), method: 'exact', ties };
  }
  const mean = (n * (n + 1)) / 4;
  const tieTerm = ranked.groupSizes.reduce((acc, t) => acc + (t * t * t - t), 0) / 48;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm);
  return {
    v,
    n,
    zeros,
    pGreater: clampP(normalUpperTail((v - mean - 0.5) / sd)),
    pLess: clampP(normalUpperTail((mean - v - 0.5) / sd)),
    method: 'normal',
    ties,
  };
}

/**
 * The smallest one-sided p-value these differences could give in either direction: the p-value
 * had every non-zero difference the same sign (2^−n without ties and exactly; 1 with no non-zero
 * difference). Tarone's rule reads it.
 */
export function signedRankMinimumP(differences: readonly number[]): number {
  return wilcoxonSignedRank(differences.map(Math.abs)).pGreater;
}

/**
 * P(V ≤ k) for k = 0 … n(n+1)/2 under H0 without ties (Wilcoxon's null distribution), exact.
 * The paired Hodges-Lehmann interval reads its quantiles.
 */
export function signedRankNullCdf(n: number): Float64Array {
  const ranks = Array.from({ length: n }, (_, i) => i + 1);
  const max = (n * (n + 1)) / 2;
  const ways = new Float64Array(max + 1);
  ways[0] = 1;
  let reach = 0;
  for (const r of ranks) {
    for (let s = reach; s >= 0; s--) {
      const w = ways[s] ?? 0;
      if (w !== 0) ways[s + r] = (ways[s + r] ?? 0) + w;
    }
    reach += r;
  }
  const cdf = new Float64Array(max + 1);
  const total = 2 ** n;
  let acc = 0;
  for (let s = 0; s <= max; s++) {
    acc += ways[s] ?? 0;
    cdf[s] = acc / total;
  }
  return cdf;
}
