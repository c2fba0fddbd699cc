/**
 * Grouped bar chart as inline SVG: one group per category (e.g. a rate level or a percentile),
 * one bar per series, negative values below the zero line, value labels where bars are wide
 * enough, and a `<title>` tooltip on every bar. Missing values are marked "n/a". A series may
 * carry an interval per bar (e.g. a confidence interval), drawn as a whisker with caps.
 */
import { buildScale } from './chart-scale.ts';
import type { SeriesStyle } from './chart-palette.ts';
import { axisTitleX, type ChartLayout, chartRoot, DEFAULT_LAYOUT, plotArea, yAxisMarkup } from './svg-chart-frame.ts';
import { escapeMarkup, px } from './svg-markup.ts';

export interface BarChartSeries {
  seriesId: string;
  label: string;
  style: SeriesStyle;
  /** One value per category; null = not measured / not applicable. */
  values: (number | null)[];
  /** Optional interval per category (either bound null = unbounded, not drawn). */
  intervals?: ({ lower: number | null; upper: number | null } | null)[] | undefined;
}

export interface BarChartSpec {
  id: string;
  title: string;
  description: string;
  categories: string[];
  /** Title of the category axis, e.g. `target rate`. */
  categoryLabel: string;
  /** Title of the value axis including the unit. */
  valueLabel: string;
  format: (value: number) => string;
  series: BarChartSeries[];
  layout?: ChartLayout;
}

const MAX_BAR_WIDTH = 46;
const VALUE_LABEL_MIN_BAR_WIDTH = 26;

/** Renders the chart; an empty chart (no series or no values) says so. */
export function renderBarChart(spec: BarChartSpec): string {
  const layout = spec.layout ?? DEFAULT_LAYOUT;
  const { x0, x1, y0, y1 } = plotArea(layout);
  const values = spec.series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const bounds = spec.series
    .flatMap((s) => (s.intervals ?? []).flatMap((i) => (i ? [i.lower, i.upper] : [])))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0 || spec.categories.length === 0) {
    return chartRoot({
      ...spec,
      layout,
      body: `<text x="${px(layout.width / 2)}" y="${px(layout.height / 2)}" text-anchor="middle" fill="#555555">no data</text>`,
    });
  }
  // Leave headroom above the tallest bar for its value label.
  const scale = buildScale({
    kind: 'linear',
    dataMin: Math.min(0, ...values, ...bounds),
    dataMax: Math.max(0, ...values, ...bounds) * 1.08,
    rangeStart: y0,
    rangeEnd: y1,
    format: spec.format,
    includeZero: true,
    tickCount: 5,
  });
  const zeroY = scale.map(0);
  const groupWidth = (x1 - x0) / spec.categories.length;
  const barCount = Math.max(1, spec.series.length);
  const barWidth = Math.min(MAX_BAR_WIDTH, (groupWidth * 0.8) / barCount);
  const body: string[] = [yAxisMarkup({ scale, layout, label: spec.valueLabel })];
  body.push(`<line x1="${px(x0)}" x2="${px(x1)}" y1="${px(y0)}" y2="${px(y0)}" stroke="#555555"/>`);
  spec.categories.forEach((category, c) => {
    const cx = x0 + groupWidth * (c + 0.5);
    body.push(`<text x="${px(cx)}" y="${px(y0 + 18)}" text-anchor="middle" fill="#333333">${escapeMarkup(category)}</text>`);
  });
  spec.series.forEach((series, s) => {
    body.push(`<g class="series" data-series="${escapeMarkup(series.seriesId)}">`);
    spec.categories.forEach((category, c) => {
      const left = x0 + groupWidth * (c + 0.5) - (barWidth * barCount) / 2 + barWidth * s;
      const centre = left + barWidth / 2;
      const value = series.values[c] ?? null;
      if (value === null || !Number.isFinite(value)) {
        if (barWidth >= 14) {
          body.push(
            `<text x="${px(centre)}" y="${px(zeroY - 4)}" text-anchor="middle" font-size="10" fill="#666666">n/a<title>${escapeMarkup(`${series.label}, ${category}: not applicable or not measured`)}</title></text>`,
          );
        }
        return;
      }
      const y = scale.map(value);
      const top = Math.min(y, zeroY);
      const height = Math.max(Math.abs(zeroY - y), 1);
      const interval = series.intervals?.[c] ?? null;
      const hasInterval = interval !== null && interval.lower !== null && interval.upper !== null;
      const intervalText = hasInterval ? ` [${spec.format(interval.lower as number)}, ${spec.format(interval.upper as number)}]` : '';
      const tooltip = `${series.label}, ${category}: ${spec.format(value)}${intervalText}`;
      body.push(
        `<rect x="${px(left + 1)}" y="${px(top)}" width="${px(Math.max(barWidth - 2, 1))}" height="${px(height)}" fill="${series.style.color}"><title>${escapeMarkup(tooltip)}</title></rect>`,
      );
      if (hasInterval) {
        const yLow = scale.map(interval.lower as number);
        const yHigh = scale.map(interval.upper as number);
        const cap = Math.min(8, barWidth / 3);
        body.push(
          `<path class="interval" d="M${px(centre)} ${px(yLow)}V${px(yHigh)}M${px(centre - cap)} ${px(yLow)}H${px(centre + cap)}M${px(centre - cap)} ${px(yHigh)}H${px(centre + cap)}" stroke="#222222" stroke-width="1.2" fill="none"><title>${escapeMarkup(tooltip)}</title></path>`,
        );
      }
      if (barWidth >= VALUE_LABEL_MIN_BAR_WIDTH) {
        const above = hasInterval ? Math.min(top, scale.map(Math.max(interval.lower as number, interval.upper as number))) : top;
        const labelY = value >= 0 ? above - 4 : top + height + 12;
        body.push(`<text x="${px(centre)}" y="${px(labelY)}" text-anchor="middle" font-size="10" fill="#222222">${escapeMarkup(spec.format(value))}</text>`);
      }
    });
    body.push('</g>');
  });
  body.push(axisTitleX({ layout, label: spec.categoryLabel }));
  return chartRoot({ id: spec.id, title: spec.title, description: spec.description, layout, body: body.join('') });
}
