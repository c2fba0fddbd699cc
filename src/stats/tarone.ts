/**
 * Holm's step-down procedure with Tarone's rule for discrete tests (Tarone 1990, "A modified
 * Bonferroni method for discrete data", Biometrics 46(2):515–522; the step-down form is Hommel &
 * Krummenauer 1998, "Improvements and modifications of Tarone's multiple test procedure for
 * discrete data", Biometrics 54(2):673–681). Pure.
 *
 * A rank test on a handful of repetitions has a smallest attainable p-value (2^−n for the
 * signed-rank test, 1/C(m+n, n) for Mann-Whitney, 1 for a metric that never varied). A check
 * whose smallest attainable p-value is above the level it would need can never be significant,
 * yet plain Holm still counts it and makes every other check pay for it. Tarone: at each step,
 * with R the hypotheses not yet rejected, K is the smallest integer such that at most K of R
 * have a smallest attainable p-value ≤ α/K; the smallest remaining p-value is rejected when it
 * is ≤ α/K. This controls the family-wise error rate at α under any dependence, like Holm; with
 * every check able to reach significance it is exactly Holm.
 */

/** One hypothesis of the family. */
export interface DiscreteHypothesis {
  p: number;
  /** Smallest p-value the test could have given with these data. */
  minimumP: number;
}

/** Per hypothesis, in input order. */
export interface TaroneHolmResult {
  /** Step-down adjusted p-value at α: significant iff ≤ α (1 when it never entered the family). */
  adjusted: number[];
  /** Whether it counted in the family at the first step (false: could not reach α/K). */
  counted: boolean[];
  /** Tarone's K at the first step: the effective family size. */
  familySize: number;
}

/** Tarone's K over hypotheses with these smallest attainable p-values at level α. */
export function taroneFamilySize(options: { minimumPs: readonly number[]; alpha: number }): number {
  const { minimumPs, alpha } = options;
  for (let k = 1; k <= minimumPs.length; k++) {
    const able = minimumPs.filter((m) => m <= alpha / k).length;
    if (able <= k) return k;
  }
  return Math.max(1, minimumPs.length);
}

/**
 * Tarone-Holm at level α. The adjusted p-value of the hypothesis rejected at step j is
 * max over steps i ≤ j of min(1, K_i·p_(i)), so "adjusted ≤ α" reproduces the procedure's
 * decisions (the adjustment depends on α through K).
 */
export function taroneHolm(options: { hypotheses: readonly DiscreteHypothesis[]; alpha: number }): TaroneHolmResult {
  const { hypotheses, alpha } = options;
  const adjusted = new Array<number>(hypotheses.length).fill(1);
  const firstK = taroneFamilySize({ minimumPs: hypotheses.map((h) => h.minimumP), alpha });
  const counted = hypotheses.map((h) => h.minimumP <= alpha / firstK);
  const remaining = hypotheses.map((h, index) => ({ ...h, index }));
  let running = 0;
  for (;;) {
    const k = taroneFamilySize({ minimumPs: remaining.map((h) => h.minimumP), alpha });
    // Only hypotheses that can reach α/K are in the family at this step.
    const candidates = remaining.filter((h) => h.minimumP <= alpha / k).sort((a, b) => a.p - b.p || a.index - b.index);
    const next = candidates[0];
    if (!next) break;
    running = Math.max(running, Math.min(1, k * next.p));
    adjusted[next.index] = running;
    remaining.splice(remaining.indexOf(next), 1);
  }
  return { adjusted, counted, familySize: firstK };
}
