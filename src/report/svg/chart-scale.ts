/**
 * Axis scales for the SVG charts: linear with "nice" 1-2-5 ticks, or logarithmic with 1-2-5 ticks
 * per decade, mapping data values to pixels. Pure.
 */

export type ScaleKind = 'linear' | 'log';

export interface AxisTick {
  value: number;
  label: string;
}

/** A data → pixel mapping with its ticks. */
export interface NumericScale {
  kind: ScaleKind;
  domainMin: number;
  domainMax: number;
  ticks: AxisTick[];
  /** Pixel position of a data value (clamped into the domain for log scales). */
  map(value: number): number;
}

export interface ScaleOptions {
  kind: ScaleKind;
  /** Smallest and largest data value to show. */
  dataMin: number;
  dataMax: number;
  /** Pixel range, e.g. [bottom, top] for a y axis. */
  rangeStart: number;
  rangeEnd: number;
  /** Label for a tick value. */
  format: (value: number) => string;
  /** Fixed ticks (and domain from the first to the last) instead of computed ones. */
  ticks?: AxisTick[] | undefined;
  /** Roughly how many ticks a linear axis should get. */
  tickCount?: number | undefined;
  /** Force the linear domain to include 0 (bars and latency axes). */
  includeZero?: boolean | undefined;
  /** Ends the domain here instead of at the last tick (ticks beyond it are dropped). */
  domainMax?: number | undefined;
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** Nice linear ticks covering [min, max], about `count` of them. */
export function niceLinearTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return niceLinearTicks(min - (min === 0 ? 0 : pad), max + pad, count);
  }
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = (NICE_STEPS.find((s) => s * magnitude >= raw) ?? 10) * magnitude;
  const start = Math.floor(min / step + 1e-9) * step;
  const end = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  return ticks.map((t) => Number(t.toPrecision(12)));
}

/** 1-2-5 ticks per decade covering [min, max] (min > 0); decades only when that would be too many. */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const all: number[] = [];
  for (let d = lo; d <= hi; d++) for (const m of [1, 2, 5]) all.push(Number((m * 10 ** d).toPrecision(12)));
  const first = [...all].reverse().find((t) => t <= min) ?? all[0] ?? min;
  const last = all.find((t) => t >= max) ?? all[all.length - 1] ?? max;
  const inRange = all.filter((t) => t >= first && t <= last);
  if (inRange.length <= 10) return inRange;
  const decades: number[] = [];
  for (let d = Math.floor(Math.log10(min)); d <= Math.ceil(Math.log10(max)); d++) decades.push(Number((10 ** d).toPrecision(12)));
  return decades;
}

/** Builds a scale; a log scale needs positive data. */
export function buildScale(options: ScaleOptions): NumericScale {
  const { kind, rangeStart, rangeEnd, format } = options;
  let values: number[];
  if (options.ticks && options.ticks.length >= 2) {
    values = options.ticks.map((t) => t.value);
  } else if (kind === 'log') {
    values = logTicks(Math.max(options.dataMin, Number.MIN_VALUE), Math.max(options.dataMax, options.dataMin));
  } else {
    const min = options.includeZero ? Math.min(0, options.dataMin) : options.dataMin;
    const max = options.includeZero ? Math.max(0, options.dataMax) : options.dataMax;
    values = niceLinearTicks(min, max, options.tickCount ?? 5);
  }
  const domainMin = values[0] ?? 0;
  const domainMax = options.domainMax !== undefined && options.domainMax > domainMin ? options.domainMax : (values[values.length - 1] ?? 1);
  const allTicks = options.ticks && options.ticks.length >= 2 ? options.ticks : values.map((value) => ({ value, label: format(value) }));
  const ticks = allTicks.filter((t) => t.value <= domainMax + 1e-9);
  const span = rangeEnd - rangeStart;
  const map =
    kind === 'log'
      ? (value: number) => {
          const v = Math.min(Math.max(value, domainMin), domainMax);
          const t = (Math.log10(v) - Math.log10(domainMin)) / (Math.log10(domainMax) - Math.log10(domainMin) || 1);
          return rangeStart + t * span;
        }
      : (value: number) => rangeStart + ((value - domainMin) / (domainMax - domainMin || 1)) * span;
  return { kind, domainMin, domainMax, ticks, map };
}

/** Log scale when the data spans more than `ratio` (default 30×), else linear. */
export function chooseScaleKind(dataMin: number, dataMax: number, ratio = 30): ScaleKind {
  return dataMin > 0 && dataMax / dataMin > ratio ? 'log' : 'linear';
}
