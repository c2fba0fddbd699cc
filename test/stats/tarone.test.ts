import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../src/stats/holm.ts';
import { taroneFamilySize, taroneHolm } from '../../src/stats/tarone.ts';

describe('taroneHolm', () => {
  it('leaves out checks that cannot reach significance (all-zero errors, constant rate)', () => {
    // p99 p = 0.004 with 15 pairs (smallest p 2^-15); error rate and achieved rate never varied (smallest p 1).
    // Plain Holm: 3 × 0.004 = 0.012 > 0.01. Tarone: K = 1, so 0.004 ≤ 0.01.
    const hypotheses = [
      { p: 0.004, minimumP: 2 ** -15 },
      { p: 1, minimumP: 1 },
      { p: 1, minimumP: 1 },
    ];
    expect(holmAdjust(hypotheses.map((h) => h.p))[0]).toBeCloseTo(0.012, 12);
    const r = taroneHolm({ hypotheses, alpha: 0.01 });
    expect(r.familySize).toBe(1);
    expect(r.counted).toEqual([true, false, false]);
    expect(r.adjusted[0]).toBeCloseTo(0.004, 12);
    expect(r.adjusted.slice(1)).toEqual([1, 1]);
  });

  it('is Holm when every check can reach significance', () => {
    const ps = [0.001, 0.02, 0.004, 0.3];
    const r = taroneHolm({ hypotheses: ps.map((p) => ({ p, minimumP: 1e-9 })), alpha: 0.05 });
    holmAdjust(ps).forEach((h, i) => {
      expect(r.adjusted[i]).toBeCloseTo(h, 12);
    });
  });

  it('finds the smallest K with at most K able hypotheses (Tarone 1990 definition)', () => {
    // α = 0.05; minimum p-values 0.001, 0.01, 0.02, 0.03, 0.2:
    // K=1: 1 ≤ 0.05 → 4 able > 1; K=2: ≤ 0.025 → 3 > 2; K=3: ≤ 0.0167 → 2 ≤ 3 → K = 3.
    expect(taroneFamilySize({ minimumPs: [0.001, 0.01, 0.02, 0.03, 0.2], alpha: 0.05 })).toBe(3);
  });

  it('counts a check that can still reach α/K (K = 3 here): then it is Holm-like', () => {
    // minimum p 0.001 / 0.02 / 0.02 at α 0.05: K=2 → 3 able (0.02 ≤ 0.025) > 2; K=3 → 1 able → K = 3.
    // Step 1: 3 × 0.01 = 0.03. Step 2: K = 2 over the rest, 2 × 0.02 = 0.04. Step 3: K = 1, max(0.04, 0.02).
    const r = taroneHolm({
      hypotheses: [
        { p: 0.01, minimumP: 0.001 },
        { p: 0.02, minimumP: 0.02 },
        { p: 0.02, minimumP: 0.02 },
      ],
      alpha: 0.05,
    });
    r.adjusted.forEach((a, i) => {
      expect(a).toBeCloseTo([0.03, 0.04, 0.04][i] ?? 0, 12);
    });
  });

  it('steps down: after a rejection K is recomputed over the rest', () => {
    // α = 0.05, minimum p 0.001 / 0.03 / 0.03: K=1 → 3 able > 1; K=2 → 1 able (≤ 0.025) ≤ 2 → K = 2.
    // p1 = 0.01 ≤ 0.025 rejected (adjusted 0.02). Remaining two: K=1 → 2 able > 1; K=2 → 0 ≤ 2:
    // K = 2, none can reach 0.025 → adjusted 1.
    const r = taroneHolm({
      hypotheses: [
        { p: 0.01, minimumP: 0.001 },
        { p: 0.03, minimumP: 0.03 },
        { p: 0.03, minimumP: 0.03 },
      ],
      alpha: 0.05,
    });
    expect(r.adjusted[0]).toBeCloseTo(0.02, 12);
    expect(r.adjusted.slice(1)).toEqual([1, 1]);
  });
});
