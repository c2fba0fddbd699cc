/**
 * The report's charts as figures (SVG + legend + caption): the shape every figure builder returns
 * and the helpers they share. The builders: spectrum-figures.ts (HDR percentile spectrum per
 * level), latency-vs-rate-figure.ts, baseline-delta-figures.ts (latency added over baseline) and
 * cost-figures.ts (data-plane / host CPU cost bars). Pure.
 */
import type { SeriesStyle } from './chart-palette.ts';
import { formatNumber, formatRps } from '../report-format.ts';
import type { PooledLevel, ReportData, ReportSeries } from '../report-model.ts';

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

/** The series' assigned style (black circles if it has none). */
export function styleOf(ctx: FigureContext, series: ReportSeries): SeriesStyle {
  return ctx.styles.get(series.id) ?? FALLBACK_STYLE;
}

/** Legend entries for the series shown in a figure. */
export function legendFor(ctx: FigureContext, series: readonly ReportSeries[], kind: LegendEntry['kind']): LegendEntry[] {
  return series.map((s) => ({ seriesId: s.id, label: s.label, style: styleOf(ctx, s), kind }));
}

/** A millisecond value as shown on axes and in tooltips. */
export function formatMs(valueMs: number): string {
  return formatNumber(valueMs);
}

/** A level whose numbers come from invalid repetitions only (none was valid): never plotted as data. */
export function fromInvalidOnly(level: Pick<PooledLevel, 'pooledFrom'>): boolean {
  return level.pooledFrom === 'invalid';
}

/**
 * The caption note for what a figure left out because it had no valid repetition, or '' when
 * nothing was: `Left out: istio @ 500 rps (no valid repetition …)`.
 */
export function leftOutNote(points: readonly { label: string; targetRps: number }[]): string {
  if (points.length === 0) return '';
  const list = [...new Set(points.map((p) => `${p.label} @ ${formatRps(p.targetRps)}`))].join(', ');
  return ` Left out, because no repetition there was valid: ${list}; their measured numbers, marked invalid, are in the tables and the Validity section.`;
}
