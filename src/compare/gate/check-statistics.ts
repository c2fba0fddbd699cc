/**
 * The statistics of one check at one level: medians, the Hodges-Lehmann shift with its
 * interval in the check's effect unit, and both one-sided Mann-Whitney p-values. Pure.
 *
 * Source of the rules: docs/gate.md §1 and §7: x = ln(stat) per
 * repetition; effect = exp(HL(head − base)) − 1; error rates in absolute percentage points.
 */
import { median } from '../../stats/median.ts';
import { hodgesLehmannShift } from '../../stats/hodges-lehmann.ts';
import type { ShiftSummary } from './gate-report.ts';
import { mannWhitneyTest } from '../../stats/mann-whitney.ts';

/** Statistics of one check at one level (see computeCheckStatistics). */
export interface CheckStatistics {
  baseMedian: number;
  headMedian: number;
  /** Head median against base median: % (log scale) or percentage points (absolute scale). */
  medianChange: number | null;
  shift: ShiftSummary | null;
  /** P(head stochastically larger) and P(head stochastically smaller), one-sided. */
  pGreater: number;
  pLess: number;
  method: 'exact' | 'normal';
  /** `rank-sum`: Mann-Whitney on independent repetitions; `signed-rank`: Wilcoxon on window pairs. */
  test: 'rank-sum' | 'signed-rank';
  /** Smallest one-sided p-value these data could give (Tarone's rule reads it). */
  minimumP: number;
}

/** Median of a non-empty list. */
export function medianOf(values: readonly number[]): number {
  return median(values) ?? Number.NaN;
}

function toPct(logShift: number | null): number | null {
  return logShift === null ? null : (Math.exp(logShift) - 1) * 100;
}

function relativeShift(options: { base: readonly number[]; head: readonly number[]; confidenceLevel: number }): ShiftSummary | null {
  const { base, head, confidenceLevel } = options;
  if (base.every((v) => v > 0) && head.every((v) => v > 0)) {
    const hl = hodgesLehmannShift({ base: base.map(Math.log), head: head.map(Math.log), confidenceLevel });
    return {
      estimate: toPct(hl.estimate) ?? 0,
      lower: toPct(hl.lower),
      upper: toPct(hl.upper),
      confidence: hl.achievedConfidence,
      scale: 'log',
    };
  }
  // A zero value has no logarithm: shift on the raw scale, relative to the base median.
  const baseMedian = medianOf(base);
  if (!(baseMedian > 0)) return null;
  const hl = hodgesLehmannShift({ base, head, confidenceLevel });
  const pct = (v: number | null) => (v === null ? null : (v / baseMedian) * 100);
  return { estimate: pct(hl.estimate) ?? 0, lower: pct(hl.lower), upper: pct(hl.upper), confidence: hl.achievedConfidence, scale: 'linear' };
}

/**
 * The smallest one-sided p-value the rank-sum test could give on these values: the p-value had
 * the head taken the largest of the pooled values (1/C(m+n, n) without ties; 1 when every value
 * is the same, e.g. an error rate that was always zero).
 */
export function rankSumMinimumP(base: readonly number[], head: readonly number[]): number {
  const pooled = [...base, ...head].sort((a, b) => a - b);
  return mannWhitneyTest({ base: pooled.slice(0, base.length), head: pooled.slice(base.length) }).pGreater;
}

/** Computes the statistics from valid per-repetition values (both lists non-empty). */
export function computeCheckStatistics(options: {
  base: readonly number[];
  head: readonly number[];
  scale: 'log' | 'absolute';
  confidenceLevel: number;
}): CheckStatistics {
  const { base, head, scale, confidenceLevel } = options;
  const baseMedian = medianOf(base);
  const headMedian = medianOf(head);
  const test = mannWhitneyTest({ base, head });
  let shift: ShiftSummary | null;
  let medianChange: number | null;
  if (scale === 'absolute') {
    const hl = hodgesLehmannShift({ base, head, confidenceLevel });
    shift = { estimate: hl.estimate, lower: hl.lower, upper: hl.upper, confidence: hl.achievedConfidence, scale: 'absolute' };
    medianChange = headMedian - baseMedian;
  } else {
    shift = relativeShift({ base, head, confidenceLevel });
    medianChange = baseMedian > 0 ? (headMedian / baseMedian - 1) * 100 : null;
  }
  return {
    baseMedian,
    headMedian,
    medianChange,
    shift,
    pGreater: test.pGreater,
    pLess: test.pLess,
    method: test.method,
    test: 'rank-sum',
    minimumP: rankSumMinimumP(base, head),
  };
}
