import { describe, expect, it } from 'vitest';
import { decideOutcome, exitCodeOf } from '../../../src/compare/gate/gate-outcome.ts';
import { checkResult } from '../../helpers/gate-objects.ts';

describe('decideOutcome', () => {
  it('a gating regression wins over invalid and inconclusive checks', () => {
    expect(decideOutcome([checkResult({ verdict: 'inconclusive' }), checkResult({ verdict: 'invalid' }), checkResult({ verdict: 'regression' })])).toBe('regression');
    expect(decideOutcome([checkResult({ verdict: 'inconclusive' }), checkResult({ verdict: 'invalid' })])).toBe('invalid');
    expect(decideOutcome([checkResult({ verdict: 'inconclusive' }), checkResult({ verdict: 'improvement' })])).toBe('inconclusive');
  });

  it('non-gating checks never decide; no check at all passes', () => {
    expect(decideOutcome([checkResult({ verdict: 'regression', gating: false }), checkResult()])).toBe('pass');
    expect(decideOutcome([])).toBe('pass');
  });
});

describe('exitCodeOf', () => {
  it('0 pass, 10 regression, 6 when the gate cannot decide', () => {
    expect([exitCodeOf('pass'), exitCodeOf('regression'), exitCodeOf('inconclusive'), exitCodeOf('invalid')]).toEqual([0, 10, 6, 6]);
  });
});
