/**
 * How a check's verdict is shown: marker, words and emoji, shared by the renderers. Pure.
 */
import type { CheckResult } from '../gate/gate-report.ts';

/** Terminal marker: ✓ pass/improvement, ✗ regression, ~ inconclusive, ! invalid. */
export function verdictMarker(check: CheckResult): string {
  switch (check.verdict) {
    case 'regression':
      return '✗';
    case 'inconclusive':
      return '~';
    case 'invalid':
      return '!';
    default:
      return '✓';
  }
}

/** Markdown emoji in the style of Datadog's regression-detector comments (✅ ❌ ➖ ⚠️; docs/gate.md §7). */
export function verdictEmoji(check: CheckResult): string {
  if (check.verdict === 'regression') return check.gating ? '❌' : '⚠️';
  if (check.verdict === 'improvement') return '✅';
  if (check.verdict === 'no-change') return '➖';
  return '⚠️';
}

/** Words, e.g. `regression`, `regression (warn)`, `CRITICAL`, `no change`. */
export function verdictText(check: CheckResult): string {
  if (check.verdict === 'regression') {
    if (check.critical) return 'CRITICAL regression';
    return check.gating ? 'regression' : 'regression (warn)';
  }
  if (check.verdict === 'no-change') return 'no change';
  return check.verdict;
}

/** Legend line for the terminal markers. */
export const MARKER_LEGEND = '✓ pass  ✗ regression  ~ inconclusive  ! invalid';
