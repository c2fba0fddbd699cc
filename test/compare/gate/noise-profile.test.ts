import { describe, expect, it } from 'vitest';
import { minimumDetectablePct, type MetricNoise, pairedSdAt, planForBudget } from '../../../src/compare/gate/noise-profile.ts';

const p99: MetricNoise = {
  metric: 'latency-p99',
  estimator: 'window',
  pairs: 20,
  sdLogUnpaired: 0.12,
  sdLogPaired: Math.sqrt(2 * 0.05 ** 2 + 0.08 ** 2),
  lag1Autocorrelation: 0.3,
  samplingSdLog: 0.05,
  driftSdLog: 0.11,
  pairedDriftSdLog: 0.08,
};

describe('noise profile arithmetic', () => {
  it('states the detectable shift of the paired signed-rank test (normal theory, ARE 3/π)', () => {
    // python3: z = norm.ppf(1-0.0062) + norm.ppf(0.9); d = z*0.1/sqrt(12*3/pi); (exp(d)-1)*100 → 11.82072438318551
    expect(minimumDetectablePct({ sdLog: 0.1, pairs: 12, alpha: 0.0062, power: 0.9 })).toBeCloseTo(11.82072438318551, 6);
    // 2^-7 > 0.0062: seven pairs can never reject.
    expect(minimumDetectablePct({ sdLog: 0.1, pairs: 7, alpha: 0.0062, power: 0.9 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('extrapolates to other windows: sampling variance scales with 1/window, drift stays', () => {
    // 3 s profile, 10 s windows: sqrt(2·0.05²·3/10 + 0.08²) = 0.0888819441731559
    expect(pairedSdAt(p99, { windowMs: 10_000, profileWindowMs: 3000 })).toBeCloseTo(0.0888819441731559, 12);
    expect(pairedSdAt(p99, { windowMs: 3000, profileWindowMs: 3000 })).toBeCloseTo(p99.sdLogPaired ?? 0, 12);
  });

  it('plans window length and pairs for a time budget, trading sampling noise against repetitions', () => {
    const plan = planForBudget({ budgetMs: 15 * 60_000, noise: p99, profile: { windowMs: 3000, windowCostMs: 5000 }, alpha: 0.0062, power: 0.9 });
    // 15 min, 2 s overhead per window: 3 s windows → 90 pairs, 10 s → 37, 60 s → 7 (cannot reject).
    expect(plan.candidates.find((c) => c.windowMs === 3000)?.pairs).toBe(90);
    expect(plan.candidates.find((c) => c.windowMs === 10_000)?.pairs).toBe(37);
    expect(plan.candidates.find((c) => c.windowMs === 60_000)?.mdePct).toBe(Number.POSITIVE_INFINITY);
    const best = plan.best;
    expect(best).not.toBeNull();
    for (const c of plan.candidates) expect(best?.mdePct ?? 0).toBeLessThanOrEqual(c.mdePct);
  });
});
