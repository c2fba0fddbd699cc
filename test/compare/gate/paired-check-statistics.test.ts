import { describe, expect, it } from 'vitest';
import { computePairedStatistics } from '../../../src/compare/gate/paired-check-statistics.ts';

describe('computePairedStatistics', () => {
  it('tests the within-pair log ratios: a shared drift does not hide a +5 % change', () => {
    const drift = [100, 130, 90, 160, 110, 140, 95, 120];
    const base = drift;
    const head = drift.map((v, i) => v * (1.05 + (i % 2 === 0 ? 0.002 : -0.002)));
    const s = computePairedStatistics({ base, head, scale: 'log', confidenceLevel: 0.95 });
    expect(s.test).toBe('signed-rank');
    expect(s.shift?.scale).toBe('log');
    expect(s.shift?.estimate).toBeCloseTo(5, 0);
    expect(s.pGreater).toBeCloseTo(1 / 256, 9); // all 8 differences positive: exact 2^-8
    expect(s.minimumP).toBeCloseTo(1 / 256, 9);
  });

  it('absolute scale: differences in the unit itself', () => {
    const s = computePairedStatistics({ base: [0, 0.1, 0, 0.2], head: [0.5, 0.6, 0.5, 0.7], scale: 'absolute', confidenceLevel: 0.9 });
    expect(s.shift).toMatchObject({ scale: 'absolute', estimate: expect.closeTo(0.5, 6) });
    expect(s.medianChange).toBeCloseTo(0.5, 6);
  });

  it('without a positive base median there is no shift and no evidence', () => {
    const s = computePairedStatistics({ base: [0, 0], head: [1, 1], scale: 'log', confidenceLevel: 0.9 });
    expect(s).toMatchObject({ shift: null, pGreater: 1, pLess: 1, minimumP: 1 });
  });

  it('refuses unequal or empty pair lists', () => {
    expect(() => computePairedStatistics({ base: [1, 2], head: [1], scale: 'log', confidenceLevel: 0.9 })).toThrow(RangeError);
    expect(() => computePairedStatistics({ base: [], head: [], scale: 'log', confidenceLevel: 0.9 })).toThrow(RangeError);
  });
});
