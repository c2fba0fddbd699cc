import { describe, expect, it } from 'vitest';
import {
  EXACT_MAX_PER_SIDE,
  mannWhitneyTest,
  minOneSidedPValue,
  repetitionsNeededForAlpha,
  uNullCdf,
} from '../../src/stats/mann-whitney.ts';
import { seededRandom, standardNormal } from '../helpers/result-builder.ts';

/** Independent check: enumerate every assignment of ranks to the head sample. */
function bruteForce(base: number[], head: number[]): { pGreater: number; pLess: number } {
  const pooled = [...base, ...head];
  const sorted = [...pooled].sort((a, b) => a - b);
  const midrank = (v: number) => {
    const first = sorted.indexOf(v);
    const last = sorted.lastIndexOf(v);
    return (first + last + 2) / 2;
  };
  const ranks = pooled.map(midrank);
  const observed = head.reduce((s, v) => s + midrank(v), 0);
  let total = 0;
  let ge = 0;
  let le = 0;
  const choose = (start: number, left: number, sum: number) => {
    if (left === 0) {
      total++;
      if (sum >= observed - 1e-9) ge++;
      if (sum <= observed + 1e-9) le++;
      return;
    }
    for (let i = start; i <= pooled.length - left; i++) choose(i + 1, left - 1, sum + (ranks[i] ?? 0));
  };
  choose(0, head.length, 0);
  return { pGreater: ge / total, pLess: le / total };
}

describe('mannWhitneyTest, exact', () => {
  it('gives 1/252 for 5 vs 5 with perfect separation (one-sided)', () => {
    const result = mannWhitneyTest({ base: [1, 2, 3, 4, 5], head: [6, 7, 8, 9, 10] });
    expect(result.method).toBe('exact');
    expect(result.uHead).toBe(25);
    expect(result.pGreater).toBeCloseTo(1 / 252, 12);
    expect(result.pLess).toBe(1);
  });

  it('matches the Hollander & Wolfe permeability example (R wilcox.test: W = 35, p = 0.1272)', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const result = mannWhitneyTest({ base: y, head: x });
    expect(result.uHead).toBe(35);
    expect(result.pGreater).toBeCloseTo(0.1272061272, 9);
  });

  it('is symmetric: swapping the samples swaps the tails', () => {
    const base = [3.1, 2.2, 5.9, 4.4, 1.0, 6.2];
    const head = [4.5, 7.7, 6.1, 5.0];
    const forward = mannWhitneyTest({ base, head });
    const backward = mannWhitneyTest({ base: head, head: base });
    expect(forward.pGreater).toBeCloseTo(backward.pLess, 12);
    expect(forward.pLess).toBeCloseTo(backward.pGreater, 12);
  });

  it('handles ties exactly (conditional permutation distribution with mid-ranks)', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 30; trial++) {
      const m = 2 + Math.floor(random() * 6);
      const n = 2 + Math.floor(random() * 6);
      const base = Array.from({ length: m }, () => Math.floor(random() * 5));
      const head = Array.from({ length: n }, () => Math.floor(random() * 6));
      const expected = bruteForce(base, head);
      const result = mannWhitneyTest({ base, head });
      expect(result.pGreater).toBeCloseTo(expected.pGreater, 10);
      expect(result.pLess).toBeCloseTo(expected.pLess, 10);
    }
  });

  it('reports ties and counts them as ½ in U', () => {
    const result = mannWhitneyTest({ base: [1, 2, 3], head: [3, 4, 5] });
    expect(result.ties).toBe(true);
    expect(result.uHead).toBe(8.5);
  });

  it('gives p = 1 both ways when every value is the same (e.g. zero errors everywhere)', () => {
    const result = mannWhitneyTest({ base: [0, 0, 0, 0], head: [0, 0, 0, 0, 0] });
    expect(result.pGreater).toBe(1);
    expect(result.pLess).toBe(1);
  });

  it('keeps the A/A rejection rate at or below α (continuous data)', () => {
    const random = seededRandom(17);
    let rejections = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const base = Array.from({ length: 8 }, () => standardNormal(random));
      const head = Array.from({ length: 8 }, () => standardNormal(random));
      if (mannWhitneyTest({ base, head }).pGreater <= 0.05) rejections++;
    }
    // Exact test: P(reject) = P(U ≥ c) ≤ 0.05; allow 3 standard errors of Monte-Carlo noise.
    expect(rejections / trials).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / trials));
  });
});

describe('mannWhitneyTest, normal approximation', () => {
  it('is used above the exact limit and matches scipy (continuity-corrected) to 1e-7', () => {
    const base = Array.from({ length: 60 }, (_, i) => i);
    const head = Array.from({ length: 70 }, (_, i) => i + 7.5);
    expect(base.length).toBeGreaterThan(EXACT_MAX_PER_SIDE);
    const result = mannWhitneyTest({ base, head });
    expect(result.method).toBe('normal');
    expect(result.uHead).toBe(2822);
    // scipy.stats.mannwhitneyu(head, base, alternative='greater', method='asymptotic')
    expect(result.pGreater).toBeCloseTo(0.000376510686, 7);
  });

  it('applies the tie correction', () => {
    const base = Array.from({ length: 60 }, (_, i) => i % 5);
    const head = Array.from({ length: 60 }, (_, i) => (i % 5) + (i % 2));
    const result = mannWhitneyTest({ base, head });
    expect(result.ties).toBe(true);
    expect(result.pGreater).toBeLessThan(0.05);
    expect(result.pGreater).toBeGreaterThan(0);
  });
});

describe('the exact floor', () => {
  it('matches the exact floor (docs/gate.md §7): n = 4 → 0.014, 5 → 0.004, 6 → 0.0011, 7 → 0.00029', () => {
    expect(minOneSidedPValue({ base: 4, head: 4 })).toBeCloseTo(1 / 70, 12);
    expect(minOneSidedPValue({ base: 5, head: 5 })).toBeCloseTo(1 / 252, 12);
    expect(minOneSidedPValue({ base: 6, head: 6 })).toBeCloseTo(1 / 924, 12);
    expect(minOneSidedPValue({ base: 7, head: 7 })).toBeCloseTo(1 / 3432, 12);
  });

  it('says how many repetitions per side a given α needs', () => {
    expect(repetitionsNeededForAlpha(0.05)).toBe(3);
    expect(repetitionsNeededForAlpha(0.05 / 6)).toBe(5);
    expect(repetitionsNeededForAlpha(0.001)).toBe(7);
  });

  it('gives the classical null distribution of U (5 vs 5: P(U ≤ 2) = 4/252, P(U ≤ 3) = 7/252)', () => {
    const cdf = uNullCdf({ base: 5, head: 5 });
    expect(cdf[0]).toBeCloseTo(1 / 252, 12);
    expect(cdf[2]).toBeCloseTo(4 / 252, 12);
    expect(cdf[3]).toBeCloseTo(7 / 252, 12);
    expect(cdf[25]).toBeCloseTo(1, 12);
  });
});
