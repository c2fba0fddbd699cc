/** The `bench load` report: a wrk2-style percentile table plus generator health (pure). */
import { formatLatencyUs } from './render-run-summary.ts';
import type { Repetition } from '../results/result-schema.ts';

export function renderLoadReport(rep: Repetition): string {
  const rows: [string, number, number][] = [
    ['p50', rep.latency.p50Us, rep.serviceTime.p50Us],
    ['p75', rep.latency.p75Us, rep.serviceTime.p75Us],
    ['p90', rep.latency.p90Us, rep.serviceTime.p90Us],
    ['p99', rep.latency.p99Us, rep.serviceTime.p99Us],
    ['p99.9', rep.latency.p999Us, rep.serviceTime.p999Us],
    ['max', rep.latency.maxUs, rep.serviceTime.maxUs],
    ['mean', rep.latency.meanUs, rep.serviceTime.meanUs],
  ];
  const open = rep.generator.engine === 'open';
  const lines = [
    open ? '          latency (from intended send)   service time (from actual send)' : '          latency (closed loop: from actual send)',
    ...rows.map(([p, l, s]) => `  ${p.padEnd(6)}  ${formatLatencyUs(l).padStart(12)}${open ? formatLatencyUs(s).padStart(32) : ''}`),
    '',
    `  requests   ${rep.requests.completed} completed, ${rep.requests.ok} ok, ${rep.requests.errors} errors, ${rep.requests.dropped} dropped in ${(rep.durationMs / 1_000).toFixed(1)} s`,
    `  rate       ${rep.achievedRps.toFixed(1)} rps achieved${open ? ` of ${rep.targetRps} targeted` : ''}`,
    `  status     ${Object.entries(rep.statusCounts).map(([k, n]) => `${k} ×${n}`).join(', ') || '-'}`,
    ...(Object.keys(rep.errorCounts).length ? [`  errors     ${Object.entries(rep.errorCounts).map(([k, n]) => `${k} ×${n}`).join(', ')}`] : []),
    ...(open
      ? [`  scheduler  lag p50 ${formatLatencyUs(rep.generator.schedulerLagUs.p50)}, p99 ${formatLatencyUs(rep.generator.schedulerLagUs.p99)}, max ${formatLatencyUs(rep.generator.schedulerLagUs.max)}; ${rep.generator.lateSends} sends > 1 ms late`]
      : []),
    `  generator  ${(rep.generator.cpuUtilization * 100).toFixed(0)}% of a core, ${rep.generator.cpuCoreSecondsPer1kRequests ?? '-'} core-s per 1k requests`,
    ...rep.invalidReasons.map((r) => `  ✖ ${r}`),
    ...rep.warnings.map((w) => `  ! ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}
