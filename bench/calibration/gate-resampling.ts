/**
 * Resampled gates from a measured batch: each gate draws `perSide` pairs of adjacent windows at
 * random (without replacement, never splitting a pair) and runs the real gate
 * (compare/compare-results.ts) twice on them:
 * - paired: both sides keep the batch (id, arms, ABBA order) and every window's sequence, as
 *   `bench run --arms` wrote them, so a compare that pairs interleaved windows pairs them;
 * - unpaired: the same windows with the batch removed, as files that were not interleaved.
 * Tallies per outcome, plus detections: a regression whose failing gating checks include the
 * injected metric.
 */
import { compareResults } from '../../src/compare/compare-results.ts';
import type { GateConfig } from '../../src/compare/gate/gate-config.ts';
import type { GateReport } from '../../src/compare/gate/gate-report.ts';
import type { MetricId } from '../../src/compare/gate/metric-definitions.ts';
import { summarizeLevel } from '../../src/results/level-summary.ts';
import type { Repetition, ResultFile } from '../../src/results/result-schema.ts';
import type { Batch, WindowPair } from './batch-pairs.ts';

/** Outcomes of a set of resampled gates under one analysis. */
export interface GateTally {
  gates: number;
  pass: number;
  regression: number;
  inconclusive: number;
  invalid: number;
  /** Regressions whose failing gating checks include the injected metric (null = A/A). */
  detected: number | null;
}

export interface ResampleOptions {
  batch: Batch;
  gate: { file: string; config: GateConfig };
  /** Pairs per gate (= repetitions per side). */
  perSide: number;
  gates: number;
  /** The metric the head's injection should move, or null for an A/A batch. */
  injectedMetric: MetricId | null;
  random: () => number;
}

export interface ResampleResult {
  perSide: number;
  paired: GateTally;
  unpaired: GateTally;
  /** Gates whose paired and unpaired reports had different exit codes. */
  disagreements: number;
  /**
   * Gates whose two reports had the same statistics for every check: all of them when this
   * build's compare does not pair interleaved windows (the paired column then repeats the
   * unpaired one).
   */
  identical: number;
}

function emptyTally(gates: number, injected: boolean): GateTally {
  return { gates, pass: 0, regression: 0, inconclusive: 0, invalid: 0, detected: injected ? 0 : null };
}

/** `count` distinct indices out of `total`, in increasing order (partial Fisher-Yates). */
export function drawIndices(total: number, count: number, random: () => number): number[] {
  if (count > total) throw new RangeError(`cannot draw ${count} of ${total}`);
  const all = Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (total - i));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, count).sort((x, y) => x - y);
}

function armFile(template: ResultFile, repetitions: Repetition[], keepBatch: boolean): ResultFile {
  const level = template.levels[0];
  const file: ResultFile = {
    ...template,
    levels: [{ index: 0, targetRps: level?.targetRps ?? 0, repetitions, summary: summarizeLevel(repetitions) }],
  };
  if (!keepBatch) delete file.batch;
  return file;
}

/** Runs the gate on the chosen pairs, with or without the batch (pairing) information. */
export function gateOnPairs(options: { batch: Batch; pairs: readonly WindowPair[]; gate: ResampleOptions['gate']; paired: boolean }): GateReport {
  const { batch, pairs, paired } = options;
  return compareResults({
    base: { sources: [{ file: `${batch.name}-base`, result: armFile(batch.base, pairs.map((p) => p.base), paired) }], arm: null },
    head: { sources: [{ file: `${batch.name}-head`, result: armFile(batch.head, pairs.map((p) => p.head), paired) }], arm: null },
    gate: options.gate,
  });
}

function count(tally: GateTally, report: GateReport, injectedMetric: MetricId | null): void {
  tally[report.outcome] += 1;
  if (injectedMetric !== null && report.outcome === 'regression') {
    const failing = report.levels.flatMap((l) => l.checks).filter((c) => c.gating && c.verdict === 'regression');
    if (failing.some((c) => c.metric === injectedMetric)) tally.detected = (tally.detected ?? 0) + 1;
  }
}

function statistics(report: GateReport): string {
  return JSON.stringify(report.levels.flatMap((l) => l.checks.map((c) => [c.checkId, c.pWorse, c.shift, c.verdict])));
}

/** Resamples `gates` gates of `perSide` pairs from the batch under both analyses. */
export function resampleGates(options: ResampleOptions): ResampleResult {
  const { batch, perSide, gates, injectedMetric } = options;
  const paired = emptyTally(gates, injectedMetric !== null);
  const unpaired = emptyTally(gates, injectedMetric !== null);
  let disagreements = 0;
  let identical = 0;
  for (let g = 0; g < gates; g++) {
    const pairs = drawIndices(batch.pairs.length, perSide, options.random).map((i) => batch.pairs[i] as WindowPair);
    const withBatch = gateOnPairs({ batch, pairs, gate: options.gate, paired: true });
    const without = gateOnPairs({ batch, pairs, gate: options.gate, paired: false });
    count(paired, withBatch, injectedMetric);
    count(unpaired, without, injectedMetric);
    if (withBatch.exitCode !== without.exitCode) disagreements++;
    if (statistics(withBatch) === statistics(without)) identical++;
  }
  return { perSide, paired, unpaired, disagreements, identical };
}
