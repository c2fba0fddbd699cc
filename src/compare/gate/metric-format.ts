/**
 * Number formatting shared by the renderers and verdict reasons: values with their unit,
 * signed effects, intervals and p-values. Pure.
 */
import type { SampleSummary } from './gate-report.ts';
import type { MetricUnit } from './metric-definitions.ts';

function significant(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(Math.min(decimals, 6));
}

/** A per-repetition value in its unit, e.g. `4.81 ms`, `812 µs`, `0.41 vCPU/1k rps`, `52.3 MB`. */
export function formatValue(value: number | null, unit: MetricUnit): string {
  if (value === null || !Number.isFinite(value)) return '-';
  switch (unit) {
    case 'us':
      if (Math.abs(value) >= 1_000_000) return `${significant(value / 1_000_000, 3)} s`;
      if (Math.abs(value) >= 1_000) return `${significant(value / 1_000, 3)} ms`;
      return `${Math.round(value)} µs`;
    case 'rps':
      return `${value.toFixed(1)} rps`;
    case 'pct':
      return `${significant(value, 2)} %`;
    case 'vcpu-per-1k-rps':
      return `${significant(value, 3)} vCPU`;
    case 'bytes':
      return `${significant(value / 1_000_000, 3)} MB`;
    case 'core-seconds-per-1k-requests':
      return `${significant(value, 3)} core-s`;
  }
}

function signed(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  if (Number(fixed) === 0) return (0).toFixed(decimals);
  return value > 0 ? `+${fixed}` : fixed;
}

function decimalsFor(unit: 'pct' | 'pp'): number {
  return unit === 'pct' ? 1 : 3;
}

/** A signed effect, e.g. `+7.4 %` or `-0.020 pp`. */
export function formatEffect(value: number | null, unit: 'pct' | 'pp'): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return `${signed(value, decimalsFor(unit))} ${unit === 'pct' ? '%' : 'pp'}`;
}

/** An interval without unit, e.g. `[+4.2, +10.9]`; `[-inf, +inf]` when unbounded. */
export function formatInterval(lower: number | null, upper: number | null, unit: 'pct' | 'pp'): string {
  const d = decimalsFor(unit);
  return `[${lower === null ? '-inf' : signed(lower, d)}, ${upper === null ? '+inf' : signed(upper, d)}]`;
}

/** A threshold, e.g. `3 %` or `0.05 pp`. */
export function formatThreshold(value: number, unit: 'pct' | 'pp'): string {
  return `${value} ${unit === 'pct' ? '%' : 'pp'}`;
}

/** A p-value: three decimals, or scientific below 0.001. */
export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '-';
  if (p < 0.001) return p.toExponential(1);
  return p.toFixed(3);
}

/** A target rate, e.g. `1000 rps`. */
export function formatRps(rps: number): string {
  return `${Number.isInteger(rps) ? rps : rps.toFixed(1)} rps`;
}

/** An α for text: 3 significant digits, scientific below 0.001 (e.g. 0.0062, 2.70e-4). */
export function formatAlpha(alpha: number): string {
  return alpha >= 0.001 ? String(Number(alpha.toPrecision(3))) : alpha.toExponential(2);
}

/** A side's median, or on an invalid check what was measured, marked: `4.81 ms (invalid)`. */
export function formatSideMedian(side: SampleSummary, unit: MetricUnit): string {
  if (side.median !== null) return formatValue(side.median, unit);
  if (side.measuredMedian !== undefined && side.measuredMedian !== null) return `${formatValue(side.measuredMedian, unit)} (invalid)`;
  return '-';
}
