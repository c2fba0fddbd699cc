/**
 * The verdict of one check from its statistics and thresholds. Pure.
 *
 * Source of the rules: reference/regression-gating.md §4.2 step 4 and §0 item 1 (every mature
 * tool requires significance AND a minimum effect):
 * - REGRESSION: significant in the worse direction (Holm-adjusted p ≤ α for primary checks, raw
 *   p ≤ α otherwise) AND the HL shift ≥ the fail threshold;
 * - CRITICAL override (Kayenta's criticalIncrease, §2.8): significant and shift ≥ critical, for
 *   any role; it always gates. The reference tests it at raw α; here its p-value is
 *   Holm-adjusted over every check that has a critical threshold, because raw α across ~20
 *   checks was the main source of A/A false alarms on noisy local data (bench:gate);
 * - IMPROVEMENT: the mirror image (informational);
 * - INCONCLUSIVE: the test cannot reach the α it needs with these sample sizes (benchstat's
 *   "need >= N samples", §1.2 [2], §2.4), or the interval's worse end reaches the MDE (§3.3);
 * - NO-CHANGE otherwise (the reference's PASS).
 * INVALID is decided before statistics (compare-results.ts, §2.7).
 */
import type { CheckRole } from './gate-config.ts';
import type { ShiftSummary, Verdict } from './gate-report.ts';
import { minOneSidedPValue, repetitionsNeededForAlpha } from '../../stats/mann-whitney.ts';
import type { Direction } from './metric-definitions.ts';
import { formatEffect, formatInterval, formatP, formatThreshold } from './metric-format.ts';

/** Everything decideVerdict needs about one check. */
export interface VerdictInput {
  role: CheckRole;
  direction: Direction;
  effectUnit: 'pct' | 'pp';
  thresholds: { fail: number; mde: number; critical: number | null };
  /** HL shift head − base in the effect unit; null when it cannot be expressed. */
  shift: ShiftSummary | null;
  /** One-sided p-values in the worse and better direction of this metric. */
  pWorse: number;
  pBetter: number;
  /** Holm-adjusted p-values over the primary family (primary checks only). */
  pAdjustedWorse: number | null;
  pAdjustedBetter: number | null;
  /** pWorse Holm-adjusted over every check with a critical threshold (null without one). */
  pAdjustedCritical: number | null;
  /** Family α (also the raw α of secondary and advisory checks). */
  alpha: number;
  /** The α a lone significant result must reach: α/k for a primary family of k, else α. */
  alphaNeeded: number;
  /** Valid repetitions per side. */
  sizes: { base: number; head: number };
}

/** The verdict with its gating role and reason. */
export interface VerdictOutcome {
  verdict: Verdict;
  /** This check's verdict decides the exit code. */
  gating: boolean;
  critical: boolean;
  reason: string;
}

interface Oriented {
  /** Shift in the worse direction (positive = worse). */
  estimate: number;
  lower: number | null;
  upper: number | null;
}

function orient(shift: ShiftSummary, direction: Direction): Oriented {
  if (direction === 'lower-is-better') return { estimate: shift.estimate, lower: shift.lower, upper: shift.upper };
  return {
    estimate: -shift.estimate,
    lower: shift.upper === null ? null : -shift.upper,
    upper: shift.lower === null ? null : -shift.lower,
  };
}

/** Repetitions per side at which the interval's worse end would fall below the MDE, if the shift stays. */
function repetitionsToResolve(input: VerdictInput, worse: Oriented): number | null {
  if (worse.lower === null || worse.upper === null) return null;
  // The interval's worse end shrinks like 1/√n around the estimate.
  const room = input.thresholds.mde - Math.max(0, worse.estimate);
  const reach = worse.upper - worse.estimate;
  if (room <= 0 || reach <= 0) return null;
  const n = Math.max(input.sizes.base, input.sizes.head);
  const needed = Math.max(n + 1, Math.ceil(n * (reach / room) ** 2));
  return needed <= 1000 ? needed : null;
}

/** Decides the verdict; `reason` is one sentence for tables and JUnit messages. */
export function decideVerdict(input: VerdictInput): VerdictOutcome {
  const { role, effectUnit: unit, thresholds, alpha } = input;
  const primary = role === 'primary';
  const pWorse = primary ? (input.pAdjustedWorse ?? 1) : input.pWorse;
  const pBetter = primary ? (input.pAdjustedBetter ?? 1) : input.pBetter;
  const pLabel = primary ? 'p_adj' : 'p';
  if (input.shift === null) {
    return {
      verdict: 'inconclusive',
      gating: primary,
      critical: false,
      reason: 'the change cannot be expressed relative to a zero base median',
    };
  }
  const worse = orient(input.shift, input.direction);
  const shown = `${formatEffect(input.shift.estimate, unit)} ${formatInterval(input.shift.lower, input.shift.upper, unit)}`;
  const pCritical = input.pAdjustedCritical;
  if (thresholds.critical !== null && pCritical !== null && pCritical <= alpha && worse.estimate >= thresholds.critical) {
    return {
      verdict: 'regression',
      gating: true,
      critical: true,
      reason: `critical: ${shown} reaches the critical ${formatThreshold(thresholds.critical, unit)}, p_adj ${formatP(pCritical)} ≤ α ${alpha} (Holm over the critical thresholds)`,
    };
  }
  if (pWorse <= alpha && worse.estimate >= thresholds.fail) {
    return {
      verdict: 'regression',
      gating: primary,
      critical: false,
      reason: `${shown} ≥ fail ${formatThreshold(thresholds.fail, unit)}, ${pLabel} ${formatP(pWorse)} ≤ α ${alpha}${primary ? '' : ` (${role}: warning only)`}`,
    };
  }
  if (pBetter <= alpha && -worse.estimate >= thresholds.fail) {
    return { verdict: 'improvement', gating: primary, critical: false, reason: `improved ${shown}, ${pLabel} ${formatP(pBetter)} ≤ α ${alpha}` };
  }
  if (minOneSidedPValue(input.sizes) > input.alphaNeeded) {
    const need = repetitionsNeededForAlpha(input.alphaNeeded);
    return {
      verdict: 'inconclusive',
      gating: primary,
      critical: false,
      reason: `need ≥ ${need} repetitions per side to detect a difference at α ${formatP(input.alphaNeeded)} (have ${input.sizes.base}/${input.sizes.head})`,
    };
  }
  if (worse.upper === null) {
    return { verdict: 'inconclusive', gating: primary, critical: false, reason: `too few repetitions for a bounded interval (${shown})` };
  }
  if (worse.upper >= thresholds.mde) {
    const more = repetitionsToResolve(input, worse);
    const end = input.direction === 'lower-is-better' ? 'upper' : 'lower';
    return {
      verdict: 'inconclusive',
      gating: primary,
      critical: false,
      reason:
        `${shown}: the interval's ${end} end reaches the MDE ${formatThreshold(thresholds.mde, unit)}, ` +
        `${pLabel} ${formatP(pWorse)}; ${more === null ? 'add repetitions' : `about ${more} repetitions per side would resolve it`}`,
    };
  }
  const significantSmall = pWorse <= alpha && worse.estimate > 0;
  return {
    verdict: 'no-change',
    gating: primary,
    critical: false,
    reason: significantSmall
      ? `${shown}: significant (${pLabel} ${formatP(pWorse)}) but below fail ${formatThreshold(thresholds.fail, unit)}`
      : `${shown} within MDE ${formatThreshold(thresholds.mde, unit)}, ${pLabel} ${formatP(pWorse)}`,
  };
}
