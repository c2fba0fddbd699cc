/** A draft's one-sided p-values oriented by the check's direction: worse and better, whatever the metric. Pure. */
import type { Draft } from './check-draft.ts';

/** One-sided p-value that head is worse than base (1 without statistics). */
export function pWorseOf(draft: Draft): number {
  if (!draft.stats) return 1;
  return draft.check.direction === 'lower-is-better' ? draft.stats.pGreater : draft.stats.pLess;
}

/** One-sided p-value that head is better than base (1 without statistics). */
export function pBetterOf(draft: Draft): number {
  if (!draft.stats) return 1;
  return draft.check.direction === 'lower-is-better' ? draft.stats.pLess : draft.stats.pGreater;
}
