/** The terminal summary printed at the end of a run (pure: result in, text out). */
import type { Level, ResultFile } from '../results/result-schema.ts';
import { renderTextTable } from './aligned-table.ts';
import { describeInjection } from '../config/injection.ts';

export function formatLatencyUs(us: number): string {
  if (us >= 10_000) return `${(us / 1_000).toFixed(1)}ms`;
  if (us >= 1_000) return `${(us / 1_000).toFixed(2)}ms`;
  return `${Math.round(us)}µs`;
}

/** First column left-aligned, the numbers right-aligned. */
function pad(cells: string[][]): string[] {
  const columns = Math.max(0, ...cells.map((row) => row.length));
  return renderTextTable({ rows: cells, align: Array.from({ length: columns }, (_, i) => (i === 0 ? 'left' : 'right')) });
}

function levelRow(level: Level): string[] {
  const s = level.summary;
  const valid = `${s.validRepetitions}/${level.repetitions.length}`;
  if (!s.latency) return [`${level.targetRps}`, '-', '-', '-', '-', '-', '-', '-', valid];
  return [
    `${level.targetRps}`,
    s.achievedRpsMedian === null ? '-' : s.achievedRpsMedian.toFixed(1),
    formatLatencyUs(s.latency.p50Us),
    formatLatencyUs(s.latency.p90Us),
    formatLatencyUs(s.latency.p99Us),
    formatLatencyUs(s.latency.p999Us),
    s.serviceTime ? formatLatencyUs(s.serviceTime.p99Us) : '-',
    s.errorPctMedian === null ? '-' : `${s.errorPctMedian.toFixed(2)}%`,
    valid,
  ];
}

export function renderRunSummary(result: ResultFile, resultPath: string): string {
  const lines: string[] = [];
  const t = result.target;
  lines.push(`${t.name} (${t.mesh}${t.mode !== 'none' ? ` ${t.mode}` : ''}${t.runningVersion ? ` ${t.runningVersion}` : ''}) on ${t.platform}, scenario ${result.scenario.name}`);
  if (result.injection) {
    lines.push(`CALIBRATION RUN${result.batch && result.batch.arms.length > 1 ? ` (arm ${result.levels[0]?.repetitions[0]?.arm ?? '?'})` : ''}: injected ${describeInjection(result.injection)}; not a measurement of the target as shipped`);
  }
  lines.push('latency from the intended send time (pooled over valid repetitions); svc = service time from the actual send');
  lines.push(
    ...pad([
      ['rps', 'achieved', 'p50', 'p90', 'p99', 'p99.9', 'svc p99', 'errors', 'valid'],
      ...result.levels.map(levelRow),
    ]),
  );
  const cost = result.levels.filter((l) => l.summary.validRepetitions > 0);
  if (cost.length > 0) {
    lines.push('');
    lines.push(
      ...pad([
        ['rps', 'data-plane vCPU/1k rps', 'MB per proxy', 'host core-s/1k req', 'agent lag p99'],
        ...cost.map((l) => {
          const s = l.summary;
          const lagP99 = Math.max(...l.repetitions.map((r) => r.generator.schedulerLagUs.p99));
          return [
            `${l.targetRps}`,
            s.dataPlaneVcpuPer1kRpsMedian === null ? '-' : s.dataPlaneVcpuPer1kRpsMedian.toFixed(3),
            s.dataPlaneMemoryPerInstanceBytesMedian === null ? '-' : (s.dataPlaneMemoryPerInstanceBytesMedian / 1e6).toFixed(1),
            s.hostCoreSecondsPer1kRequestsMedian === null ? '-' : s.hostCoreSecondsPer1kRequestsMedian.toFixed(3),
            formatLatencyUs(lagP99),
          ];
        }),
      ]),
    );
  }
  const problems = result.levels.flatMap((l) =>
    l.repetitions.flatMap((r) => [...r.invalidReasons.map((x) => `✖ ${l.targetRps} rps rep ${r.index + 1}: ${x}`), ...r.warnings.map((x) => `! ${l.targetRps} rps rep ${r.index + 1}: ${x}`)]),
  );
  if (problems.length > 0) lines.push('', ...problems.slice(0, 20), ...(problems.length > 20 ? [`… ${problems.length - 20} more in the result file`] : []));
  for (const w of result.warnings) lines.push(`! ${w}`);
  lines.push('', `${result.valid ? 'valid' : 'INVALID'} result written to ${resultPath}`);
  return `${lines.join('\n')}\n`;
}
