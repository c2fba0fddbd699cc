/**
 * The baseline-delta figures: grouped bars of the latency each target adds over the no-mesh
 * baseline at p50, p90, p99 and p99.9, one small chart per level. Pure.
 */
import type { SeriesDelta } from '../baseline-delta.ts';
import { DELTA_PERCENTILES } from '../baseline-delta.ts';
import { type Figure, type FigureContext, formatMs, leftOutNote, legendFor, styleOf } from './report-figures.ts';
import { formatRps, usToMs } from '../report-format.ts';
import { renderBarChart } from './svg-bar-chart.ts';
import { COMPACT_LAYOUT } from './svg-chart-frame.ts';

/** Grouped bars of latency added over the baseline, one chart per level. */
export function baselineDeltaFigures(ctx: FigureContext, deltas: readonly SeriesDelta[]): Figure[] {
  return ctx.data.levelRps.flatMap((rps, i): Figure[] => {
    const found = deltas.flatMap((d) => {
      const level = d.levels.find((l) => l.targetRps === rps);
      return level ? [{ delta: d, level }] : [];
    });
    // A delta with either side from invalid repetitions only is not plotted (named in the caption).
    const rows = found.filter((r) => !r.level.fromInvalid);
    const leftOut = leftOutNote(found.filter((r) => r.level.fromInvalid).map((r) => ({ label: r.delta.series.label, targetRps: rps })));
    if (rows.length === 0) return [];
    const baselines = [...new Set(rows.map((r) => r.delta.baseline.label))];
    const title = `Latency added over baseline at ${formatRps(rps)}`;
    return [
      {
        id: `fig-delta-${i}`,
        title,
        caption: `Pooled percentile of each target minus that of ${baselines.join(' / ')} at the same target rate. Bars below zero mean the target measured faster than the baseline (noise at this resolution).${leftOut}`,
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
