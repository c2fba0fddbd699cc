/**
 * The report's charts as figures (SVG + legend + caption), built from the pooled data:
 * HDR percentile spectrum per level, latency vs rate, latency added over baseline, and the
 * data-plane / host CPU cost bars. Pure.
 */
import type { SeriesDelta } from './baseline-delta.ts';
import { DELTA_PERCENTILES } from './baseline-delta.ts';
import { type AxisTick, chooseScaleKind } from './chart-scale.ts';
import type { SeriesStyle } from './chart-palette.ts';
import { levelAt, type PooledLevel, type ReportData, type ReportSeries } from './report-data.ts';
import { bytesToMib, formatNumber, formatRps, usToMs } from './report-format.ts';
import { renderBarChart } from './svg-bar-chart.ts';
import { COMPACT_LAYOUT } from './svg-chart-frame.ts';
import { type LineChartSeries, renderLineChart } from './svg-line-chart.ts';

/** One legend entry: a series shown in the figure. */
export interface LegendEntry {
  seriesId: string;
  label: string;
  style: SeriesStyle;
  kind: 'line' | 'bar';
}

/** A chart ready to place in the page. */
export interface Figure {
  id: string;
  title: string;
  /** Plain-text caption: what is plotted, from which data. */
  caption: string;
  svg: string;
  legend: LegendEntry[];
  /** Extra legend text, e.g. which line style is which percentile. */
  legendNote: string | null;
  /** Small multiple: placed three to a row. */
  compact: boolean;
}

/** Inputs every figure builder needs. */
export interface FigureContext {
  data: ReportData;
  styles: Map<string, SeriesStyle>;
}

const FALLBACK_STYLE: SeriesStyle = { color: '#000000', dash: '', marker: 'circle' };

function styleOf(ctx: FigureContext, series: ReportSeries): SeriesStyle {
  return ctx.styles.get(series.id) ?? FALLBACK_STYLE;
}

function legendFor(ctx: FigureContext, series: readonly ReportSeries[], kind: LegendEntry['kind']): LegendEntry[] {
  return series.map((s) => ({ seriesId: s.id, label: s.label, style: styleOf(ctx, s), kind }));
}

function formatMs(valueMs: number): string {
  return formatNumber(valueMs);
}

/** −log10(1 − p): 0 for p0, 1 for p90, 2 for p99, 3 for p99.9 … */
export function ninesOf(percentile: number): number {
  return -Math.log10(1 - percentile / 100);
}

/** Tick label for a number of nines: 0 → `0%`, 1 → `90%`, 3 → `99.9%`. */
export function ninesLabel(nines: number): string {
  if (nines === 0) return '0%';
  const p = 100 * (1 - 10 ** -nines);
  return `${p.toFixed(Math.max(0, nines - 2))}%`;
}

/** x position of the maximum: the resolution the sample supports, log10(count) nines (1..6). */
function maxNinesOf(level: PooledLevel): number {
  return Math.min(6, Math.max(1, Math.log10(Math.max(level.latency?.count ?? 1, 1))));
}

function spectrumSeries(ctx: FigureContext, series: ReportSeries, level: PooledLevel): LineChartSeries {
  const maxNines = maxNinesOf(level);
  const invalid = level.pooledFrom === 'invalid' ? ' (invalid repetitions only)' : '';
  return {
    seriesId: series.id,
    label: `${series.label}${invalid}`,
    style: styleOf(ctx, series),
    points: level.spectrum.map((point) => {
      const isMax = point.percentile >= 100;
      const x = isMax ? maxNines : Math.min(ninesOf(point.percentile), maxNines);
      const atTick = Math.abs(x - Math.round(x)) < 1e-6;
      const name = isMax ? 'max' : `p${formatNumber(point.percentile, { significant: 7 })}`;
      return {
        x,
        y: usToMs(point.valueUs),
        marker: isMax || atTick,
        tooltip: `${series.label}${invalid} @ ${formatRps(level.targetRps)}: ${name} = ${formatMs(usToMs(point.valueUs))} ms`,
      };
    }),
  };
}

