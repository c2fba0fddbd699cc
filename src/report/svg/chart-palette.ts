/**
 * Series styles for the charts: the Okabe–Ito colour-blind-safe palette (without its yellow, which
 * is unreadable on white), with dash patterns and marker shapes as a second cue so that no series
 * is told apart by colour alone. The no-mesh baseline is always black and solid.
 */

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';

/** How one series is drawn in every chart of the report. */
export interface SeriesStyle {
  color: string;
  /** SVG stroke-dasharray; empty for solid. */
  dash: string;
  marker: MarkerShape;
}

/** Okabe & Ito (2008) colours, ordered for contrast on a white background. */
export const OKABE_ITO_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;
const BASELINE_COLOR = '#000000';
const DASHES = ['', '7 3', '2 3', '9 3 2 3'] as const;
const MARKERS: readonly MarkerShape[] = ['square', 'triangle', 'diamond', 'cross', 'circle'];

/** Styles for series in report order; baselines get black with circles. */
export function assignSeriesStyles(series: readonly { id: string; isBaseline: boolean }[]): Map<string, SeriesStyle> {
  const styles = new Map<string, SeriesStyle>();
  let meshIndex = 0;
  let baselineIndex = 0;
  for (const s of series) {
    if (s.isBaseline) {
      styles.set(s.id, { color: BASELINE_COLOR, dash: DASHES[baselineIndex % DASHES.length] ?? '', marker: 'circle' });
      baselineIndex++;
      continue;
    }
    const color = OKABE_ITO_COLORS[meshIndex % OKABE_ITO_COLORS.length] ?? BASELINE_COLOR;
    const dash = DASHES[Math.floor(meshIndex / OKABE_ITO_COLORS.length) % DASHES.length] ?? '';
    styles.set(s.id, { color, dash, marker: MARKERS[meshIndex % MARKERS.length] ?? 'square' });
    meshIndex++;
  }
  return styles;
}

/** SVG markup of a marker centred on (x, y). */
export function markerMarkup(options: { shape: MarkerShape; x: number; y: number; size: number; color: string }): string {
  const { shape, x, y, size, color } = options;
  const r = size / 2;
  const f = (n: number) => String(Math.round(n * 10) / 10);
  switch (shape) {
    case 'circle':
      return `<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="${color}"/>`;
    case 'square':
      return `<rect x="${f(x - r)}" y="${f(y - r)}" width="${f(size)}" height="${f(size)}" fill="${color}"/>`;
    case 'triangle':
      return `<path d="M${f(x)} ${f(y - r * 1.15)}L${f(x + r * 1.15)} ${f(y + r * 0.85)}L${f(x - r * 1.15)} ${f(y + r * 0.85)}Z" fill="${color}"/>`;
    case 'diamond':
      return `<path d="M${f(x)} ${f(y - r * 1.3)}L${f(x + r * 1.1)} ${f(y)}L${f(x)} ${f(y + r * 1.3)}L${f(x - r * 1.1)} ${f(y)}Z" fill="${color}"/>`;
    case 'cross':
      return `<path d="M${f(x - r)} ${f(y - r)}L${f(x + r)} ${f(y + r)}M${f(x + r)} ${f(y - r)}L${f(x - r)} ${f(y + r)}" stroke="${color}" stroke-width="2" fill="none"/>`;
  }
}
