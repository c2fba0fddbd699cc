import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../../src/compare/gate/gate-report.ts';
import { ruleSummary } from '../../../src/compare/gate/rule-summary.ts';

function report(gate: Partial<GateReport['gate']>): GateReport {
  return { gate: { name: 'default', file: 'gates/default.yaml', familyAlpha: 0.0062, ciLevel: 0.95, primaryChecks: 8, extended: false, ...gate } } as GateReport;
}

describe('ruleSummary', () => {
  it('states the paired test, the look and the spending, and the Tarone-counted family', () => {
    const text = ruleSummary(
      report({
        pairing: { paired: true, reason: null },
        alphaSpending: { familyAlpha: 0.01, spending: 'pocock', look: 1, firstLookAlpha: 0.0062, secondLookAlpha: 0.0038 },
        effectivePrimaryChecks: 5,
      }),
    );
    expect(text).toBe('one-sided Wilcoxon signed-rank on window pairs, Holm-Tarone α 0.0062 (look 1 of 2, pocock spending of α 0.01) over 5 of 8 primary checks');
  });

  it('states the unpaired test, and the older extended report without spending', () => {
    expect(ruleSummary(report({ pairing: { paired: false, reason: 'no batch' }, effectivePrimaryChecks: 8 }))).toBe(
      'one-sided Mann-Whitney per repetition, Holm-Tarone α 0.0062 over 8 primary checks',
    );
    expect(ruleSummary(report({ extended: true }))).toContain('(α/2: extended data)');
  });
});
