/**
 * The HDR-style percentile spectrum figures: one chart per level, one line per series, latency
 * (pooled histogram) against the percentile on a −log10(1 − p) axis. Pure.
 */
import { type AxisTick, chooseScaleKind } from './chart-scale.ts';
import { levelAt } from '../report-data.ts';
import { type Figure, type FigureContext, formatMs, fromInvalidOnly, leftOutNote, legendFor, styleOf } from './report-figures.ts';
import { formatNumber, formatRps, usToMs } from '../report-format.ts';
import type { PooledLevel, ReportSeries } from '../report-model.ts';
import { type LineChartSeries, renderLineChart } from './svg-line-chart.ts';

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
  return {
    seriesId: series.id,
    label: series.label,
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
        tooltip: `${series.label} @ ${formatRps(level.targetRps)}: ${name} = ${formatMs(usToMs(point.valueUs))} ms`,
      };
    }),
  };
}

/** One HDR-style percentile spectrum per level, one line per series (pooled histogram). */
export function spectrumFigures(ctx: FigureContext): Figure[] {
  return ctx.data.levelRps.flatMap((rps, i): Figure[] => {
    const measured = ctx.data.series.filter((s) => levelAt(s, rps)?.spectrum.length);
    const present = measured.filter((s) => !fromInvalidOnly(levelAt(s, rps) as PooledLevel));
    const leftOut = leftOutNote(measured.filter((s) => !present.includes(s)).map((s) => ({ label: s.label, targetRps: rps })));
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
          `x: percentile on a −log10(1 − p) axis, so each step is one more "nine"; the last marker is the maximum. Hover a marker for its value.${leftOut}`,
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
