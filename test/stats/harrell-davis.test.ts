import { describe, expect, it } from 'vitest';
import { harrellDavisQuantile, regularizedIncompleteBeta } from '../../src/stats/harrell-davis.ts';

describe('regularizedIncompleteBeta', () => {
  it('matches scipy.special.betainc', () => {
    // python3 -c "from scipy import special; print(special.betainc(a, b, x))"
    const cases: [number, number, number, number][] = [
      [0.5, 2, 3, 0.6875],
      [0.99, 594.99, 6.01, 0.4465309282161441],
      [0.985, 594.99, 6.01, 0.11461856217485371],
      [0.3, 0.5, 0.5, 0.36901011956554536],
      [0.9, 100, 10, 0.3403098493827792],
    ];
    for (const [x, a, b, expected] of cases) expect(regularizedIncompleteBeta({ x, a, b })).toBeCloseTo(expected, 10);
  });
});

describe('harrellDavisQuantile', () => {
  it('matches scipy.stats.mstats.hdquantiles on tied data', () => {
    // xs = numpy.repeat([100,120,150,200,900],[3,5,1,2,1]); hdquantiles(xs, prob=[0.5,0.9,0.99])
    //   → [124.27602590402512, 559.4426655642208, 880.1364628787529]
    const values = [
      { value: 100, count: 3 },
      { value: 120, count: 5 },
      { value: 150, count: 1 },
      { value: 200, count: 2 },
      { value: 900, count: 1 },
    ];
    expect(harrellDavisQuantile({ values, p: 0.5 })).toBeCloseTo(124.27602590402512, 8);
    expect(harrellDavisQuantile({ values, p: 0.9 })).toBeCloseTo(559.4426655642208, 8);
    expect(harrellDavisQuantile({ values, p: 0.99 })).toBeCloseTo(880.1364628787529, 8);
  });

  it('matches hdquantiles on a 600-value window (the p99 of a 3 s window at 200 rps)', () => {
    // xs = [round(1000*exp(0.5*sin(0.37 i) + (i % 17)/20)) for i in 1..600];
    // hdquantiles(xs, prob=[0.99, 0.5]) → [2069.9696702483047, 1520.175292313007]
    const counts = new Map<number, number>();
    for (let i = 1; i <= 600; i++) {
      const v = Math.round(1000 * Math.exp(0.5 * Math.sin(0.37 * i) + (i % 17) / 20));
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
    expect(harrellDavisQuantile({ values, p: 0.99 })).toBeCloseTo(2069.9696702483047, 6);
    expect(harrellDavisQuantile({ values, p: 0.5 })).toBeCloseTo(1520.175292313007, 6);
  });

  it('is null without values and rejects p outside (0, 1)', () => {
    expect(harrellDavisQuantile({ values: [], p: 0.5 })).toBeNull();
    expect(() => harrellDavisQuantile({ values: [{ value: 1, count: 1 }], p: 1 })).toThrow(RangeError);
  });
});
