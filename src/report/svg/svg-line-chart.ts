/**
 * Line chart as inline SVG: numeric x and y axes (linear or log), one path per series with an
 * optional dash pattern and markers; every marker carries a `<title>` so hovering shows its value
 * without any script. Series groups carry `data-series` so the report's legend can toggle them.
 */
import { type AxisTick, buildScale, type ScaleKind } from './chart-scale.ts';
import { markerMarkup, type SeriesStyle } from './chart-palette.ts';
import { type ChartLayout, chartRoot, DEFAULT_LAYOUT, plotArea, xAxisMarkup, yAxisMarkup } from './svg-chart-frame.ts';
import { escapeMarkup, px } from './svg-markup.ts';

export interface LineChartPoint {
  x: number;
  y: number;
  /** Draw a marker here (with the tooltip). */
  marker?: boolean;
  /** Hover text of the marker. */
  tooltip?: string;
}

export interface LineChartSeries {
  /** Series id shared with the legend (`data-series`). */
  seriesId: string;
  label: string;
  style: SeriesStyle;
  /** Overrides the style's dash (e.g. dashed p99 next to solid p50). */
  dash?: string;
  points: LineChartPoint[];
}

export interface LineAxisSpec {
  /** Axis title including the unit, e.g. `latency (ms)`. */
  label: string;
  scale: ScaleKind;
  format: (value: number) => string;
  /** Fixed ticks; the domain runs from the first to the last (or to `max`). */
  ticks?: AxisTick[];
  includeZero?: boolean;
  /** End of the domain when it should not stop at a tick. */
  max?: number;
}

export interface LineChartSpec {
  id: string;
  title: string;
  description: string;
  x: LineAxisSpec;
  y: LineAxisSpec;
  series: LineChartSeries[];
  layout?: ChartLayout;
}

/** Renders the chart; series without points are left out, an empty chart says so. */
export function renderLineChart(spec: LineChartSpec): string {
  const layout = spec.layout ?? DEFAULT_LAYOUT;
  const { x0, x1, y0, y1 } = plotArea(layout);
  const points = spec.series.flatMap((s) => s.points);
  if (points.length === 0) {
    return chartRoot({
      ...spec,
      layout,
      body: `<text x="${px(layout.width / 2)}" y="${px(layout.height / 2)}" text-anchor="middle" fill="#555555">no data</text>`,
    });
  }
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y).filter((y) => spec.y.scale === 'linear' || y > 0);
  const xScale = buildScale({
    kind: spec.x.scale,
    dataMin: Math.min(...xs),
    dataMax: Math.max(...xs),
    rangeStart: x0,
    rangeEnd: x1,
    format: spec.x.format,
    ticks: spec.x.ticks,
    includeZero: spec.x.includeZero,
    domainMax: spec.x.max,
    tickCount: 6,
  });
  const yScale = buildScale({
    kind: spec.y.scale,
    dataMin: Math.min(...ys),
    dataMax: Math.max(...ys),
    rangeStart: y0,
    rangeEnd: y1,
    format: spec.y.format,
    ticks: spec.y.ticks,
    includeZero: spec.y.includeZero,
    tickCount: 5,
  });
  const body: string[] = [
    yAxisMarkup({ scale: yScale, layout, label: spec.y.label }),
    xAxisMarkup({ scale: xScale, layout, label: spec.x.label, gridlines: true }),
    `<clipPath id="${escapeMarkup(spec.id)}-clip"><rect x="${px(x0)}" y="${px(y1 - 6)}" width="${px(x1 - x0 + 6)}" height="${px(y0 - y1 + 12)}"/></clipPath>`,
  ];
  for (const series of spec.series) {
    if (series.points.length === 0) continue;
    const sorted = [...series.points].sort((a, b) => a.x - b.x);
    const d = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(xScale.map(p.x))} ${px(yScale.map(p.y))}`).join('');
    const dash = series.dash ?? series.style.dash;
    body.push(`<g class="series" data-series="${escapeMarkup(series.seriesId)}" clip-path="url(#${escapeMarkup(spec.id)}-clip)">`);
    body.push(
      `<path d="${d}" fill="none" stroke="${series.style.color}" stroke-width="2" stroke-linejoin="round"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${escapeMarkup(series.label)}</title></path>`,
    );
    for (const p of sorted) {
      if (!p.marker) continue;
      const marker = markerMarkup({ shape: series.style.marker, x: xScale.map(p.x), y: yScale.map(p.y), size: 7, color: series.style.color });
      body.push(`<g class="point">${marker}<title>${escapeMarkup(p.tooltip ?? `${series.label}: ${spec.y.format(p.y)}`)}</title></g>`);
    }
    body.push('</g>');
  }
  return chartRoot({ id: spec.id, title: spec.title, description: spec.description, layout, body: body.join('') });
}
