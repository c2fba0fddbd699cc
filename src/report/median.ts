/**
 * The median of per-repetition values: the statistic the report shows next to pooled
 * percentiles (reference/regression-gating.md: repetitions are the sample). Pure.
 */

/** Median of the finite values; `null` when there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const mid = Math.floor(finite.length / 2);
  const upper = finite[mid] ?? 0;
  if (finite.length % 2 === 1) return upper;
  const lower = finite[mid - 1] ?? upper;
  return (lower + upper) / 2;
}

/** Largest finite value; `null` when there are none. */
export function maxOf(values: readonly (number | null | undefined)[]): number | null {
  let best: number | null = null;
  for (const v of values) {
    if (typeof v === 'number' && Number.isFinite(v) && (best === null || v > best)) best = v;
  }
  return best;
}
