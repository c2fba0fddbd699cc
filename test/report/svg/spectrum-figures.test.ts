import { describe, expect, it } from 'vitest';
import { ninesLabel, ninesOf } from '../../../src/report/svg/spectrum-figures.ts';

describe('the nines axis', () => {
  it('places percentiles on the nines axis', () => {
    expect(ninesOf(0)).toBe(-0);
    expect(ninesOf(99)).toBeCloseTo(2, 9);
    expect([0, 1, 2, 3, 4].map(ninesLabel)).toEqual(['0%', '90%', '99%', '99.9%', '99.99%']);
  });
});
