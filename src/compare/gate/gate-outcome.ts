/** The gate's outcome from its gating checks, and the exit code it maps to (README, exit codes). Pure. */
import type { CheckResult, GateOutcome, GateReport } from './gate-report.ts';

/** Any gating regression fails the gate; else any invalid, else any inconclusive check decides; else pass. */
export function decideOutcome(checks: readonly CheckResult[]): GateOutcome {
  const gating = checks.filter((c) => c.gating);
  if (gating.some((c) => c.verdict === 'regression')) return 'regression';
  if (gating.some((c) => c.verdict === 'invalid')) return 'invalid';
  if (gating.some((c) => c.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

const EXIT_CODE_OF: Record<GateOutcome, GateReport['exitCode']> = { pass: 0, regression: 10, inconclusive: 6, invalid: 6 };

/** 0 pass, 10 regression, 6 when the gate cannot decide (inconclusive or invalid). */
export function exitCodeOf(outcome: GateOutcome): GateReport['exitCode'] {
  return EXIT_CODE_OF[outcome];
}
