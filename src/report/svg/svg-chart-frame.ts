/**
 * The parts every SVG chart shares: the root element with its accessible title and description,
 * the plot area, gridlines, tick labels and axis titles (with units).
 */
import type { NumericScale } from './chart-scale.ts';
import { escapeMarkup, px } from './svg-markup.ts';

/** Outer size and margins of a chart, in SVG user units (the chart scales to its container). */
export interface ChartLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_LAYOUT: ChartLayout = { width: 640, height: 340, left: 68, right: 30, top: 14, bottom: 50 };

/** For small multiples three to a row: fewer user units, so text stays readable when scaled down. */
export const COMPACT_LAYOUT: ChartLayout = { width: 460, height: 300, left: 60, right: 16, top: 14, bottom: 48 };

/** Plot-area edges of a layout. */
export function plotArea(layout: ChartLayout): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: layout.left, x1: layout.width - layout.right, y0: layout.height - layout.bottom, y1: layout.top };
}

export interface ChartRootOptions {
  id: string;
  title: string;
  description: string;
  layout: ChartLayout;
  body: string;
}

/** The `<svg>` root: role img, labelled by its `<title>` and `<desc>`. */
export function chartRoot(options: ChartRootOptions): string {
  const { id, title, description, layout, body } = options;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${escapeMarkup(id)}" viewBox="0 0 ${layout.width} ${layout.height}"`,
    ` role="img" aria-labelledby="${escapeMarkup(id)}-title ${escapeMarkup(id)}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<title id="${escapeMarkup(id)}-title">${escapeMarkup(title)}</title>`,
    `<desc id="${escapeMarkup(id)}-desc">${escapeMarkup(description)}</desc>`,
    `<rect x="0" y="0" width="${layout.width}" height="${layout.height}" fill="#ffffff"/>`,
    body,
    '</svg>',
  ].join('');
}

/** Horizontal gridlines and y tick labels. */
export function yAxisMarkup(options: { scale: NumericScale; layout: ChartLayout; label: string }): string {
  const { scale, layout, label } = options;
  const { x0, x1, y0, y1 } = plotArea(layout);
  const parts: string[] = ['<g class="axis axis-y">'];
  for (const tick of scale.ticks) {
    const y = scale.map(tick.value);
    const isZero = tick.value === 0;
    parts.push(`<line x1="${px(x0)}" x2="${px(x1)}" y1="${px(y)}" y2="${px(y)}" stroke="${isZero ? '#555555' : '#dddddd'}" stroke-width="1"/>`);
    parts.push(`<text x="${px(x0 - 6)}" y="${px(y)}" text-anchor="end" dominant-baseline="middle" fill="#333333">${escapeMarkup(tick.label)}</text>`);
  }
  const cy = (y0 + y1) / 2;
  parts.push(
    `<text class="axis-label" x="${px(16)}" y="${px(cy)}" transform="rotate(-90 ${px(16)} ${px(cy)})" text-anchor="middle" fill="#111111" font-weight="600">${escapeMarkup(label)}</text>`,
  );
  parts.push('</g>');
  return parts.join('');
}

/** The x axis line, tick marks and labels at numeric positions. */
export function xAxisMarkup(options: { scale: NumericScale; layout: ChartLayout; label: string; gridlines: boolean }): string {
  const { scale, layout, label, gridlines } = options;
  const { x0, x1, y0, y1 } = plotArea(layout);
  const parts: string[] = ['<g class="axis axis-x">'];
  parts.push(`<line x1="${px(x0)}" x2="${px(x1)}" y1="${px(y0)}" y2="${px(y0)}" stroke="#555555"/>`);
  for (const tick of scale.ticks) {
    const x = scale.map(tick.value);
    if (gridlines) parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${px(y0)}" y2="${px(y1)}" stroke="#eeeeee"/>`);
    parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${px(y0)}" y2="${px(y0 + 5)}" stroke="#555555"/>`);
    parts.push(`<text x="${px(x)}" y="${px(y0 + 18)}" text-anchor="middle" fill="#333333">${escapeMarkup(tick.label)}</text>`);
  }
  parts.push(axisTitleX({ layout, label }));
  parts.push('</g>');
  return parts.join('');
}

/** The x axis title, centred under the plot. */
export function axisTitleX(options: { layout: ChartLayout; label: string }): string {
  const { x0, x1 } = plotArea(options.layout);
  return `<text class="axis-label" x="${px((x0 + x1) / 2)}" y="${px(options.layout.height - 8)}" text-anchor="middle" fill="#111111" font-weight="600">${escapeMarkup(options.label)}</text>`;
}
