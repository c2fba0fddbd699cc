/**
 * Sizes the injected regressions from a measured A/A batch, to first order:
 * - p99: every request of the head spends `service-cpu-us` more on the CPU, so its latency, and
 *   its p99, rise by at least that much (queueing behind the longer requests adds to it). For
 *   +10 % p99: service-cpu-us ≈ 10 % of the measured p99.
 * - data-plane CPU: each of the two sidecars burns `proxy-cpu-us` more per request, so the
 *   pair's CPU per request rises by 2 × proxy-cpu-us. For +10 %: proxy-cpu-us ≈ 10 % of the
 *   pair's measured CPU per request, halved.
 * The batches then measure the effect really reached (medianPairRatio), which is printed beside
 * the size. The service cost is capped at a quarter of a core at the batch's rate: when the
 * machine's stalls, not the service, make the p99 (tens of ms on a saturated host), 10 % of it
 * would be more CPU than the host has.
 */
import { dataPlaneUsPerRequest, median, type WindowPair } from './batch-pairs.ts';

export interface InjectionSizes {
  /** Median p99 of the A/A batch, µs. */
  p99MedianUs: number;
  /** Median data-plane CPU per request of the A/A batch, µs (both sidecars). */
  dataPlaneUsPerRequestMedian: number;
  serviceCpuUs: number;
  proxyCpuUs: number;
  /** True when serviceCpuUs was capped (see the module comment). */
  serviceCpuCapped: boolean;
}

/** Most CPU the injected service cost may add, as a share of one core. */
export const MAX_SERVICE_CPU_SHARE = 0.25;

/** Sizes for a target effect (e.g. 0.10) from the A/A pairs (both arms' windows). */
export function sizeInjections(options: { aaPairs: readonly WindowPair[]; effect: number; rps: number }): InjectionSizes {
  const windows = options.aaPairs.flatMap((p) => [p.base, p.head]);
  const p99 = median(windows.map((w) => w.latency.p99Us));
  const cpu = median(windows.map(dataPlaneUsPerRequest).filter((v): v is number => v !== null));
  if (p99 === null || cpu === null) throw new Error('the A/A batch has no valid window with latency and data-plane CPU to size the injections from');
  const wanted = Math.max(1, Math.round(options.effect * p99));
  const cap = Math.max(1, Math.floor((MAX_SERVICE_CPU_SHARE * 1e6) / options.rps));
  return {
    p99MedianUs: p99,
    dataPlaneUsPerRequestMedian: cpu,
    serviceCpuUs: Math.min(wanted, cap),
    proxyCpuUs: Math.max(1, Math.round((options.effect * cpu) / 2)),
    serviceCpuCapped: wanted > cap,
  };
}
