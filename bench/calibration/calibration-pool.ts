/**
 * The sample the calibration resamples: the valid repetitions of one or more result files of
 * the same scenario, per level in time order, plus the per-level noise figures that size the
 * number of repetitions (reference/regression-gating.md §2.4: n ≈ 11,455·σ² per arm for 90 %
 * power at +5 %, one-sided α = 0.01, σ = SD of ln p99 across runs).
 */
import type { Repetition, ResultFile } from '../../src/results/result-schema.ts';
import { median } from '../../src/stats/median.ts';

export interface PoolLevel {
  targetRps: number;
  /** Valid repetitions in window order. */
  repetitions: Repetition[];
  invalid: number;
}

export interface CalibrationPool {
  /** The first result file: metadata for the synthetic A and B files. */
  template: ResultFile;
  levels: PoolLevel[];
}

export interface LevelNoise {
  targetRps: number;
  count: number;
  p99MedianUs: number;
  /** SD of ln(p99) across repetitions, as %: the run-to-run CV of p99. */
  p99CvPct: number;
  /** Reference §2.4 estimate of repetitions per side for 90 % power at +5 % (α 0.01 one-sided). */
  repsFor90PctPowerAt5Pct: number;
}

/** Pools valid repetitions per level across files, in window order. */
export function poolResults(results: readonly ResultFile[]): CalibrationPool {
  const [template] = results;
  if (!template) throw new Error('poolResults: no result files');
  const byRps = new Map<number, PoolLevel>();
  for (const result of results) {
    for (const level of result.levels) {
      const entry = byRps.get(level.targetRps) ?? { targetRps: level.targetRps, repetitions: [], invalid: 0 };
      entry.repetitions.push(...level.repetitions.filter((r) => r.valid));
      entry.invalid += level.repetitions.filter((r) => !r.valid).length;
      byRps.set(level.targetRps, entry);
    }
  }
  const levels = [...byRps.values()].sort((x, y) => x.targetRps - y.targetRps);
  for (const level of levels) level.repetitions.sort((x, y) => x.windowStartMs - y.windowStartMs);
  return { template, levels };
}

/** Run-to-run noise of p99 per level. */
export function levelNoise(pool: CalibrationPool): LevelNoise[] {
  return pool.levels.map((level) => {
    const logs = level.repetitions.map((r) => Math.log(Math.max(1, r.latency.p99Us)));
    const mean = logs.reduce((a, b) => a + b, 0) / Math.max(1, logs.length);
    const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, logs.length - 1);
    const sigma = Math.sqrt(variance);
    return {
      targetRps: level.targetRps,
      count: level.repetitions.length,
      p99MedianUs: median(level.repetitions.map((r) => r.latency.p99Us)) ?? 0,
      p99CvPct: sigma * 100,
      repsFor90PctPowerAt5Pct: Math.max(5, Math.ceil(11_455 * sigma * sigma)),
    };
  });
}
