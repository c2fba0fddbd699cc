import { describe, expect, it } from 'vitest';
import { signedRankMinimumP, signedRankNullCdf, wilcoxonSignedRank } from '../../src/stats/wilcoxon-signed-rank.ts';

// Hollander & Wolfe's depression data (R's documented `wilcox.test` example):
// wilcox.test(x, y, paired = TRUE, alternative = "greater") gives V = 40, p-value = 0.01953.
const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
const depression = x.map((v, i) => v - (y[i] ?? 0));

describe('wilcoxonSignedRank', () => {
  it('reproduces R and scipy on the depression data (exact, no ties)', () => {
    // python3 -c "from scipy import stats; print(stats.wilcoxon(d, alternative='greater', method='exact'))"
    //   → statistic 40.0, pvalue 0.01953125; alternative='less' → 0.986328125
    const r = wilcoxonSignedRank(depression);
    expect(r.v).toBe(40);
    expect(r.method).toBe('exact');
    expect(r.pGreater).toBeCloseTo(0.01953125, 12);
    expect(r.pLess).toBeCloseTo(0.986328125, 12);
  });

  it('is exact without ties on 20 pairs (scipy exact)', () => {
    // d = [round(sin(1.7 i) + 0.35, 3) for i in 1..20];
    // stats.wilcoxon(d, alternative='greater', method='exact') → statistic 162.0, pvalue 0.016384124755859375
    const d = [1.342, 0.094, -0.576, 0.844, 1.148, -0.35, -0.268, 1.209, 0.747, -0.611, 0.201, 1.35, 0.241, -0.622, 0.709, 1.229, -0.236, -0.378, 1.123, 0.879];
    const r = wilcoxonSignedRank(d);
    expect(r.v).toBe(162);
    expect(r.pGreater).toBeCloseTo(0.016384124755859375, 12);
  });

  it('drops zeros (Wilcoxon rule) and is the exact conditional distribution with ties', () => {
    // Brute force over all 2^11 sign vectors of the mid-ranks of the 11 non-zero |d|
    // (python3 itertools.product, scipy.stats.rankdata): P(V ≥ 61) = 0.00439453125, P(V ≤ 61) = 0.99658203125.
    const d = [0.5, -0.2, 0.5, 1.0, 0, 0.3, -0.2, 0.8, 0.5, 1.2, 0.9, 0.1];
    const r = wilcoxonSignedRank(d);
    expect(r.zeros).toBe(1);
    expect(r.n).toBe(11);
    expect(r.ties).toBe(true);
    expect(r.v).toBe(61);
    expect(r.pGreater).toBeCloseTo(0.00439453125, 12);
    expect(r.pLess).toBeCloseTo(0.99658203125, 12);
  });

  it('uses the normal approximation with tie and continuity correction beyond 60 pairs (scipy approx)', () => {
    // d = [round(sin(1.7 i) + 0.15, 2) for i in 1..70] (one zero, ties);
    // stats.wilcoxon(d, alternative='greater', method='approx', correction=True) → 1524.0, 0.029419279503987122
    // alternative='less' → 0.9709787503451232
    const d = [
      1.14, -0.11, -0.78, 0.64, 0.95, -0.55, -0.47, 1.01, 0.55, -0.81, 0.0, 1.15, 0.04, -0.82, 0.51, 1.03, -0.44, -0.58, 0.92, 0.68, -0.76, -0.14, 1.14,
      0.19, -0.85, 0.37, 1.09, -0.31, -0.67, 0.82, 0.8, -0.69, -0.28, 1.1, 0.34, -0.85, 0.22, 1.13, -0.17, -0.75, 0.7, 0.91, -0.6, -0.41, 1.04, 0.48,
      -0.83, 0.07, 1.15, -0.03, -0.8, 0.57, 0.99, -0.49, -0.53, 0.96, 0.62, -0.79, -0.08, 1.14, 0.12, -0.84, 0.43, 1.07, -0.37, -0.63, 0.87, 0.75,
      -0.72, -0.22,
    ];
    const r = wilcoxonSignedRank(d);
    expect(r.method).toBe('normal');
    expect(r.v).toBe(1524);
    // The normal tail here is a Chebyshev erfc fit (relative error < 1.2e-7).
    expect(r.pGreater).toBeCloseTo(0.029419279503987122, 6);
    expect(r.pLess).toBeCloseTo(0.9709787503451232, 6);
  });

  it('gives no evidence without non-zero differences, and 2^-n as the smallest p', () => {
    expect(wilcoxonSignedRank([0, 0, 0])).toMatchObject({ n: 0, pGreater: 1, pLess: 1 });
    expect(signedRankMinimumP([0, 0, 0])).toBe(1);
    expect(signedRankMinimumP([0.1, -0.3, 0.2, 0, 0.5])).toBeCloseTo(1 / 16, 15);
  });

  it('has the classical null distribution (Wilcoxon 1945 table: n = 10, P(V ≤ 8) = 25/1024)', () => {
    const cdf = signedRankNullCdf(10);
    expect(cdf[8]).toBeCloseTo(25 / 1024, 15);
    expect(cdf[55]).toBe(1);
  });
});
