/**
 * One-line descriptions of checks and of the gate outcome, shared by the report, the
 * renderers and the CLI's error message. Pure.
 */
import type { CheckResult, GateOutcome } from './gate-report.ts';
import { formatEffect, formatInterval, formatP, formatRps } from './metric-format.ts';

/** `latency p99 @ 1000 rps`. */
export function checkName(check: CheckResult): string {
  return `${check.label} @ ${formatRps(check.targetRps)}`;
}

/** `latency p99 @ 1000 rps +20.3 % [+17.1, +23.4] p_adj 0.0004`. */
export function describeCheck(check: CheckResult): string {
  if (!check.shift) return `${checkName(check)}: ${check.reason}`;
  const p = check.pAdjusted !== null ? `p_adj ${formatP(check.pAdjusted)}` : `p ${formatP(check.pWorse)}`;
  const interval = formatInterval(check.shift.lower, check.shift.upper, check.effectUnit);
  return `${checkName(check)} ${formatEffect(check.shift.estimate, check.effectUnit)} ${interval} ${p}${check.critical ? ' (critical)' : ''}`;
}

function list(checks: readonly CheckResult[], show: (c: CheckResult) => string, max = 5): string {
  const shown = checks.slice(0, max).map(show).join('; ');
  return checks.length > max ? `${shown}; and ${checks.length - max} more` : shown;
}

/** Checks sharing a level and a reason said once: `latency p99, error rate @ 200 rps: <reason>`. */
function listByReason(checks: readonly CheckResult[], max = 3): string {
  const groups = new Map<string, CheckResult[]>();
  for (const c of checks) {
    const key = `${c.targetRps}\u0000${c.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const lines = [...groups.values()].map((group) => {
    const first = group[0] as CheckResult;
    const names = group.length === 1 ? checkName(first) : `${group.map((c) => c.label).join(', ')} @ ${formatRps(first.targetRps)}`;
    return `${names}: ${first.reason}`;
  });
  const shown = lines.slice(0, max).join('; ');
  return lines.length > max ? `${shown}; and ${lines.length - max} more` : shown;
}

/** The gate's headline, e.g. `REGRESSION: latency p99 @ 1000 rps +20.3 % …`. */
export function outcomeHeadline(options: { outcome: GateOutcome; checks: readonly CheckResult[]; primaryChecks: number }): string {
  const { outcome, checks, primaryChecks } = options;
  const gating = checks.filter((c) => c.gating);
  const of = (verdict: CheckResult['verdict']) => gating.filter((c) => c.verdict === verdict);
  switch (outcome) {
    case 'regression':
      return `REGRESSION: ${list(of('regression'), describeCheck)}`;
    case 'invalid':
      return `INVALID: ${listByReason(of('invalid'))}`;
    case 'inconclusive':
      // No check is a regression here (that outcome wins), so say so before what is unresolved.
      return `INCONCLUSIVE: no regression detected, but the data cannot rule one out: ${listByReason(of('inconclusive'))}`;
    case 'pass': {
      const warnings = checks.filter((c) => !c.gating && (c.verdict === 'regression' || c.verdict === 'inconclusive')).length;
      const improvements = checks.filter((c) => c.verdict === 'improvement').length;
      const extras = [
        warnings > 0 ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '',
        improvements > 0 ? `${improvements} improvement${improvements > 1 ? 's' : ''}` : '',
      ].filter(Boolean);
      const headline = `PASS: no regression in ${primaryChecks} primary check${primaryChecks === 1 ? '' : 's'}${extras.length ? ` (${extras.join(', ')})` : ''}`;
      const unseen = gating.filter((c) => c.verdict === 'no-change' && c.underpowered);
      // The gate file accepts passes this setup cannot resolve down to the MDE: the headline says what was ruled out.
      return unseen.length > 0 ? `${headline}; accepted although underpowered (gate file: underpowered: accept): ${listByReason(unseen)}` : headline;
    }
  }
}
