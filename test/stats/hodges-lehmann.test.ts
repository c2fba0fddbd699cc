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
});
