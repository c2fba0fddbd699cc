import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalUpperTail } from '../../src/stats/standard-normal.ts';

describe('standard normal', () => {
  it.each([
    [0, 0.5],
    [1.959963985, 0.025],
    [2.326347874, 0.01],
    [-1.644853627, 0.95],
    [5, 2.866515719e-7],
  ])('P(Z ≥ %d) = %d', (z, p) => {
    // Relative error: the fit is good to about 1e-7 even far in the tail.
    expect(Math.abs(normalUpperTail(z) / p - 1)).toBeLessThan(1e-6);
  });

  it('the cdf is the complement of the upper tail and symmetric', () => {
    expect(normalCdf(1.2) + normalUpperTail(1.2)).toBeCloseTo(1, 12);
    expect(normalCdf(-0.7)).toBeCloseTo(normalUpperTail(0.7), 7);
  });

  it.each([
    [0.5, 0],
    [0.975, 1.959963985],
    [0.01, -2.326347874],
    [0.999, 3.090232306],
    [1e-6, -4.753424309],
  ])('quantile(%d) = %d, in all three regions', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });

  it('quantile inverts the cdf', () => {
    for (const p of [0.001, 0.02, 0.3, 0.77, 0.98]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(/p must be in \(0, 1\), got 1/);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});
