/**
 * The windows of one interleaved batch (`bench run --arms base,head`, ABBA) as pairs: round r of
 * the batch measured base and head next to each other (AB in even rounds, BA in odd ones), so
 * their windows share the machine's drift. A pair is kept only when both windows are valid; the
 * calibration resamples whole pairs, never splitting one.
 */
import { dataPlaneVcpuPer1kRps } from '../../src/results/data-plane-cost.ts';
import type { Repetition, ResultFile } from '../../src/results/result-schema.ts';

export interface WindowPair {
  /** Repetition index = round of the batch. */
  round: number;
  base: Repetition;
  head: Repetition;
}

/** One batch: its two arm files and the valid pairs of its (single) level. */
export interface Batch {
  name: string;
  base: ResultFile;
  head: ResultFile;
  pairs: WindowPair[];
  /**
   * Every round with both windows, valid or not: only for showing what the knobs did to the
   * counters on a machine too busy for valid windows, never for a gate.
   */
  allPairs: WindowPair[];
  /** Rounds dropped because a window was invalid (with the first reason). */
  dropped: { round: number; reason: string }[];
}

/** Pairs the windows of the first level of two arm files of one batch. */
export function batchPairs(options: { name: string; base: ResultFile; head: ResultFile }): Batch {
  const { base, head } = options;
  if (!base.batch || !head.batch || base.batch.id !== head.batch.id) {
    throw new Error(`${options.name}: the two files were not measured in one batch (batch ids differ or are missing)`);
  }
  const baseLevel = base.levels[0];
  const headLevel = head.levels[0];
  const pairs: WindowPair[] = [];
  const allPairs: WindowPair[] = [];
  const dropped: Batch['dropped'] = [];
  for (const b of baseLevel?.repetitions ?? []) {
    const h = headLevel?.repetitions.find((r) => r.index === b.index);
    if (!h) continue;
    allPairs.push({ round: b.index, base: b, head: h });
    if (b.valid && h.valid) pairs.push({ round: b.index, base: b, head: h });
    else dropped.push({ round: b.index, reason: [...b.invalidReasons, ...h.invalidReasons][0] ?? 'invalid' });
  }
  return { name: options.name, base, head, pairs, allPairs, dropped };
}

/** What the raw-values file keeps of a window (enough to recompute every figure's input). */
export interface RawWindow {
  round: number;
  arm: string;
  sequence: number | null;
  windowStartMs: number;
  valid: boolean;
  achievedRps: number;
  p50Us: number;
  p99Us: number;
  /** µs of data-plane (both sidecars) CPU per request. */
  dataPlaneUsPerRequest: number | null;
  schedulerLagP99Us: number;
}

/** Every window of a batch (valid or not), in measurement order. */
export function rawWindows(batch: Pick<Batch, 'base' | 'head'>): RawWindow[] {
  const all = [...(batch.base.levels[0]?.repetitions ?? []), ...(batch.head.levels[0]?.repetitions ?? [])];
  return all
    .map((r) => ({
      round: r.index,
      arm: r.arm,
      sequence: r.sequence ?? null,
      windowStartMs: r.windowStartMs,
      valid: r.valid,
      achievedRps: r.achievedRps,
      p50Us: r.latency.p50Us,
      p99Us: r.latency.p99Us,
      dataPlaneUsPerRequest: dataPlaneUsPerRequest(r),
      schedulerLagP99Us: r.generator.schedulerLagUs.p99,
    }))
    .sort((x, y) => x.windowStartMs - y.windowStartMs);
}

/** µs of data-plane CPU per request: vCPU per 1,000 rps × 1,000. */
export function dataPlaneUsPerRequest(rep: Repetition): number | null {
  const vcpu = dataPlaneVcpuPer1kRps(rep);
  return vcpu === null ? null : vcpu * 1_000;
}

/** Median of numbers; null for none. */
export function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median of the within-pair ratios head/base of a per-window value (the measured effect). */
export function medianPairRatio(pairs: readonly WindowPair[], value: (rep: Repetition) => number | null): number | null {
  const ratios: number[] = [];
  for (const p of pairs) {
    const b = value(p.base);
    const h = value(p.head);
    if (b !== null && h !== null && b > 0) ratios.push(h / b);
  }
  return median(ratios);
}
