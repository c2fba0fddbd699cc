import { describe, expect, it } from 'vitest';
import { pairedHodgesLehmann, pairedIntervalIndex } from '../../src/stats/paired-hodges-lehmann.ts';

const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
const depression = x.map((v, i) => v - (y[i] ?? 0));

describe('pairedHodgesLehmann', () => {
  it('matches a brute-force Walsh-average computation on the depression data', () => {
    // python3: w = sorted((d[i]+d[j])/2 for i<=j); numpy.median(w) → 0.46;
    // null of V by enumerating all 2^9 sign vectors: k = 6, coverage 1 − 2·P(V ≤ 5) = 0.9609375,
    // interval [w[5], w[45 − 6]] = [0.01, 0.786]. R: wilcox.test(x, y, paired = TRUE, conf.int = TRUE)
    // reports the same pseudo-median 0.46.
    const hl = pairedHodgesLehmann({ differences: depression, confidenceLevel: 0.95 });
    expect(hl.estimate).toBeCloseTo(0.46, 12);
    expect(hl.lower).toBeCloseTo(0.01, 12);
    expect(hl.upper).toBeCloseTo(0.786, 12);
    expect(hl.achievedConfidence).toBeCloseTo(0.9609375, 12);
  });

  it('reports the discrete coverage actually achieved, never below the level', () => {
    // n = 10 at 95 %: P(V ≤ 8) = 25/1024 ≤ 0.025 < P(V ≤ 9) = 33/1024, so k = 9 and coverage 1 − 50/1024.
    expect(pairedIntervalIndex(10, 0.95)).toEqual({ k: 9, coverage: 1 - 50 / 1024 });
    for (const n of [6, 8, 12, 15, 20, 30]) expect(pairedIntervalIndex(n, 0.95).coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('has no bounded interval when every sign vector is too likely', () => {
    // n = 5: P(V ≤ 0) = 1/32 > 0.025.
    expect(pairedHodgesLehmann({ differences: [1, 2, 3, 4, 5], confidenceLevel: 0.95 })).toMatchObject({ lower: null, upper: null });
  });
});
