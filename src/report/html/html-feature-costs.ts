/**
 * The "cost of features" table (feature-costs.ts): one row per feature, target and rate, with the
 * added p50/p99 latency, data-plane vCPU per 1,000 rps and memory per proxy, each as estimate and
 * interval. Pure.
 */
import type { CostEstimate, FeatureCost } from '../feature-costs.ts';
import { FEATURE_COST_CONFIDENCE } from '../feature-costs.ts';
import { formatNumber, formatRps, formatSigned, usToMs } from '../report-format.ts';
import { escapeMarkup } from '../svg/svg-markup.ts';
import { renderTable, type TableCell } from './html-table.ts';

/** `+0.41 [+0.30, +0.52]`; an unbounded interval says why. */
export function formatCost(estimate: CostEstimate | null, scale: (v: number) => number = (v) => v): TableCell {
  if (!estimate) return '–';
  const e = formatSigned(scale(estimate.estimate));
  if (estimate.lower === null || estimate.upper === null) return { html: `${escapeMarkup(e)} <small title="too few pairs for an interval">[no interval]</small>` };
  return `${e} [${formatSigned(scale(estimate.lower))}, ${formatSigned(scale(estimate.upper))}]`;
}

/** The table. */
export function featureCostTable(costs: readonly FeatureCost[]): string {
  const level = `${Math.round(FEATURE_COST_CONFIDENCE * 100)} %`;
  const ms = (us: number) => usToMs(us);
  return renderTable({
    className: 'feature-costs',
    caption: `Cost of features: feature on minus features off, paired Hodges-Lehmann estimate [${level} interval]`,
    columns: [
      { header: 'feature', hint: 'the feature switched on in this arm, with its setting' },
      { header: 'target' },
      { header: 'rate', numeric: true },
      { header: 'pairs', numeric: true, hint: 'pairs of valid windows (this arm and the features-off arm, measured next to each other)' },
      { header: 'added p50 (ms)', numeric: true },
      { header: 'added p99 (ms)', numeric: true },
      { header: 'added vCPU / 1k rps', numeric: true, hint: 'summed data-plane CPU per 1,000 rps' },
      { header: 'added MiB / proxy', numeric: true, hint: 'average memory per data-plane instance' },
      { header: 'features-off p99 (ms)', numeric: true, hint: 'median of the reference arm, for scale' },
    ],
    rows: costs.map((c) => [
      { html: `<strong>${escapeMarkup(c.feature)}</strong><br><small>${escapeMarkup(c.setting)}</small>` },
      c.targetName,
      formatRps(c.targetRps),
      String(c.pairs),
      formatCost(c.p50Us, ms),
      formatCost(c.p99Us, ms),
      formatCost(c.vcpuPer1kRps),
      formatCost(c.memoryPerProxyMib),
      c.p99Us ? formatNumber(usToMs(c.p99Us.referenceMedian)) : '–',
    ]),
  });
}
