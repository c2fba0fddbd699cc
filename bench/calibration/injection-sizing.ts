/**
 * Sizes the injected regressions from a measured A/A batch, to first order, with the response
 * factors measured on this project's calibration VM (docs/gate-calibration.md, 2026-12-06, quiet
 * 2-core VM, proxy-mtls at 400 rps):
 * - p99: every request of the head spends `service-cpu-us` more on the CPU; queueing behind the
 *   longer requests amplifies it in the tail. 483 µs raised the p99 by 1.68 ms (+36 %), so the p99
 *   moves about {@link P99_US_PER_SERVICE_US} µs per µs injected.
 * - data-plane CPU: each sidecar burns `proxy-cpu-us` more per request at every hop it serves,
 *   plus the Lua action's own cost. 17 µs per sidecar raised the data plane by 81 µs per request
 *   (+23 %): about {@link DATA_PLANE_US_PER_PROXY_US} µs per µs injected.
 * Neither response is linear (docs/gate-calibration.md): 138 µs of service CPU left the p99 unchanged
 * (the tail moves once requests queue), and 7 µs per sidecar still added 22 % (the Lua action's own
 * cost is a floor of about +20 %). Other machines and rates respond differently, so the batches
 * measure the effect really reached (medianPairRatio), which is printed beside the size;
 * `--service-cpu-us`/`--proxy-cpu-us` override.
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

/** µs of p99 per µs of injected service CPU (measured: +1,680 µs for 483 µs). */
export const P99_US_PER_SERVICE_US = 3.5;
/** µs of data-plane CPU per request per µs injected in each sidecar (measured: +81 µs for 17 µs). */
export const DATA_PLANE_US_PER_PROXY_US = 4.8;

/** Most CPU the injected service cost may add, as a share of one core. */
export const MAX_SERVICE_CPU_SHARE = 0.25;

/** Sizes for a target effect (e.g. 0.10) from the A/A pairs (both arms' windows). */
export function sizeInjections(options: { aaPairs: readonly WindowPair[]; effect: number; rps: number }): InjectionSizes {
  const windows = options.aaPairs.flatMap((p) => [p.base, p.head]);
  const p99 = median(windows.map((w) => w.latency.p99Us));
  const cpu = median(windows.map(dataPlaneUsPerRequest).filter((v): v is number => v !== null));
  if (p99 === null || cpu === null) throw new Error('the A/A batch has no valid window with latency and data-plane CPU to size the injections from');
  const wanted = Math.max(1, Math.round((options.effect * p99) / P99_US_PER_SERVICE_US));
  const cap = Math.max(1, Math.floor((MAX_SERVICE_CPU_SHARE * 1e6) / options.rps));
  return {
    p99MedianUs: p99,
    dataPlaneUsPerRequestMedian: cpu,
    serviceCpuUs: Math.min(wanted, cap),
    proxyCpuUs: Math.max(1, Math.round((options.effect * cpu) / DATA_PLANE_US_PER_PROXY_US)),
    serviceCpuCapped: wanted > cap,
  };
}
