import { describe, expect, it } from 'vitest';
import { spectrumPercentiles } from '../../src/report/pooled-level.ts';

describe('spectrumPercentiles', () => {
  it('starts at 0, steps by 0.1 nines and stops at the resolution of the sample', () => {
    const ps = spectrumPercentiles(10_000);
    expect(ps[0]).toBe(0);
    expect(ps[10]).toBeCloseTo(90, 9);
    expect(ps[20]).toBeCloseTo(99, 9);
    expect(ps.at(-1)).toBeCloseTo(99.99, 9);
    expect(ps).toHaveLength(41);
  });

  it('caps at six nines and gives small samples at least one', () => {
    expect(spectrumPercentiles(1e9).at(-1)).toBeCloseTo(99.9999, 9);
    expect(spectrumPercentiles(3).at(-1)).toBeCloseTo(90, 9);
  });
});