/** One HDR-style percentile spectrum per level, one line per series (pooled histogram). */
export function spectrumFigures(ctx: FigureContext): Figure[] {
  return ctx.data.levelRps.flatMap((rps, i): Figure[] => {
    const present = ctx.data.series.filter((s) => levelAt(s, rps)?.spectrum.length);
    if (present.length === 0) return [];
    const lines = present.map((s) => spectrumSeries(ctx, s, levelAt(s, rps) as PooledLevel));
    const ys = lines.flatMap((l) => l.points.map((p) => p.y));
    const scale = chooseScaleKind(Math.min(...ys), Math.max(...ys));
    // The axis ends just after the rightmost maximum, not at the next whole nine.
    const maxX = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p.x)));
    const ticks: AxisTick[] = [];
    for (let n = 0; n <= Math.floor(maxX + 1e-9); n++) ticks.push({ value: n, label: ninesLabel(n) });
    const title = `Latency by percentile at ${formatRps(rps)}`;
    return [
      {
        id: `fig-spectrum-${i}`,
        title,
        caption:
          'Pooled latency (merged HDR histograms of the valid repetitions), from the intended send time. ' +
          'x: percentile on a −log10(1 − p) axis, so each step is one more "nine"; the last marker is the maximum. Hover a marker for its value.',
        legend: legendFor(ctx, present, 'line'),
        legendNote: null,
        compact: false,
        svg: renderLineChart({
          id: `chart-spectrum-${i}`,
          title,
          description: `Latency percentile spectrum at a target rate of ${formatRps(rps)} for ${present.map((s) => s.label).join(', ')}.`,
          x: { label: 'percentile', scale: 'linear', format: (v) => ninesLabel(v), ticks, max: maxX + 0.15 },
          y: { label: scale === 'log' ? 'latency (ms, log scale)' : 'latency (ms)', scale, format: formatMs, includeZero: true },
          series: lines,
        }),
      },
    ];
  });
}

/** p50 (solid) and p99 (dashed) of every series against the target rate. */
export function latencyVsRateFigure(ctx: FigureContext): Figure | null {
  const present = ctx.data.series.filter((s) => s.levels.some((l) => l.latency));
  if (present.length === 0) return null;
  const lines: LineChartSeries[] = [];
  for (const series of present) {
    for (const [field, name, dash] of [
      ['p50Us', 'p50', ''],
      ['p99Us', 'p99', '6 4'],
    ] as const) {
      lines.push({
        seriesId: series.id,
        label: `${series.label} ${name}`,
        style: styleOf(ctx, series),
        dash,
        points: series.levels.flatMap((l) =>
          l.latency
            ? [
                {
                  x: l.targetRps,
                  y: usToMs(l.latency[field]),
                  marker: true,
                  tooltip: `${series.label} @ ${formatRps(l.targetRps)} (achieved ${formatNumber(l.achievedRpsMedian, { significant: 4 })} rps): ${name} = ${formatMs(usToMs(l.latency[field]))} ms${l.pooledFrom === 'invalid' ? ' (invalid repetitions only)' : ''}`,
                },
              ]
            : [],
        ),
      });
    }
  }
  const ys = lines.flatMap((l) => l.points.map((p) => p.y));
  const scale = chooseScaleKind(Math.min(...ys), Math.max(...ys));
  const title = 'Latency vs rate (p50 and p99)';
  return {
    id: 'fig-latency-vs-rate',
    title,
    caption: 'Pooled p50 and p99 at each target rate (x). The achieved rate of each level is in the summary table and in the marker tooltips.',
    legend: legendFor(ctx, present, 'line'),
    legendNote: 'solid line = p50, dashed line = p99',
    compact: false,
    svg: renderLineChart({
      id: 'chart-latency-vs-rate',
      title,
      description: `Pooled p50 and p99 latency against target rate for ${present.map((s) => s.label).join(', ')}.`,
      x: { label: 'target rate (requests/s)', scale: 'linear', format: (v) => formatNumber(v, { significant: 4 }), includeZero: true },
      y: { label: scale === 'log' ? 'latency (ms, log scale)' : 'latency (ms)', scale, format: formatMs, includeZero: true },
      series: lines,
    }),
  };
}

