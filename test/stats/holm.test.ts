import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../src/stats/holm.ts';
import { seededRandom } from '../helpers/result-builder.ts';

/** Holm's procedure as written: reject in ascending order while p(i) ≤ α/(k − i + 1). */
function holmRejects(pValues: number[], alpha: number): boolean[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const rejected = pValues.map(() => false);
  for (const [rank, { p, i }] of order.entries()) {
    if (p > alpha / (pValues.length - rank)) break;
    rejected[i] = true;
  }
  return rejected;
}

describe('holmAdjust', () => {
  it('multiplies the i-th smallest p by (k − i + 1) and keeps the adjusted values monotone', () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
  });

  it('caps at 1 and keeps the input order', () => {
    expect(holmAdjust([0.5, 0.001, 0.9])).toEqual([1, 0.003, 1]);
  });

  it('leaves a single p-value alone and an empty family empty', () => {
    expect(holmAdjust([0.2])).toEqual([0.2]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('rejects exactly what the step-down procedure rejects', () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(random() * 10);
      const p = Array.from({ length: k }, () => random() ** 3);
      const adjusted = holmAdjust(p);
      expect(adjusted.map((a) => a <= 0.05)).toEqual(holmRejects(p, 0.05));
    }
  });
});
