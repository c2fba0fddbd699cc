import { describe, expect, it } from 'vitest';
import type { ShiftSummary } from '../../../src/compare/gate/gate-report.ts';
import { decideVerdict, type VerdictInput } from '../../../src/compare/gate/verdict.ts';

function shift(estimate: number, lower: number | null, upper: number | null): ShiftSummary {
  return { estimate, lower, upper, confidence: 0.95, scale: 'log' };
}

function input(overrides: Partial<VerdictInput>): VerdictInput {
  return {
    role: 'primary',
    direction: 'lower-is-better',
    effectUnit: 'pct',
    thresholds: { fail: 3, mde: 5, critical: 20 },
    shift: shift(0.5, -1.5, 2.5),
    pWorse: 0.3,
    pBetter: 0.7,
    pAdjustedWorse: 0.9,
    pAdjustedBetter: 1,
    pAdjustedCritical: 1,
    alpha: 0.05,
    alphaNeeded: 0.05 / 8,
    sizes: { base: 10, head: 10 },
    ...overrides,
  };
}

describe('decideVerdict', () => {
  it('regression: Holm-significant AND shift ≥ fail; primary checks gate', () => {
    const v = decideVerdict(input({ shift: shift(7.4, 4.2, 10.9), pWorse: 0.0004, pAdjustedWorse: 0.004 }));
    expect(v).toMatchObject({ verdict: 'regression', gating: true, critical: false });
    expect(v.reason).toContain('+7.4 %');
    expect(v.reason).toContain('p_adj 0.004');
  });

  it('uses the adjusted p for primary checks: raw p small but adjusted above α is not a regression', () => {
    const v = decideVerdict(input({ shift: shift(4, 1, 7), pWorse: 0.01, pAdjustedWorse: 0.08 }));
    expect(v.verdict).toBe('inconclusive');
  });

  it('significant but below the fail threshold, interval under the MDE: no change', () => {
    const v = decideVerdict(input({ shift: shift(2, 1, 3.5), pWorse: 0.001, pAdjustedWorse: 0.004 }));
    expect(v.verdict).toBe('no-change');
    expect(v.reason).toContain('below fail 3 %');
  });

  it('not significant but the interval reaches the MDE: inconclusive with a repetition estimate', () => {
    const v = decideVerdict(input({ shift: shift(1, -3, 6), pWorse: 0.2, pAdjustedWorse: 1 }));
    expect(v.verdict).toBe('inconclusive');
    expect(v.gating).toBe(true);
    expect(v.reason).toMatch(/about \d+ repetitions per side would resolve it/);
  });

  it('secondary checks warn (not gating) and use the raw p', () => {
    const v = decideVerdict(input({ role: 'secondary', shift: shift(6, 4, 8), pWorse: 0.01, pAdjustedWorse: null }));
    expect(v).toMatchObject({ verdict: 'regression', gating: false });
    expect(v.reason).toContain('warning only');
  });

  it('critical override: any role fails when significant (Holm over critical checks) and the shift reaches the critical threshold', () => {
    const v = decideVerdict(
      input({
        role: 'advisory',
        thresholds: { fail: 5, mde: 10, critical: 30 },
        shift: shift(35, 28, 41),
        pWorse: 0.001,
        pAdjustedWorse: null,
        pAdjustedCritical: 0.02,
      }),
    );
    expect(v).toMatchObject({ verdict: 'regression', gating: true, critical: true });
    expect(v.reason).toContain('Holm over the critical thresholds');
  });

  it('critical override still needs significance after adjustment', () => {
    const v = decideVerdict(
      input({ role: 'advisory', thresholds: { fail: 5, mde: 10, critical: 30 }, shift: shift(35, 2, 80), pWorse: 0.01, pAdjustedCritical: 0.12 }),
    );
    expect(v.verdict).toBe('regression');
    expect(v.critical).toBe(false);
    expect(v.gating).toBe(false);
  });

  it('critical override does not fire without significance', () => {
    const v = decideVerdict(input({ role: 'advisory', thresholds: { fail: 5, mde: 10, critical: 30 }, shift: shift(35, -5, 80), pWorse: 0.2 }));
    expect(v.verdict).toBe('inconclusive');
    expect(v.gating).toBe(false);
  });

  it('too few repetitions to ever reach the α it needs: inconclusive, "need ≥ N repetitions per side"', () => {
    const v = decideVerdict(input({ sizes: { base: 3, head: 3 }, shift: shift(0, null, null), alphaNeeded: 0.05 / 8 }));
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toContain('need ≥ 5 repetitions per side');
    expect(v.reason).toContain('have 3/3');
  });

  it('orients higher-is-better metrics: a drop in achieved rate is the worse direction', () => {
    const v = decideVerdict(
      input({
        direction: 'higher-is-better',
        thresholds: { fail: 1, mde: 1, critical: 5 },
        shift: shift(-2, -3, -1.2),
        pWorse: 0.0001,
        pAdjustedWorse: 0.001,
      }),
    );
    expect(v.verdict).toBe('regression');
  });

  it('improvement: significant in the better direction by at least the fail threshold', () => {
    const v = decideVerdict(input({ shift: shift(-8, -11, -5), pWorse: 1, pBetter: 0.0001, pAdjustedWorse: 1, pAdjustedBetter: 0.001 }));
    expect(v.verdict).toBe('improvement');
  });

  it('absolute checks (error rate) use percentage points', () => {
    const v = decideVerdict(
      input({ effectUnit: 'pp', thresholds: { fail: 0.05, mde: 0.1, critical: 1 }, shift: { ...shift(0.2, 0.1, 0.3), scale: 'absolute' }, pWorse: 0.001, pAdjustedWorse: 0.005 }),
    );
    expect(v.verdict).toBe('regression');
    expect(v.reason).toContain('pp');
  });

  it('a shift that cannot be expressed (zero base median) is inconclusive', () => {
    expect(decideVerdict(input({ shift: null })).verdict).toBe('inconclusive');
  });
});
