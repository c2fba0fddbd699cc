/**
 * The metrics a gate can check, and how each is read from one repetition. Pure.
 *
 * Per-repetition values are the unit of inference (docs/gate.md §1); the
 * data-plane definitions match the level summary in results/result-schema.ts: summed
 * data-plane vCPU per 1,000 rps, and the average memory per data-plane instance.
 */
import type { Repetition } from '../../results/result-schema.ts';
import { dataPlaneMemoryPerInstanceBytes, dataPlaneVcpuPer1kRps } from '../../results/data-plane-cost.ts';

/** Metric names usable in gate files. */
export const METRIC_IDS = [
  'latency-p50',
  'latency-p90',
  'latency-p99',
  'latency-p999',
  'achieved-rps',
  'error-pct',
  'dataplane-vcpu-per-1k-rps',
  'dataplane-memory-per-instance',
  'host-cpu-per-1k-requests',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/** Which way is better for a metric. */
export type Direction = 'lower-is-better' | 'higher-is-better';

/** Display unit of a metric's values. */
export type MetricUnit = 'us' | 'rps' | 'pct' | 'vcpu-per-1k-rps' | 'bytes' | 'core-seconds-per-1k-requests';

/** How one metric is read, scaled and shown. */
export interface MetricDefinition {
  id: MetricId;
  /** Short label for tables, e.g. `latency p99`. */
  label: string;
  unit: MetricUnit;
  /**
   * `log`: the shift is estimated on ln(value) and reported in % (docs/gate.md §1);
   * `absolute`: the shift is in the metric's own unit: percentage points for error rate,
   * which can be zero (docs/gate.md §7).
   */
  scale: 'log' | 'absolute';
  direction: Direction;
  /** Only data-plane components produce it (absent for the no-mesh baseline). */
  needsDataPlane: boolean;
  /** The repetition's value, or null when it was not measured. */
  valueOf(rep: Repetition): number | null;
}

function latency(id: MetricId, label: string, field: 'p50Us' | 'p90Us' | 'p99Us' | 'p999Us'): MetricDefinition {
  return {
    id,
    label,
    unit: 'us',
    scale: 'log',
    direction: 'lower-is-better',
    needsDataPlane: false,
    valueOf: (rep) => (rep.latency.count > 0 ? rep.latency[field] : null),
  };
}

/** Every metric by id. */
export const METRICS: Readonly<Record<MetricId, MetricDefinition>> = {
  'latency-p50': latency('latency-p50', 'latency p50', 'p50Us'),
  'latency-p90': latency('latency-p90', 'latency p90', 'p90Us'),
  'latency-p99': latency('latency-p99', 'latency p99', 'p99Us'),
  'latency-p999': latency('latency-p999', 'latency p99.9', 'p999Us'),
  'achieved-rps': {
    id: 'achieved-rps',
    label: 'achieved rate',
    unit: 'rps',
    scale: 'log',
    direction: 'higher-is-better',
    needsDataPlane: false,
    valueOf: (rep) => rep.achievedRps,
  },
  'error-pct': {
    id: 'error-pct',
    label: 'error rate',
    unit: 'pct',
    scale: 'absolute',
    direction: 'lower-is-better',
    needsDataPlane: false,
    valueOf: (rep) => rep.errorPct,
  },
  'dataplane-vcpu-per-1k-rps': {
    id: 'dataplane-vcpu-per-1k-rps',
    label: 'data-plane vCPU/1k rps',
    unit: 'vcpu-per-1k-rps',
    scale: 'log',
    direction: 'lower-is-better',
    needsDataPlane: true,
    valueOf: dataPlaneVcpuPer1kRps,
  },
  'dataplane-memory-per-instance': {
    id: 'dataplane-memory-per-instance',
    label: 'memory per proxy',
    unit: 'bytes',
    scale: 'log',
    direction: 'lower-is-better',
    needsDataPlane: true,
    valueOf: dataPlaneMemoryPerInstanceBytes,
  },
  'host-cpu-per-1k-requests': {
    id: 'host-cpu-per-1k-requests',
    label: 'host CPU/1k requests',
    unit: 'core-seconds-per-1k-requests',
    scale: 'log',
    direction: 'lower-is-better',
    needsDataPlane: false,
    valueOf: (rep) => rep.hostCpu?.coreSecondsPer1kRequests ?? null,
  },
};
