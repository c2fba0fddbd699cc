/**
 * The median of per-repetition values: the statistic the report shows next to pooled
 * percentiles (reference/regression-gating.md: repetitions are the sample). Pure.
 */

export { median } from '../results/level-summary.ts';

/** Largest finite value; `null` when there are none. */
export function maxOf(values: readonly (number | null | undefined)[]): number | null {
  let best: number | null = null;
  for (const v of values) {
    if (typeof v === 'number' && Number.isFinite(v) && (best === null || v > best)) best = v;
  }
  return best;
}
