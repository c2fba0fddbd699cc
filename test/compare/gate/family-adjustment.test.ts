import { describe, expect, it } from 'vitest';
import { adjustFamilies } from '../../../src/compare/gate/family-adjustment.ts';
import { draft } from '../../helpers/gate-objects.ts';

describe('adjustFamilies', () => {
  it('Holm over the primary family: the smallest p times K, step-down after it', () => {
    const a = draft({ check: { id: 'a' }, pGreater: 0.001 });
    const b = draft({ check: { id: 'b', metric: 'latency-p50' }, pGreater: 0.02 });
    const adjustment = adjustFamilies([a, b], 0.05);
    expect(adjustment.familySize).toBe(2);
    expect(adjustment.adjustedOf(a).primary?.worse).toBeCloseTo(0.002, 9);
    expect(adjustment.adjustedOf(b).primary?.worse).toBeCloseTo(0.02, 9);
    expect(adjustment.adjustedOf(a).inFamily).toBe(true);
    expect(adjustment.note).toBeNull();
  });

  it('Tarone: a check that cannot reach α/K is left out of the family, and the note names it', () => {
    const a = draft({ check: { id: 'a' }, pGreater: 0.001, minimumP: 0.0001 });
    const hopeless = draft({ check: { id: 'few' }, pGreater: 0.3, minimumP: 0.1, targetRps: 200 });
    const adjustment = adjustFamilies([a, hopeless], 0.01);
    expect(adjustment.familySize).toBe(1);
    expect(adjustment.adjustedOf(a).primary?.worse).toBeCloseTo(0.001, 9);
    expect(adjustment.adjustedOf(hopeless).inFamily).toBe(false);
    expect(adjustment.note).toBe(
      'Tarone: 1 of 2 primary checks cannot reach significance with their data and are left out of the Holm family (few@200 rps: smallest attainable p 0.1)',
    );
  });

  it('secondary checks get no primary adjustment; critical thresholds form their own family', () => {
    const secondary = draft({ check: { id: 's', role: 'secondary', critical: 20 }, pGreater: 0.004 });
    const primary = draft({ check: { id: 'p', critical: 20 }, pGreater: 0.001 });
    const adjustment = adjustFamilies([secondary, primary], 0.05);
    expect(adjustment.adjustedOf(secondary).primary).toBeNull();
    expect(adjustment.adjustedOf(secondary).critical).toBeCloseTo(0.004, 9);
    expect(adjustment.adjustedOf(primary).critical).toBeCloseTo(0.002, 9);
    expect(adjustFamilies([draft({ pGreater: 0.001 })], 0.05).adjustedOf(draft({ pGreater: 0.5 })).critical).toBeNull();
  });

  it('invalid drafts are in no family', () => {
    const invalid = { ...draft({ check: { id: 'x' }, pGreater: 0.001 }), invalidReason: 'no data' };
    const adjustment = adjustFamilies([invalid], 0.05);
    expect(adjustment.familySize).toBe(1); // Holm's K is never below 1
    expect(adjustment.adjustedOf(invalid)).toEqual({ primary: null, critical: null, inFamily: false });
  });
});
