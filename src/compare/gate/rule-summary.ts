/**
 * One phrase stating the test, the α of this look and the family, shared by the terminal and
 * Markdown renderers. Pure.
 */
import type { GateReport } from './gate-report.ts';
import { formatAlpha } from './metric-format.ts';

/** e.g. `one-sided Wilcoxon signed-rank on window pairs, Holm-Tarone α 0.0062 (look 1 of 2, pocock spending of α 0.01) over 5 of 8 primary checks`. */
export function ruleSummary(report: GateReport): string {
  const { gate } = report;
  const test = gate.pairing?.paired ? 'one-sided Wilcoxon signed-rank on window pairs' : 'one-sided Mann-Whitney per repetition';
  const spending = gate.alphaSpending;
  const look = spending
    ? ` (look ${spending.look} of 2, ${spending.spending} spending of α ${formatAlpha(spending.familyAlpha)})`
    : gate.extended
      ? ' (α/2: extended data)'
      : '';
  const counted = gate.effectivePrimaryChecks !== undefined && gate.effectivePrimaryChecks < gate.primaryChecks ? `${gate.effectivePrimaryChecks} of ` : '';
  return `${test}, Holm-Tarone α ${formatAlpha(gate.familyAlpha)}${look} over ${counted}${gate.primaryChecks} primary checks`;
}
