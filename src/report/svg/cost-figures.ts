/**
 * The cost figures: bar charts by target rate of data-plane vCPU per 1,000 rps, memory per proxy
 * and host CPU per 1,000 requests, each with the caption saying how it was metered. Pure.
 */
import { levelAt } from '../report-data.ts';
import { type Figure, type FigureContext, fromInvalidOnly, leftOutNote, legendFor, styleOf } from './report-figures.ts';
import { bytesToMib, formatNumber, formatRps } from '../report-format.ts';
import type { PooledLevel } from '../report-model.ts';
import { renderBarChart } from './svg-bar-chart.ts';

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
    // Levels without a valid repetition are left out (named in the caption), never drawn as data.
    const pick = (l: PooledLevel) => (fromInvalidOnly(l) ? null : metric.pick(l));
    const candidates = ctx.data.series.filter((s) => metric.includeBaselines || !s.isBaseline);
    const leftOut = leftOutNote(candidates.flatMap((s) => s.levels.filter((l) => fromInvalidOnly(l) && metric.pick(l) !== null).map((l) => ({ label: s.label, targetRps: l.targetRps }))));
    const withData = candidates.filter((s) => s.levels.some((l) => pick(l) !== null));
    const without = ctx.data.series.filter((s) => !withData.includes(s));
    const missing = without.length ? ` Not shown (nothing metered): ${without.map((s) => s.label).join(', ')}.` : '';
    return {
      id: `fig-${metric.id}`,
      title: metric.title,
      caption: `${metric.caption}${missing}${leftOut}`,
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
            return level ? pick(level) : null;
          }),
        })),
      }),
    };
  });
}
