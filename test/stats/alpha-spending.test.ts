import { describe, expect, it } from 'vitest';
import { alphaSpent, lookAlphas } from '../../src/stats/alpha-spending.ts';

describe('alpha spending', () => {
  it('matches the Lan-DeMets functions computed with scipy', () => {
    // python3 -c "import math; from scipy.stats import norm; a=0.01;
    //   print(a*math.log(1+(math.e-1)*0.5)); print(2-2*norm.cdf(norm.ppf(1-a/2)/math.sqrt(0.5)))"
    //   → 0.006201145069582775, 0.00026971695663147166
    expect(alphaSpent({ fn: 'pocock', alpha: 0.01, t: 0.5 })).toBeCloseTo(0.006201145069582775, 12);
    expect(alphaSpent({ fn: 'obrien-fleming', alpha: 0.01, t: 0.5 })).toBeCloseTo(0.00026971695663147166, 9);
    expect(alphaSpent({ fn: 'split', alpha: 0.01, t: 0.5, firstShare: 0.7 })).toBeCloseTo(0.007, 15);
  });

  it('keeps the family α over both looks', () => {
    for (const fn of ['pocock', 'obrien-fleming', 'split'] as const) {
      const { first, second } = lookAlphas({ fn, alpha: 0.01, firstFraction: 0.5 });
      expect(first + second).toBeCloseTo(0.01, 15);
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(0);
    }
  });
});
