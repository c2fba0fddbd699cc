import { describe, expect, it } from 'vitest';
import { checkName, describeCheck, outcomeHeadline } from '../../../src/compare/gate/outcome-headline.ts';
import { checkResult } from '../../helpers/gate-objects.ts';

const regression = checkResult({
  verdict: 'regression',
  targetRps: 1000,
  shift: { estimate: 20.31, lower: 17.1, upper: 23.44, confidence: 0.95, scale: 'log' },
  pAdjusted: 0.0004,
  reason: 'worse by at least 3 %',
});

describe('check descriptions', () => {
  it('names the metric and level, then the shift, interval and adjusted p', () => {
    expect(checkName(regression)).toBe('latency p99 @ 1000 rps');
    expect(describeCheck(regression)).toBe('latency p99 @ 1000 rps +20.3 % [+17.1, +23.4] p_adj 4.0e-4');
    expect(describeCheck({ ...regression, critical: true })).toMatch(/ \(critical\)$/);
  });

  it('uses the raw p without an adjusted one, and the reason without a shift', () => {
    expect(describeCheck({ ...regression, pAdjusted: null, pWorse: 0.012 })).toMatch(/ p 0\.012$/);
    expect(describeCheck(checkResult({ shift: null, reason: 'no data' }))).toBe('latency p99 @ 100 rps: no data');
  });
});

describe('outcomeHeadline', () => {
  it('regression: lists the gating regressions, at most five', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...regression, targetRps: 100 * (i + 1) }));
    const text = outcomeHeadline({ outcome: 'regression', checks: [...many, checkResult()], primaryChecks: 8 });
    expect(text).toMatch(/^REGRESSION: latency p99 @ 100 rps \+20\.3 %/);
    expect(text).toMatch(/; and 2 more$/);
  });

  it('invalid and inconclusive: checks sharing a level and a reason are said once', () => {
    const invalid = [
      checkResult({ verdict: 'invalid', reason: 'head: 6 of 10 repetitions invalid', shift: null }),
      checkResult({ checkId: 'err', label: 'error rate', verdict: 'invalid', reason: 'head: 6 of 10 repetitions invalid', shift: null }),
    ];
    expect(outcomeHeadline({ outcome: 'invalid', checks: invalid, primaryChecks: 2 })).toBe(
      'INVALID: latency p99, error rate @ 100 rps: head: 6 of 10 repetitions invalid',
    );
    const inconclusive = [checkResult({ verdict: 'inconclusive', reason: 'need ≥ 5 repetitions per side' })];
    expect(outcomeHeadline({ outcome: 'inconclusive', checks: inconclusive, primaryChecks: 1 })).toBe(
      'INCONCLUSIVE: no regression detected, but the data cannot rule one out: latency p99 @ 100 rps: need ≥ 5 repetitions per side',
    );
  });

  it('pass: counts primary checks, non-gating warnings and improvements', () => {
    expect(outcomeHeadline({ outcome: 'pass', checks: [checkResult()], primaryChecks: 1 })).toBe('PASS: no regression in 1 primary check');
    const checks = [checkResult({ verdict: 'improvement' }), checkResult({ gating: false, role: 'secondary', verdict: 'regression' }), checkResult({ gating: false, verdict: 'inconclusive' })];
    expect(outcomeHeadline({ outcome: 'pass', checks, primaryChecks: 8 })).toBe('PASS: no regression in 8 primary checks (2 warnings, 1 improvement)');
  });
});
