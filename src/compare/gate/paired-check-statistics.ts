/**
 * Statistics of one check on window pairs (base and head measured next to each other): the
 * within-pair difference d = ln(head/base) (percentage points for error rate), the one-sided
 * Wilcoxon signed-rank test and the paired Hodges-Lehmann estimate with its distribution-free
 * interval, reported as % (e^d − 1) like the unpaired path. Pure.
 *
 * docs/gate.md "Paired analysis" has the formulas and sources.
 */
import { pairedHodgesLehmann } from '../../stats/paired-hodges-lehmann.ts';
import { signedRankMinimumP, wilcoxonSignedRank } from '../../stats/wilcoxon-signed-rank.ts';
import { type CheckStatistics, medianOf } from './check-statistics.ts';
import type { ShiftSummary } from './gate-report.ts';

function toPct(logShift: number | null): number | null {
  return logShift === null ? null : (Math.exp(logShift) - 1) * 100;
}

/** Within-pair differences on the check's scale, and how to show them. */
function differencesOf(options: { base: readonly number[]; head: readonly number[]; scale: 'log' | 'absolute' }): {
  d: number[];
  show: (v: number | null) => number | null;
  scale: ShiftSummary['scale'];
} | null {
  const { base, head, scale } = options;
  if (scale === 'absolute') return { d: head.map((h, i) => h - (base[i] ?? 0)), show: (v) => v, scale: 'absolute' };
  if (base.every((v) => v > 0) && head.every((v) => v > 0)) {
    return { d: head.map((h, i) => Math.log(h) - Math.log(base[i] ?? 1)), show: toPct, scale: 'log' };
  }
  // A zero value has no logarithm: raw differences relative to the base median.
  const baseMedian = medianOf(base);
  if (!(baseMedian > 0)) return null;
  return { d: head.map((h, i) => h - (base[i] ?? 0)), show: (v) => (v === null ? null : (v / baseMedian) * 100), scale: 'linear' };
}

/** Statistics from paired values (same length, pair i = base[i], head[i]; at least one pair). */
export function computePairedStatistics(options: {
  base: readonly number[];
  head: readonly number[];
  scale: 'log' | 'absolute';
  confidenceLevel: number;
}): CheckStatistics {
  const { base, head, scale, confidenceLevel } = options;
  if (base.length !== head.length || base.length === 0) throw new RangeError('computePairedStatistics: needs equally many base and head values');
  const baseMedian = medianOf(base);
  const headMedian = medianOf(head);
  const medianChange = scale === 'absolute' ? headMedian - baseMedian : baseMedian > 0 ? (headMedian / baseMedian - 1) * 100 : null;
  const diffs = differencesOf({ base, head, scale });
  if (!diffs) {
    return { baseMedian, headMedian, medianChange, shift: null, pGreater: 1, pLess: 1, method: 'exact', test: 'signed-rank', minimumP: 1 };
  }
  const test = wilcoxonSignedRank(diffs.d);
  const hl = pairedHodgesLehmann({ differences: diffs.d, confidenceLevel });
  const shift: ShiftSummary = {
    estimate: diffs.show(hl.estimate) ?? 0,
    lower: diffs.show(hl.lower),
    upper: diffs.show(hl.upper),
    confidence: hl.achievedConfidence,
    scale: diffs.scale,
  };
  return {
    baseMedian,
    headMedian,
    medianChange,
    shift,
    pGreater: test.pGreater,
    pLess: test.pLess,
    method: test.method,
    test: 'signed-rank',
    minimumP: signedRankMinimumP(diffs.d),
  };
}