/** Grouped bars of latency added over the baseline, one chart per level. */
export function baselineDeltaFigures(ctx: FigureContext, deltas: readonly SeriesDelta[]): Figure[] {
  return ctx.data.levelRps.flatMap((rps, i): Figure[] => {
    const rows = deltas.flatMap((d) => {
      const level = d.levels.find((l) => l.targetRps === rps);
      return level ? [{ delta: d, level }] : [];
    });
    if (rows.length === 0) return [];
    const baselines = [...new Set(rows.map((r) => r.delta.baseline.label))];
    const title = `Latency added over baseline at ${formatRps(rps)}`;
    return [
      {
        id: `fig-delta-${i}`,
        title,
        caption: `Pooled percentile of each target minus that of ${baselines.join(' / ')} at the same target rate. Bars below zero mean the target measured faster than the baseline (noise at this resolution).`,
        legend: legendFor(
          ctx,
          rows.map((r) => r.delta.series),
          'bar',
        ),
        legendNote: null,
        compact: true,
        svg: renderBarChart({
          id: `chart-delta-${i}`,
          layout: COMPACT_LAYOUT,
          title,
          description: `Latency added over the no-mesh baseline at p50, p90, p99 and p99.9 at ${formatRps(rps)}.`,
          categories: DELTA_PERCENTILES.map((p) => p.label),
          categoryLabel: 'percentile',
          valueLabel: 'latency added (ms)',
          format: formatMs,
          series: rows.map(({ delta, level }) => ({
            seriesId: delta.series.id,
            label: delta.series.label,
            style: styleOf(ctx, delta.series),
            values: DELTA_PERCENTILES.map((p) => {
              const found = level.deltas.find((x) => x.percentile === p.label);
              return found ? usToMs(found.addedUs) : null;
            }),
          })),
        }),
      },
    ];
  });
}

interface CostMetric {
  id: string;
  title: string;
  valueLabel: string;
  caption: string;
  pick: (level: PooledLevel) => number | null;
  /** Include baselines (host CPU) or only meshes (data-plane numbers). */
  includeBaselines: boolean;
}

const COST_METRICS: readonly CostMetric[] = [
  {
    id: 'dp-vcpu',
    title: 'Data-plane vCPU per 1,000 rps',
    valueLabel: 'vCPU per 1,000 rps',
    caption:
      'Median over repetitions of the summed CPU of all data-plane components (sidecars, ztunnel, waypoints, agents) from cumulative counters, divided by the achieved rate.',
    pick: (l) => l.dataPlaneVcpuPer1kRpsMedian,
    includeBaselines: false,
  },
  {
    id: 'dp-memory',
    title: 'Memory per proxy',
    valueLabel: 'memory per proxy (MiB)',
    caption: 'Median over repetitions of the average working set (or RSS) per data-plane instance, sampled through the measured window.',
    pick: (l) => (l.dataPlaneMemoryPerInstanceBytesMedian === null ? null : bytesToMib(l.dataPlaneMemoryPerInstanceBytesMedian)),
    includeBaselines: false,
  },
  {
    id: 'host-cpu',
    title: 'Host CPU per 1,000 requests',
    valueLabel: 'host core-seconds per 1,000 requests',
    caption:
      'Median over repetitions of the whole host’s busy CPU time per 1,000 completed requests: includes eBPF and kernel work charged to no container, so it is the fair cross-mesh cost. Compare with the baseline.',
    pick: (l) => l.hostCoreSecondsPer1kRequestsMedian,
    includeBaselines: true,
  },
];

/** Bar charts of data-plane vCPU per 1k rps, memory per proxy and host CPU per 1k requests. */
export function costFigures(ctx: FigureContext): Figure[] {
  const categories = ctx.data.levelRps.map((rps) => formatRps(rps));
  return COST_METRICS.map((metric): Figure => {
    const candidates = ctx.data.series.filter((s) => metric.includeBaselines || !s.isBaseline);
    const withData = candidates.filter((s) => s.levels.some((l) => metric.pick(l) !== null));
    const without = ctx.data.series.filter((s) => !withData.includes(s));
    const missing = without.length ? ` Not shown (nothing metered): ${without.map((s) => s.label).join(', ')}.` : '';
    return {
      id: `fig-${metric.id}`,
      title: metric.title,
      caption: `${metric.caption}${missing}`,
      legend: legendFor(ctx, withData, 'bar'),
      legendNote: null,
      compact: false,
      svg: renderBarChart({
        id: `chart-${metric.id}`,
        title: metric.title,
        description: `${metric.title} by target rate for ${withData.map((s) => s.label).join(', ') || 'no target'}.`,
        categories,
        categoryLabel: 'target rate',
        valueLabel: metric.valueLabel,
        format: (v) => formatNumber(v),
        series: withData.map((s) => ({
          seriesId: s.id,
          label: s.label,
          style: styleOf(ctx, s),
          values: ctx.data.levelRps.map((rps) => {
            const level = levelAt(s, rps);
            return level ? metric.pick(level) : null;
          }),
        })),
      }),
    };
  });
}
