/**
 * The verdict of one check from its statistics and thresholds. Pure.
 *
 * Source of the rules: docs/gate.md §3 and §7 (every mature tool requires significance AND a
 * minimum effect):
 * - REGRESSION: significant in the worse direction (Holm-adjusted p ≤ α for primary checks, raw
 *   p ≤ α otherwise) AND the HL shift ≥ the fail threshold;
 * - CRITICAL override (Kayenta's criticalIncrease, docs/gate.md §7): significant and shift ≥ critical, for
 *   any role; it always gates. Kayenta tests it at raw α; here its p-value is
 *   Holm-adjusted over every check that has a critical threshold, because raw α across ~20
 *   checks was the main source of A/A false alarms on noisy local data (bench:gate);
 * - IMPROVEMENT: the mirror image (informational);
 * - INCONCLUSIVE: the test cannot reach the α it needs with these sample sizes (benchstat's
 *   "need >= N samples", docs/gate.md §7), or the interval's worse end reaches the MDE (docs/gate.md §3);
 * - NO-CHANGE otherwise (a pass).
 * INVALID is decided before statistics (compare-results.ts, docs/gate.md §7 "Invalid runs").
 */
import type { CheckRole } from './gate-config.ts';
import type { ShiftSummary, Verdict } from './gate-report.ts';
import { minOneSidedPValue, repetitionsNeededForAlpha } from '../../stats/mann-whitney.ts';
import type { Direction } from './metric-definitions.ts';
import { formatAlpha, formatEffect, formatInterval, formatP, formatThreshold } from './metric-format.ts';

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
  /** Valid repetitions per side (pairs on both sides in paired mode). */
  sizes: { base: number; head: number };
  /** The test was the signed-rank test on window pairs. */
  paired?: boolean | undefined;
  /** Metric label for the stated pass, e.g. `latency p99`. */
  label?: string | undefined;
  /** Not significant but the interval reaches the MDE: ask a person (default) or accept the stated pass. */
  underpowered?: 'ask' | 'accept' | undefined;
}

/** The verdict with its gating role and reason. */
export interface VerdictOutcome {
  verdict: Verdict;
  /** This check's verdict decides the exit code. */
  gating: boolean;
  critical: boolean;
  reason: string;
  /** Not significant but the interval reaches the MDE: this setup cannot see the MDE. */
  underpowered?: boolean;
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
      reason: `critical: ${shown} reaches the critical ${formatThreshold(thresholds.critical, unit)}, p_adj ${formatP(pCritical)} ≤ α ${formatAlpha(alpha)} (Holm over the critical thresholds)`,
    };
  }
  if (pWorse <= alpha && worse.estimate >= thresholds.fail) {
    return {
      verdict: 'regression',
      gating: primary,
      critical: false,
      reason: `${shown} ≥ fail ${formatThreshold(thresholds.fail, unit)}, ${pLabel} ${formatP(pWorse)} ≤ α ${formatAlpha(alpha)}${primary ? '' : ` (${role}: warning only)`}`,
    };
  }
  if (pBetter <= alpha && -worse.estimate >= thresholds.fail) {
    return { verdict: 'improvement', gating: primary, critical: false, reason: `improved ${shown}, ${pLabel} ${formatP(pBetter)} ≤ α ${formatAlpha(alpha)}` };
  }
  // The floor the sample sizes put on p (2^−n pairs; 1/C(m+n, n)): too few repetitions to ever decide.
  const floorP = input.paired ? 2 ** -Math.min(input.sizes.base, input.sizes.head) : minOneSidedPValue(input.sizes);
  if (floorP > input.alphaNeeded) {
    const need = input.paired ? Math.ceil(Math.log2(1 / input.alphaNeeded)) : repetitionsNeededForAlpha(input.alphaNeeded);
    return {
      verdict: 'inconclusive',
      gating: primary,
      critical: false,
      reason: input.paired
        ? `need ≥ ${need} pairs to detect a difference at α ${formatP(input.alphaNeeded)} (have ${input.sizes.base})`
        : `need ≥ ${need} repetitions per side to detect a difference at α ${formatP(input.alphaNeeded)} (have ${input.sizes.base}/${input.sizes.head})`,
    };
  }
  // Enough repetitions, but ties (e.g. an error rate that stayed zero) keep p above α: the
  // interval alone decides, and a degenerate one ([0, 0]) is a clear pass.
  if (worse.upper === null) {
    return { verdict: 'inconclusive', gating: primary, critical: false, reason: `too few repetitions for a bounded interval (${shown})` };
  }
  const what = `${input.label ?? 'a'} ${input.direction === 'lower-is-better' ? 'regression' : 'drop'}`;
  const coverage = formatCoverage(input.shift.confidence);
  const bound = `${coverage} interval ${input.direction === 'lower-is-better' ? 'upper' : 'lower'} bound ${formatEffect(input.direction === 'lower-is-better' ? input.shift.upper : input.shift.lower, unit)}`;
  if (worse.upper >= thresholds.mde) {
    const more = repetitionsToResolve(input, worse);
    const seen = formatThreshold(Math.ceil(worse.upper * 10) / 10, unit);
    const statement =
      `no ${what} ≥ ${seen} (${coverage}); this setup cannot see ${formatThreshold(thresholds.mde, unit)} ` +
      `(${shown}, ${pLabel} ${formatP(pWorse)}; ${more === null ? 'add repetitions' : `about ${more} ${input.paired ? 'pairs' : 'repetitions per side'} would resolve it`})`;
    const accept = input.underpowered === 'accept';
    return { verdict: accept ? 'no-change' : 'inconclusive', gating: primary, critical: false, reason: statement, underpowered: true };
  }
  const significantSmall = pWorse <= alpha && worse.estimate > 0;
  const level = worse.upper < thresholds.fail ? thresholds.fail : thresholds.mde;
  return {
    verdict: 'no-change',
    gating: primary,
    critical: false,
    reason: significantSmall
      ? `${shown}: significant (${pLabel} ${formatP(pWorse)}) but below fail ${formatThreshold(thresholds.fail, unit)}; no ${what} ≥ ${formatThreshold(level, unit)} (${bound})`
      : `no ${what} ≥ ${formatThreshold(level, unit)} (${bound}); ${pLabel} ${formatP(pWorse)}`,
  };
}

/** The achieved coverage of an interval, e.g. `95.6 %`. */
function formatCoverage(confidence: number | null): string {
  if (confidence === null) return 'unbounded';
  const pct = confidence * 100;
  return `${pct >= 99.95 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}
