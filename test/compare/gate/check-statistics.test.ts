import { describe, expect, it } from 'vitest';
import { computeCheckStatistics, medianOf, rankSumMinimumP } from '../../../src/compare/gate/check-statistics.ts';

const base = [100, 102, 98, 101, 99, 104, 103, 97];
const head = base.map((v) => v * 1.2);

describe('computeCheckStatistics', () => {
  it('log scale: the Hodges-Lehmann shift of ln values as %, and a one-sided p in the worse direction', () => {
    const s = computeCheckStatistics({ base, head, scale: 'log', confidenceLevel: 0.95 });
    expect(s.shift?.scale).toBe('log');
    expect(s.shift?.estimate).toBeCloseTo(20, 6);
    expect(s.shift?.lower).toBeLessThanOrEqual(20);
    expect(s.shift?.upper).toBeGreaterThanOrEqual(20);
    expect(s.medianChange).toBeCloseTo(20, 6);
    expect(s.pGreater).toBeLessThan(0.001);
    expect(s.pLess).toBeGreaterThan(0.99);
    expect(s.test).toBe('rank-sum');
    expect(s.minimumP).toBeCloseTo(1 / 12870, 9); // 1 / C(16, 8)
  });

  it('absolute scale: shift and median change in the unit itself (percentage points)', () => {
    const s = computeCheckStatistics({ base: [0, 0, 0.1, 0], head: [0.5, 0.4, 0.6, 0.5], scale: 'absolute', confidenceLevel: 0.9 });
    expect(s.shift?.scale).toBe('absolute');
    expect(s.shift?.estimate).toBeCloseTo(0.5, 6);
    expect(s.medianChange).toBeCloseTo(0.5, 6);
  });

  it('a zero value on the log scale falls back to the raw shift relative to the base median', () => {
    const s = computeCheckStatistics({ base: [10, 10, 10, 10], head: [0, 12, 12, 12], scale: 'log', confidenceLevel: 0.9 });
    expect(s.shift?.scale).toBe('linear');
    expect(s.shift?.estimate).toBeCloseTo(20, 6);
    expect(computeCheckStatistics({ base: [0, 0], head: [1, 1], scale: 'log', confidenceLevel: 0.9 }).shift).toBeNull();
  });
});

describe('helpers', () => {
  it('medianOf is NaN for an empty list', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([])).toBeNaN();
  });

  it('rankSumMinimumP is 1 when every value is the same (an error rate always zero)', () => {
    expect(rankSumMinimumP([0, 0, 0], [0, 0, 0])).toBe(1);
    expect(rankSumMinimumP([1, 2], [3, 4])).toBeCloseTo(1 / 6, 9);
  });
});
