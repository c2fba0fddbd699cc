import { describe, expect, it } from 'vitest';
import { hodgesLehmannShift } from '../../src/stats/hodges-lehmann.ts';
import { seededRandom, standardNormal } from '../helpers/result-builder.ts';

describe('hodgesLehmannShift', () => {
  it('is the median of pairwise differences with the D(3)…D(23) interval for 5 vs 5 at 95 % (coverage 0.968)', () => {
    // Differences 6..14 with counts 1,2,3,4,5,4,3,2,1: D(3) = 7, D(23) = 13, median 10.
    const result = hodgesLehmannShift({ base: [1, 2, 3, 4, 5], head: [11, 12, 13, 14, 15], confidenceLevel: 0.95 });
    expect(result.estimate).toBe(10);
    expect(result.lower).toBe(7);
    expect(result.upper).toBe(13);
    expect(result.achievedConfidence).toBeCloseTo(1 - 8 / 252, 12);
  });

  it('averages the two middle differences when their count is even', () => {
    const result = hodgesLehmannShift({ base: [0, 1], head: [1, 3], confidenceLevel: 0.9 });
    // differences 1, 0, 3, 2 → median (1 + 2) / 2
    expect(result.estimate).toBe(1.5);
  });

  it('has no bounded interval when the samples are too small (3 vs 3 at 95 %)', () => {
    const result = hodgesLehmannShift({ base: [1, 2, 3], head: [4, 5, 6], confidenceLevel: 0.95 });
    expect(result.lower).toBeNull();
    expect(result.upper).toBeNull();
    expect(result.achievedConfidence).toBeNull();
  });

  it('is equivariant: shifting the head shifts estimate and interval', () => {
    const base = [3.2, 1.1, 4.8, 2.5, 3.9, 2.2, 5.1];
    const head = [3.0, 4.4, 2.9, 5.5, 4.1, 3.3];
    const a = hodgesLehmannShift({ base, head, confidenceLevel: 0.95 });
    const b = hodgesLehmannShift({ base, head: head.map((v) => v + 10), confidenceLevel: 0.95 });
    expect(b.estimate).toBeCloseTo(a.estimate + 10, 12);
    expect(b.lower).toBeCloseTo((a.lower ?? 0) + 10, 12);
    expect(b.upper).toBeCloseTo((a.upper ?? 0) + 10, 12);
  });

  it.each([
    { n: 8, confidenceLevel: 0.95 },
    { n: 12, confidenceLevel: 0.9 },
    { n: 60, confidenceLevel: 0.95 },
  ])('covers the true shift at least at its level (n = $n per side, $confidenceLevel)', ({ n, confidenceLevel }) => {
    const random = seededRandom(n * 7 + 1);
    const trueShift = 0.3;
    const trials = 1500;
    let covered = 0;
    let achieved = 0;
    for (let t = 0; t < trials; t++) {
      const base = Array.from({ length: n }, () => standardNormal(random));
      const head = Array.from({ length: n }, () => standardNormal(random) + trueShift);
      const r = hodgesLehmannShift({ base, head, confidenceLevel });
      achieved = r.achievedConfidence ?? 0;
      if ((r.lower ?? -Infinity) <= trueShift && trueShift <= (r.upper ?? Infinity)) covered++;
    }
    expect(achieved).toBeGreaterThanOrEqual(confidenceLevel);
    const se = Math.sqrt((achieved * (1 - achieved)) / trials);
    expect(covered / trials).toBeGreaterThan(achieved - 3.5 * se);
  });

  it('estimates the shift without bias on the log scale (+5 % → ≈ ln 1.05)', () => {
    const random = seededRandom(99);
    let sum = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const base = Array.from({ length: 10 }, () => Math.log(1000) + 0.03 * standardNormal(random));
      const head = Array.from({ length: 10 }, () => Math.log(1050) + 0.03 * standardNormal(random));
      sum += hodgesLehmannShift({ base, head, confidenceLevel: 0.95 }).estimate;
    }
    expect(sum / trials).toBeCloseTo(Math.log(1.05), 2);
  });

  it('gives exactly the order statistics of the sorted differences (selection, not a sort): ties, odd and even counts, exact and large samples, NaN', () => {
    // k depends on the sizes and the level only: with base 0…m−1 and head 0, m, 2m, … every difference j·m − i is distinct
    // and sorted they are −(m−1) … mn−m, so the lower bound D(k) gives k.
    const rankK = (m: number, n: number, confidenceLevel: number): number | null => {
      const r = hodgesLehmannShift({ base: Array.from({ length: m }, (_, i) => i), head: Array.from({ length: n }, (_, j) => j * m), confidenceLevel });
      return r.lower === null ? null : r.lower + m;
    };
    const random = seededRandom(4242);
    const sizes: [number, number][] = [[1, 1], [2, 3], [5, 5], [7, 6], [10, 10], [25, 30], [60, 41], [200, 150]];
    for (const [m, n] of sizes) {
      for (const confidenceLevel of [0.9, 0.95]) {
        const k = rankK(m, n, confidenceLevel);
        for (const ties of [false, true]) {
          for (let trial = 0; trial < 4; trial++) {
            const draw = () => (ties ? Math.round(standardNormal(random) * 3) : standardNormal(random) * 100);
            const base = Array.from({ length: m }, draw);
            const head = Array.from({ length: n }, () => draw() + 0.5);
            const d = new Float64Array(head.flatMap((h) => base.map((b) => h - b))).sort();
            const mid = Math.floor(d.length / 2);
            const r = hodgesLehmannShift({ base, head, confidenceLevel });
            const label = `${m}×${n} at ${confidenceLevel}${ties ? ' with ties' : ''}`;
            expect(r.estimate, label).toBe(d.length % 2 === 1 ? d[mid] : ((d[mid - 1] as number) + (d[mid] as number)) / 2);
            expect(r.lower, label).toBe(k === null ? null : d[k - 1]);
            expect(r.upper, label).toBe(k === null ? null : d[d.length - k]);
          }
        }
      }
    }
    // NaN (the log of a zero) sorts last, as a sort puts it.
    const withNaN = hodgesLehmannShift({ base: [1, 2, Number.NaN], head: [3, 4, 5], confidenceLevel: 0.9 });
    expect(withNaN.estimate).toBe(new Float64Array([2, 1, Number.NaN, 3, 2, Number.NaN, 4, 3, Number.NaN]).sort()[4]);
  });
});
