/**
 * Unit conversions of the SMP export: microseconds to milliseconds (rounded to 1 µs) for SMP's
 * `Latency`, bytes to MiB (rounded to 0.01) for memory. Pure.
 */
import type { LatencySummary } from '../../results/result-schema.ts';
import { bytesToMib, usToMs } from '../report-format.ts';
import type { SmpLatencyMs } from './smp-schema.ts';

/** Microseconds to milliseconds, rounded to 3 decimals. */
export function roundMs(valueUs: number): number {
  return Math.round(usToMs(valueUs) * 1000) / 1000;
}

/** SMP `Latency` (ms) from a latency summary (µs). */
export function latencyMs(l: LatencySummary): SmpLatencyMs {
  return { min: roundMs(l.minUs), average: roundMs(l.meanUs), p50: roundMs(l.p50Us), p90: roundMs(l.p90Us), p99: roundMs(l.p99Us), max: roundMs(l.maxUs) };
}

/** Bytes to MiB, rounded to 2 decimals; null stays null. */
export function roundMb(bytes: number | null): number | null {
  return bytes === null ? null : Math.round(bytesToMib(bytes) * 100) / 100;
}
