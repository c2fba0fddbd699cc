/**
 * The cost-of-features charts (feature-costs.ts): added p50 and p99 latency, added data-plane vCPU
 * per 1,000 rps and added memory per proxy, one bar per feature (and target and rate when the
 * report holds several), each with its paired Hodges-Lehmann interval as a whisker. Pure.
 */
import type { CostEstimate, FeatureCost } from '../feature-costs.ts';
import { FEATURE_COST_CONFIDENCE } from '../feature-costs.ts';
import { formatNumber, formatRps, usToMs } from '../report-format.ts';
import type { SeriesStyle } from './chart-palette.ts';
import { OKABE_ITO_COLORS } from './chart-palette.ts';
import type { Figure } from './report-figures.ts';
import { type BarChartSeries, renderBarChart } from './svg-bar-chart.ts';

/** Pseudo-series of these charts (their own legend toggles). */
export const FEATURE_COST_SERIES: ReadonlyArray<{ id: string; label: string; style: SeriesStyle }> = [
  { id: 'fc-p50', label: 'added p50', style: { color: OKABE_ITO_COLORS[0], dash: '', marker: 'square' } },
  { id: 'fc-p99', label: 'added p99', style: { color: OKABE_ITO_COLORS[1], dash: '', marker: 'triangle' } },
  { id: 'fc-cost', label: 'added cost', style: { color: OKABE_ITO_COLORS[2], dash: '', marker: 'diamond' } },
];

/** Category names: the feature, with target and rate only where the report needs them apart. */
export function featureCostCategories(costs: readonly FeatureCost[]): string[] {
  const targets = new Set(costs.map((c) => c.targetName)).size;
  const rates = new Set(costs.map((c) => c.targetRps)).size;
  return costs.map((c) => [c.feature, ...(targets > 1 ? [c.targetName] : []), ...(rates > 1 ? [formatRps(c.targetRps)] : [])].join(' · '));
}

function seriesOf(options: { id: string; costs: readonly FeatureCost[]; pick: (c: FeatureCost) => CostEstimate | null; scale: (v: number) => number }): BarChartSeries {
  const meta = FEATURE_COST_SERIES.find((s) => s.id === options.id) ?? (FEATURE_COST_SERIES[0] as (typeof FEATURE_COST_SERIES)[number]);
  const { scale } = options;
  return {
    seriesId: meta.id,
    label: meta.label,
    style: meta.style,
    values: options.costs.map((c) => {
      const e = options.pick(c);
      return e ? scale(e.estimate) : null;
    }),
    intervals: options.costs.map((c) => {
      const e = options.pick(c);
      return e ? { lower: e.lower === null ? null : scale(e.lower), upper: e.upper === null ? null : scale(e.upper) } : null;
    }),
  };
}

const INTERVAL_NOTE = `Bars: paired Hodges-Lehmann estimate of (feature on − features off) over windows measured next to each other (ABBA); whiskers: its distribution-free ${Math.round(FEATURE_COST_CONFIDENCE * 100)} % interval (none with too few pairs).`;

/** The charts; none when the inputs hold no feature matrix. */
export function featureCostFigures(costs: readonly FeatureCost[]): Figure[] {
  if (costs.length === 0) return [];
  const categories = featureCostCategories(costs);
  const legendOf = (ids: string[]) =>
    FEATURE_COST_SERIES.filter((s) => ids.includes(s.id)).map((s) => ({ seriesId: s.id, label: s.label, style: s.style, kind: 'bar' as const }));
  const figure = (options: { id: string; title: string; valueLabel: string; series: BarChartSeries[]; caption: string }): Figure => ({
    id: `fig-${options.id}`,
    title: options.title,
    caption: `${options.caption} ${INTERVAL_NOTE}`,
    legend: legendOf(options.series.map((s) => s.seriesId)),
    legendNote: null,
    compact: false,
    svg: renderBarChart({
      id: `chart-${options.id}`,
      title: options.title,
      description: `${options.title} for ${categories.join(', ')}.`,
      categories,
      categoryLabel: 'feature switched on',
      valueLabel: options.valueLabel,
      format: (v) => formatNumber(v),
      series: options.series,
    }),
  });
  const ms = (us: number) => usToMs(us);
  const same = (v: number) => v;
  return [
    figure({
      id: 'feature-latency',
      title: 'Latency added by each feature',
      valueLabel: 'added latency (ms)',
      caption: 'Added p50 and p99 latency from the intended send time, per repetition pair.',
      series: [seriesOf({ id: 'fc-p50', costs, pick: (c) => c.p50Us, scale: ms }), seriesOf({ id: 'fc-p99', costs, pick: (c) => c.p99Us, scale: ms })],
    }),
    figure({
      id: 'feature-vcpu',
      title: 'Data-plane vCPU per 1,000 rps added by each feature',
      valueLabel: 'added vCPU per 1,000 rps',
      caption: 'Summed CPU of the data-plane components from cumulative counters over each window, divided by the achieved rate.',
      series: [seriesOf({ id: 'fc-cost', costs, pick: (c) => c.vcpuPer1kRps, scale: same })],
    }),
    figure({
      id: 'feature-memory',
      title: 'Memory per proxy added by each feature',
      valueLabel: 'added MiB per proxy',
      caption: 'Average resident memory per data-plane instance, sampled through each window.',
      series: [seriesOf({ id: 'fc-cost', costs, pick: (c) => c.memoryPerProxyMib, scale: same })],
    }),
  ];
}
