/**
 * One-sided Mann-Whitney U (Wilcoxon rank-sum) test of two independent samples of
 * per-repetition values. Pure.
 *
 * Source of the rules: docs/gate.md §1 (one-sided MWU on per-window values; exact p-values for
 * small n) and §7 (the exact floor: the smallest one-sided p-value is 1/C(m+n, n)).
 *
 * - Exact: the permutation distribution of the head sample's rank sum, conditional on the
 *   observed ties (mid-ranks), by dynamic programming over tie groups. Without ties this is the
 *   classical null distribution of U (Mann & Whitney 1947); with ties it is the exact
 *   conditional distribution (Hollander, Wolfe & Chicken, Nonparametric Statistical Methods,
 *   3rd ed., §4.1 "ties").
 * - Large samples (either side above {@link EXACT_MAX_PER_SIDE}): the normal approximation with
 *   the tie-corrected variance and a continuity correction (Hollander, Wolfe & Chicken §4.1, docs/gate.md §1).
 */
import { normalUpperTail } from './standard-normal.ts';

/** Largest per-side sample size for which the exact distribution is computed. */
export const EXACT_MAX_PER_SIDE = 50;

/** U statistic and both one-sided p-values. */
export interface MannWhitneyResult {
  /** U of the head sample: pairs (base, head) with head > base, ties counted ½. */
  uHead: number;
  /** One-sided p-value for "head is stochastically larger than base": P(U ≥ uHead | H0). */
  pGreater: number;
  /** One-sided p-value for "head is stochastically smaller than base": P(U ≤ uHead | H0). */
  pLess: number;
  method: 'exact' | 'normal';
  /** True when the pooled sample has tied values. */
  ties: boolean;
}

interface RankedSample {
  /** Doubled mid-rank of every head value (integers). */
  headDoubledRankSum: number;
  /** Tie group sizes in rank order, and each group's doubled mid-rank. */
  groupSizes: number[];
  groupDoubledRanks: number[];
}

function rankSample(base: readonly number[], head: readonly number[]): RankedSample {
  const pooled = [
    ...base.map((value) => ({ value, head: false })),
    ...head.map((value) => ({ value, head: true })),
  ].sort((a, b) => a.value - b.value);
  const groupSizes: number[] = [];
  const groupDoubledRanks: number[] = [];
  let headDoubledRankSum = 0;
  let start = 0;
  while (start < pooled.length) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]?.value === pooled[start]?.value) end++;
    // Ranks start+1 .. end+1 share the mid-rank (start + end + 2) / 2; doubled: start + end + 2.
    const doubledRank = start + end + 2;
    groupSizes.push(end - start + 1);
    groupDoubledRanks.push(doubledRank);
    for (let i = start; i <= end; i++) if (pooled[i]?.head) headDoubledRankSum += doubledRank;
    start = end + 1;
  }
  return { headDoubledRankSum, groupSizes, groupDoubledRanks };
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let result = 1;
  for (let i = 1; i <= kk; i++) result = (result * (n - kk + i)) / i;
  return result < 2 ** 53 ? Math.round(result) : result;
}

/** Distribution of the doubled rank sum of `selected` items drawn from tie groups. */
interface RankSumDistribution {
  /** ways[s]: number of head subsets with doubled rank sum s (exact integers below 2^53). */
  ways: Float64Array;
  /** C(N, n): number of head subsets. */
  arrangements: number;
}

const distributionCache = new Map<string, RankSumDistribution>();
const CACHE_LIMIT = 256;

function rankSumDistribution(groupSizes: readonly number[], groupDoubledRanks: readonly number[], selected: number): RankSumDistribution {
  const key = `${selected}|${groupSizes.join(',')}`;
  const cached = distributionCache.get(key);
  if (cached) return cached;
  const total = groupSizes.reduce((a, b) => a + b, 0);
  // The largest doubled rank sum: the `selected` largest ranks, doubled.
  const maxSum = selected * (2 * total - selected + 1);
  const width = maxSum + 1;
  // ways[k * width + s]: number of ways to choose k items with doubled rank sum s.
  const ways = new Float64Array((selected + 1) * width);
  ways[0] = 1;
  let seen = 0;
  groupSizes.forEach((size, g) => {
    const rank2 = groupDoubledRanks[g] ?? 0;
    seen += size;
    for (let k = Math.min(selected, seen); k >= 1; k--) {
      const row = k * width;
      for (let j = 1; j <= Math.min(size, k); j++) {
        const from = (k - j) * width;
        const shift = j * rank2;
        const multiplicity = binomial(size, j);
        for (let s = maxSum; s >= shift; s--) {
          const w = ways[from + s - shift] ?? 0;
          if (w !== 0) ways[row + s] = (ways[row + s] ?? 0) + w * multiplicity;
        }
      }
    }
  });
  const result = { ways: ways.slice(selected * width), arrangements: binomial(total, selected) };
  if (distributionCache.size >= CACHE_LIMIT) distributionCache.clear();
  distributionCache.set(key, result);
  return result;
}

