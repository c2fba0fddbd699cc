/**
 * The mesh-size charts (mesh-size.ts): memory per proxy, control-plane vCPU and control-plane
 * memory against the number of idle Services, one line per target (and platform and rate where
 * the report holds several). A chart with nothing to plot (no control plane metered, as on the
 * local platform) is left out. Pure.
 */
import type { MeshSizePoint } from '../mesh-size.ts';
import { formatNumber, formatRps } from '../report-format.ts';
import { type MarkerShape, OKABE_ITO_COLORS } from './chart-palette.ts';
import type { Figure } from './report-figures.ts';
import { type LineChartSeries, renderLineChart } from './svg-line-chart.ts';

const MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross'];

/** One line per target, platform and rate; the label names platform and rate only where needed. */
function linesOf(points: readonly MeshSizePoint[]): Array<{ id: string; label: string; points: MeshSizePoint[] }> {
  const platforms = new Set(points.map((p) => p.platform)).size;
  const rates = new Set(points.map((p) => p.targetRps)).size;
  const lines = new Map<string, { id: string; label: string; points: MeshSizePoint[] }>();
  for (const p of points) {
    const key = JSON.stringify([p.targetName, p.platform, p.targetRps]);
    const line = lines.get(key) ?? {
      id: `ms-${lines.size}`,
      label: [p.targetName, ...(platforms > 1 ? [p.platform] : []), ...(rates > 1 ? [formatRps(p.targetRps)] : [])].join(' · '),
      points: [],
    };
    line.points.push(p);
    lines.set(key, line);
  }
  return [...lines.values()];
}

/** The charts; none when there is no curve. */
export function meshSizeFigures(points: readonly MeshSizePoint[]): Figure[] {
  if (points.length === 0) return [];
  const lines = linesOf(points);
  const style = (i: number) => ({ color: OKABE_ITO_COLORS[i % OKABE_ITO_COLORS.length] as string, dash: '', marker: MARKERS[i % MARKERS.length] as MarkerShape });
  const figure = (options: { id: string; title: string; yLabel: string; pick: (p: MeshSizePoint) => number | null; caption: string }): Figure | null => {
    const series: LineChartSeries[] = lines
      .map((line, i) => ({
        seriesId: line.id,
        label: line.label,
        style: style(i),
        points: line.points.flatMap((p) => {
          const y = options.pick(p);
          return y === null ? [] : [{ x: p.idleServices, y, marker: true, tooltip: `${line.label}: ${p.idleServices} idle services → ${formatNumber(y)} ${options.yLabel}` }];
        }),
      }))
      .filter((s) => s.points.length > 0);
    if (series.length === 0) return null;
    return {
      id: `fig-${options.id}`,
      title: options.title,
      caption: options.caption,
      legend: series.map((s) => ({ seriesId: s.seriesId, label: s.label, style: s.style, kind: 'line' as const })),
      legendNote: null,
      compact: false,
      svg: renderLineChart({
        id: `chart-${options.id}`,
        title: options.title,
        description: `${options.title} for ${series.map((s) => s.label).join(', ')}.`,
        x: { label: 'idle services added', scale: 'linear', format: (v) => formatNumber(v), includeZero: true },
        y: { label: options.yLabel, scale: 'linear', format: (v) => formatNumber(v), includeZero: true },
        series,
      }),
    };
  };
  return [
    figure({
      id: 'mesh-size-proxy-memory',
      title: 'Memory per proxy against mesh size',
      yLabel: 'MiB per proxy',
      pick: (p) => p.proxyMemoryMib,
      caption: 'Average memory per data-plane instance over each measured window, median over the valid windows, against the idle Services the run added. On the local platform the idle Services are idle haproxy backends (an emulation).',
    }),
    figure({
      id: 'mesh-size-cp-vcpu',
      title: 'Control-plane CPU against mesh size',
      yLabel: 'vCPU',
      pick: (p) => p.controlPlaneVcpu,
      caption: 'Summed CPU of the mesh control-plane containers (istiod, linkerd-destination, cilium-operator) from cumulative counters over each window.',
    }),
    figure({
      id: 'mesh-size-cp-memory',
      title: 'Control-plane memory against mesh size',
      yLabel: 'MiB',
      pick: (p) => p.controlPlaneMemoryMib,
      caption: 'Summed average memory of the mesh control-plane containers over each window.',
    }),
  ].filter((f): f is Figure => f !== null);
}
