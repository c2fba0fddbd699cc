/**
 * Sizes the injected regressions from a measured A/A batch, to first order:
 * - p99: every request of the head spends `service-cpu-us` more on the CPU, so its latency, and
 *   its p99, rise by at least that much (queueing behind the longer requests adds to it). For
 *   +10 % p99: service-cpu-us ≈ 10 % of the measured p99.
 * - data-plane CPU: each of the two sidecars burns `proxy-cpu-us` more per request, so the
 *   pair's CPU per request rises by 2 × proxy-cpu-us. For +10 %: proxy-cpu-us ≈ 10 % of the
 *   pair's measured CPU per request, halved.
 * The batches then measure the effect really reached (medianPairRatio), which is printed beside
 * the size.
 */
import { dataPlaneUsPerRequest, median, type WindowPair } from './batch-pairs.ts';

export interface InjectionSizes {
  /** Median p99 of the A/A batch, µs. */
  p99MedianUs: number;
  /** Median data-plane CPU per request of the A/A batch, µs (both sidecars). */
  dataPlaneUsPerRequestMedian: number;
  serviceCpuUs: number;
  proxyCpuUs: number;
}

/** Sizes for a target effect (e.g. 0.10) from the A/A pairs (both arms' windows). */
export function sizeInjections(options: { aaPairs: readonly WindowPair[]; effect: number }): InjectionSizes {
  const windows = options.aaPairs.flatMap((p) => [p.base, p.head]);
  const p99 = median(windows.map((w) => w.latency.p99Us));
  const cpu = median(windows.map(dataPlaneUsPerRequest).filter((v): v is number => v !== null));
  if (p99 === null || cpu === null) throw new Error('the A/A batch has no valid window with latency and data-plane CPU to size the injections from');
  return {
    p99MedianUs: p99,
    dataPlaneUsPerRequestMedian: cpu,
    serviceCpuUs: Math.max(1, Math.round(options.effect * p99)),
    proxyCpuUs: Math.max(1, Math.round((options.effect * cpu) / 2)),
  };
}
