/**
 * The latency-vs-rate figure: pooled p50 (solid) and p99 (dashed) of every series against the
 * target rate. Pure.
 */
import { chooseScaleKind } from './chart-scale.ts';
import { type Figure, type FigureContext, formatMs, fromInvalidOnly, leftOutNote, legendFor, styleOf } from './report-figures.ts';
import { formatNumber, formatRps, usToMs } from '../report-format.ts';
import type { PooledLevel } from '../report-model.ts';
import { type LineChartSeries, renderLineChart } from './svg-line-chart.ts';

/** p50 (solid) and p99 (dashed) of every series against the target rate. */
export function latencyVsRateFigure(ctx: FigureContext): Figure | null {
  const plotted = (l: PooledLevel) => l.latency !== null && !fromInvalidOnly(l);
  const present = ctx.data.series.filter((s) => s.levels.some(plotted));
  const leftOut = leftOutNote(ctx.data.series.flatMap((s) => s.levels.filter((l) => l.latency && fromInvalidOnly(l)).map((l) => ({ label: s.label, targetRps: l.targetRps }))));
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
          l.latency && plotted(l)
            ? [
                {
                  x: l.targetRps,
                  y: usToMs(l.latency[field]),
                  marker: true,
                  tooltip: `${series.label} @ ${formatRps(l.targetRps)} (achieved ${formatNumber(l.achievedRpsMedian, { significant: 4 })} rps): ${name} = ${formatMs(usToMs(l.latency[field]))} ms`,
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
    caption: `Pooled p50 and p99 of the valid repetitions at each target rate (x). The achieved rate of each level is in the summary table and in the marker tooltips.${leftOut}`,
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
