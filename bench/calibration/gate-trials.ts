/**
 * Runs the real gate (compare/compare-results.ts) on resampled A/A splits, with and without a
 * data-level injection, and tallies false alarms and power.
 *
 * Source of the method: reference/regression-gating.md §5.1 (resampling A/A: whole-gate
 * false-positive rate, p-value uniformity) and §5.2 (data-level injection: scale the candidate
 * arm's per-run metric by 1 + δ, power curves, check the HL effect is unbiased).
 */
import { compareResults } from '../../src/compare/compare-results.ts';
import type { GateConfig } from '../../src/compare/gate/gate-config.ts';
import type { GateReport } from '../../src/compare/gate/gate-report.ts';
import type { LevelSummary, Repetition, ResultFile } from '../../src/results/result-schema.ts';
import type { CalibrationPool } from './calibration-pool.ts';
import { interleavedSplit } from './interleaved-split.ts';
import { seededRandom } from '../../src/load/seeded-random.ts';
import { summarizeLevel } from '../../src/results/level-summary.ts';

export interface TrialOptions {
  pool: CalibrationPool;
  gate: { file: string; config: GateConfig };
  perSide: number;
  /** Multiply the B side's per-repetition p99 by this (1 = A/A). */
  p99Factor: number;
  random: () => number;
}

/** compare reads per-repetition values only; a level from another file gets an empty summary. */
const EMPTY_SUMMARY: LevelSummary = summarizeLevel([]);

function scaleP99(rep: Repetition, factor: number): Repetition {
  if (factor === 1) return rep;
  return { ...rep, latency: { ...rep.latency, p99Us: rep.latency.p99Us * factor } };
}

function armFile(template: ResultFile, runId: string, levels: ResultFile['levels']): ResultFile {
  return { ...template, runId, levels };
}

/** One resampled comparison through the whole gate. */
export function runTrial(options: TrialOptions): GateReport {
  const { pool, perSide, p99Factor, random } = options;
  const total = Math.min(...pool.levels.map((l) => l.repetitions.length));
  const split = interleavedSplit({ total, perSide, random });
  const levelsOf = (indices: number[], factor: number): ResultFile['levels'] =>
    pool.levels.map((level, index) => {
      const template = pool.template.levels.find((l) => l.targetRps === level.targetRps) ?? pool.template.levels[0];
      const repetitions = indices
        .map((i) => level.repetitions[i])
        .filter((r): r is Repetition => r !== undefined)
        .map((r) => scaleP99(r, factor));
      return { index, targetRps: level.targetRps, repetitions, summary: template?.summary ?? EMPTY_SUMMARY };
    });
  return compareResults({
    base: { sources: [{ file: 'A', result: armFile(pool.template, 'calibration-a', levelsOf(split.a, 1)) }], arm: null },
    head: { sources: [{ file: 'B', result: armFile(pool.template, 'calibration-b', levelsOf(split.b, p99Factor)) }], arm: null },
    gate: options.gate,
  });
}

/** Power of the gate for one injected p99 increase. */
export interface PowerFigure {
  effectPct: number;
  trials: number;
  /** Share of injected trials where the gate failed (exit 10) on latency-p99 at some level. */
  power: number;
  /** Per level: share of injected trials where that level's p99 check regressed. */
  powerPerLevel: number[];
  /** Mean HL estimate of the p99 shift, % (should be ≈ the injection: reference §5.2 bias check). */
  meanEstimatedShiftPct: number | null;
}

/** The calibration figures at one number of repetitions per side. */
export interface CalibrationRow {
  perSide: number;
  aaTrials: number;
  /** Share of A/A trials where the gate failed (exit 10). */
  falseAlarmRate: number;
  /** Wilson 95 % upper bound of the false-alarm rate. */
  falseAlarmUpper95: number;
  /** Share of A/A trials that were inconclusive or invalid (exit 6). */
  aaExit6Rate: number;
  /** Share of A/A p99 checks with a raw one-sided p ≤ 0.05 (≈ 5 % when p-values are uniform). */
  aaP99PBelow5Pct: number;
  power: PowerFigure[];
}