function clampP(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/**
 * Runs the test. `base` and `head` hold one value per repetition (any monotone transform, such
 * as the log, gives the same result: the test uses ranks only).
 */
export function mannWhitneyTest(samples: { base: readonly number[]; head: readonly number[] }): MannWhitneyResult {
  const m = samples.base.length;
  const n = samples.head.length;
  if (m === 0 || n === 0) throw new RangeError('mannWhitneyTest: both samples need at least one value');
  const ranked = rankSample(samples.base, samples.head);
  const ties = ranked.groupSizes.some((size) => size > 1);
  const uHead = (ranked.headDoubledRankSum - n * (n + 1)) / 2;
  if (ranked.groupSizes.length === 1) {
    // Every value is the same: no evidence either way.
    return { uHead, pGreater: 1, pLess: 1, method: 'exact', ties };
  }
  if (m <= EXACT_MAX_PER_SIDE && n <= EXACT_MAX_PER_SIDE) {
    const { ways, arrangements } = rankSumDistribution(ranked.groupSizes, ranked.groupDoubledRanks, n);
    let greater = 0;
    let less = 0;
    for (let s = 0; s < ways.length; s++) {
      const w = ways[s] ?? 0;
      if (s >= ranked.headDoubledRankSum) greater += w;
      if (s <= ranked.headDoubledRankSum) less += w;
    }
    return { uHead, pGreater: clampP(greater / arrangements), pLess: clampP(less / arrangements), method: 'exact', ties };
  }
  const total = m + n;
  const tieTerm = ranked.groupSizes.reduce((acc, t) => acc + (t * t * t - t), 0) / (total * (total - 1));
  const variance = ((m * n) / 12) * (total + 1 - tieTerm);
  const mean = (m * n) / 2;
  const sd = Math.sqrt(variance);
  const pGreater = normalUpperTail((uHead - mean - 0.5) / sd);
  const pLess = normalUpperTail((mean - uHead - 0.5) / sd);
  return { uHead, pGreater: clampP(pGreater), pLess: clampP(pLess), method: 'normal', ties };
}

/**
 * P(U ≤ u) for u = 0 … m·n under H0 without ties (the classical null distribution), exact.
 * Used for the distribution-free Hodges-Lehmann interval.
 */
export function uNullCdf(sizes: { base: number; head: number }): Float64Array {
  const { base: m, head: n } = sizes;
  const total = m + n;
  const ones = new Array<number>(total).fill(1);
  const ranks = ones.map((_, i) => 2 * (i + 1));
  const { ways, arrangements } = rankSumDistribution(ones, ranks, n);
  const cdf = new Float64Array(m * n + 1);
  let acc = 0;
  const offset = n * (n + 1); // doubled minimum rank sum
  for (let u = 0; u <= m * n; u++) {
    acc += ways[offset + 2 * u] ?? 0;
    cdf[u] = Math.min(1, acc / arrangements);
  }
  return cdf;
}

/**
 * The smallest one-sided p-value the test can reach with these sample sizes: 1/C(m+n, n)
 * (docs/gate.md §7, "Smallest attainable p-value").
 */
export function minOneSidedPValue(sizes: { base: number; head: number }): number {
  return 1 / binomial(sizes.base + sizes.head, sizes.head);
}

/**
 * The smallest number of repetitions per side (equal sizes) at which a one-sided test can reach
 * `alpha` at all, like benchstat's "need >= N samples" (golang/perf `benchmath/anone.go`; docs/gate.md §7).
 */
export function repetitionsNeededForAlpha(alpha: number): number {
  let n = 1;
  while (minOneSidedPValue({ base: n, head: n }) > alpha && n < 1000) n++;
  return n;
}
