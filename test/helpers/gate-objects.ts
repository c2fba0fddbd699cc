/** Small hand-built gate objects (checks, check results, pooled sides) for the gate's unit tests. */
import type { Draft } from '../../src/compare/gate/check-draft.ts';
import type { GateCheck } from '../../src/compare/gate/gate-config.ts';
import type { CheckResult } from '../../src/compare/gate/gate-report.ts';
import { type PooledSide, poolSide, type SideName } from '../../src/compare/gate/repetition-pool.ts';
import { buildResultFile, type LevelSpec, type ResultSpec } from './result-builder.ts';

/** A primary latency-p99 check (fail 3 %, MDE 5 %) unless overridden. */
export function gateCheck(overrides: Partial<GateCheck> = {}): GateCheck {
  return {
    id: 'p99',
    metric: 'latency-p99',
    levels: 'all',
    direction: 'lower-is-better',
    role: 'primary',
    effectUnit: 'pct',
    fail: 3,
    mde: 5,
    critical: null,
    estimator: 'window',
    ...overrides,
  };
}

/** A passing primary latency-p99 result at 100 rps with 5 repetitions per side unless overridden. */
export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    checkId: 'p99',
    metric: 'latency-p99',
    label: 'latency p99',
    unit: 'us',
    role: 'primary',
    direction: 'lower-is-better',
    targetRps: 100,
    effectUnit: 'pct',
    thresholds: { fail: 3, mde: 5, critical: null },
    base: { n: 5, total: 5, median: 1000 },
    head: { n: 5, total: 5, median: 1010 },
    medianChange: 1,
    shift: { estimate: 1, lower: -1, upper: 3, confidence: 0.95, scale: 'log' },
    pWorse: 0.3,
    pBetter: 0.7,
    pAdjusted: 0.6,
    method: 'exact',
    verdict: 'no-change',
    gating: true,
    critical: false,
    reason: 'no change',
    ...overrides,
  };
}

/** One pooled side from one built result file. */
export function pooledSide(side: SideName, levels: LevelSpec[], extra: Omit<ResultSpec, 'levels'> = {}): PooledSide {
  return poolSide({ side, sources: [{ file: `${side}.json`, result: buildResultFile({ ...extra, levels }) }] });
}

/** `count` repetitions of a p99 in µs at one rate. */
export function level(targetRps: number, p99Us: readonly number[]): LevelSpec {
  return { targetRps, repetitions: p99Us.map((p) => ({ p99Us: p })) };
}

/** A drafted check with statistics: one-sided p-values as given, a +shiftPct % shift, 5 values a side. */
export function draft(options: { check?: Partial<GateCheck>; pGreater: number; pLess?: number; minimumP?: number; shiftPct?: number; targetRps?: number }): Draft {
  const shift = options.shiftPct ?? 0;
  return {
    check: gateCheck(options.check),
    targetRps: options.targetRps ?? 100,
    base: { n: 5, total: 5, median: 1000 },
    head: { n: 5, total: 5, median: 1000 * (1 + shift / 100) },
    invalidReason: null,
    stats: {
      baseMedian: 1000,
      headMedian: 1000 * (1 + shift / 100),
      medianChange: shift,
      shift: { estimate: shift, lower: shift - 2, upper: shift + 2, confidence: 0.95, scale: 'log' },
      pGreater: options.pGreater,
      pLess: options.pLess ?? 1 - options.pGreater,
      method: 'exact',
      test: 'rank-sum',
      minimumP: options.minimumP ?? 0.004,
    },
  };
}
