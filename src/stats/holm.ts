/**
 * Holm's step-down adjustment of a family of p-values (Holm 1979, "A simple sequentially
 * rejective multiple test procedure"). Pure.
 *
 * Source of the rule: docs/gate.md §2 and §7 (Holm over the primary family). A check is significant when its adjusted p-value ≤ α; this
 * rejects exactly the hypotheses Holm's procedure rejects and controls the family-wise error
 * rate at α under any dependence between the checks.
 */

/**
 * Adjusted p-values in the input order: sort ascending, p_adj(i) = max over j ≤ i of
 * min(1, (k − j + 1)·p(j)). Equal p-values keep their input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const k = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const adjusted = new Array<number>(k).fill(1);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (k - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}