/** Wilson score interval upper bound at 95 % for k successes in n trials. */
export function wilsonUpper95(k: number, n: number): number {
  if (n === 0) return 1;
  const z = 1.959964;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = p + (z * z) / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return Math.min(1, (centre + margin) / denominator);
}

function p99Checks(report: GateReport) {
  return report.levels.flatMap((l) => l.checks.filter((c) => c.metric === 'latency-p99'));
}

/** Input of calibrate. */
export interface CalibrateOptions {
  pool: CalibrationPool;
  gate: { file: string; config: GateConfig };
  perSideList: readonly number[];
  aaTrials: number;
  powerTrials: number;
  /** Injected p99 increases, % (e.g. [5, 20]). */
  effectPcts: readonly number[];
  seed: number;
  onProgress?: ((message: string) => void) | undefined;
}

type Trial = (p99Factor: number) => GateReport;

function falseAlarms(trial: Trial, trials: number): Pick<CalibrationRow, 'falseAlarmRate' | 'falseAlarmUpper95' | 'aaExit6Rate' | 'aaP99PBelow5Pct'> {
  let alarms = 0;
  let exit6 = 0;
  let p99Checked = 0;
  let p99Small = 0;
  for (let i = 0; i < trials; i++) {
    const report = trial(1);
    if (report.outcome === 'regression') alarms++;
    if (report.exitCode === 6) exit6++;
    for (const check of p99Checks(report)) {
      if (check.pWorse === null) continue;
      p99Checked++;
      if (check.pWorse <= 0.05) p99Small++;
    }
  }
  return {
    falseAlarmRate: alarms / Math.max(1, trials),
    falseAlarmUpper95: wilsonUpper95(alarms, trials),
    aaExit6Rate: exit6 / Math.max(1, trials),
    aaP99PBelow5Pct: p99Checked ? p99Small / p99Checked : 0,
  };
}

function powerAt(options: { trial: Trial; trials: number; effectPct: number; levels: number }): PowerFigure {
  const levelHits = Array.from({ length: options.levels }, () => 0);
  let detected = 0;
  let shiftSum = 0;
  let shiftCount = 0;
  for (let i = 0; i < options.trials; i++) {
    const report = options.trial(1 + options.effectPct / 100);
    if (report.outcome === 'regression' && p99Checks(report).some((c) => c.verdict === 'regression' && c.gating)) detected++;
    report.levels.forEach((level, index) => {
      const check = level.checks.find((c) => c.metric === 'latency-p99');
      if (check?.verdict === 'regression') levelHits[index] = (levelHits[index] ?? 0) + 1;
      if (check?.shift) {
        shiftSum += check.shift.estimate;
        shiftCount++;
      }
    });
  }
  return {
    effectPct: options.effectPct,
    trials: options.trials,
    power: detected / Math.max(1, options.trials),
    powerPerLevel: levelHits.map((h) => h / Math.max(1, options.trials)),
    meanEstimatedShiftPct: shiftCount ? shiftSum / shiftCount : null,
  };
}

/** A/A false alarms and injected power for every repetition count that the pool allows. */
export function calibrate(options: CalibrateOptions): CalibrationRow[] {
  const total = Math.min(...options.pool.levels.map((l) => l.repetitions.length));
  const rows: CalibrationRow[] = [];
  for (const perSide of options.perSideList) {
    if (2 * perSide > total) {
      options.onProgress?.(`skipping ${perSide} repetitions per side: the pool has only ${total} per level`);
      continue;
    }
    const random = seededRandom(options.seed + perSide);
    const trial: Trial = (p99Factor) => runTrial({ pool: options.pool, gate: options.gate, perSide, p99Factor, random });
    rows.push({
      perSide,
      aaTrials: options.aaTrials,
      ...falseAlarms(trial, options.aaTrials),
      power: options.effectPcts.map((effectPct) =>
        powerAt({ trial, trials: options.powerTrials, effectPct, levels: options.pool.levels.length }),
      ),
    });
    options.onProgress?.(`${perSide} repetitions per side: done`);
  }
  return rows;
}
