/**
 * The mesh-size table (mesh-size.ts): per target, platform, rate and idle-service count, the
 * memory per proxy and the control plane's CPU and memory. Pure.
 */
import type { MeshSizePoint } from '../mesh-size.ts';
import { formatNumber, formatRps } from '../report-format.ts';
import { renderTable } from './html-table.ts';

/** The table. */
export function meshSizeTable(points: readonly MeshSizePoint[]): string {
  return renderTable({
    className: 'mesh-size',
    caption: 'Mesh size: memory per proxy and control-plane usage against the idle Services added (medians over valid windows)',
    columns: [
      { header: 'target' },
      { header: 'platform' },
      { header: 'rate', numeric: true },
      { header: 'idle services', numeric: true, hint: 'workload.idleServices of the run (0 = none)' },
      { header: 'windows', numeric: true, hint: 'valid repetitions behind the medians' },
      { header: 'MiB / proxy', numeric: true, hint: 'average memory per data-plane instance over the window' },
      { header: 'proxies', numeric: true },
      { header: 'control-plane vCPU', numeric: true, hint: 'summed CPU of the control-plane containers over the window' },
      { header: 'control-plane MiB', numeric: true, hint: 'summed average memory of the control-plane containers' },
      { header: 'control plane' },
    ],
    rows: points.map((p) => [
      p.targetName,
      p.platform === 'local' ? 'local (emulated: idle haproxy backends)' : p.platform,
      formatRps(p.targetRps),
      String(p.idleServices),
      String(p.windows),
      p.proxyMemoryMib === null ? '–' : formatNumber(p.proxyMemoryMib),
      String(p.proxies),
      p.controlPlaneVcpu === null ? '–' : formatNumber(p.controlPlaneVcpu),
      p.controlPlaneMemoryMib === null ? '–' : formatNumber(p.controlPlaneMemoryMib),
      p.controlPlaneComponents.length ? p.controlPlaneComponents.join(', ') : p.platform === 'local' ? 'none (local platform)' : 'not metered',
    ]),
  });
}
