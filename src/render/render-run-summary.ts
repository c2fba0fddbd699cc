/**
 * The summary printed at the end of a run, as text and as JSON (pure: results in, text out).
 * A level without a valid repetition still shows what was measured, pooled over its invalid
 * repetitions and marked ✖ INVALID: for diagnosis, never for comparison.
 */
import type { Level, LevelSummary, Repetition, ResultFile } from '../results/result-schema.ts';
import { summarizeLevel } from '../results/level-summary.ts';
import { describeRunTls } from '../results/merge-tls-stats.ts';
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

/** What a level's row shows: its valid repetitions pooled, or, when none is valid, all of them (marked). */
export function displayedSummary(level: Level): { summary: LevelSummary; fromInvalid: boolean } {
  if (level.summary.validRepetitions > 0 || level.repetitions.length === 0) return { summary: level.summary, fromInvalid: false };
  return { summary: summarizeLevel(level.repetitions.map((r) => ({ ...r, valid: true }))), fromInvalid: true };
}

function levelRow(level: Level): string[] {
  const { summary: s, fromInvalid } = displayedSummary(level);
  const valid = `${level.summary.validRepetitions}/${level.repetitions.length}${fromInvalid ? ' ✖ INVALID' : ''}`;
  const rps = `${level.targetRps}${fromInvalid ? ' ✖' : ''}`;
  if (!s.latency) return [rps, '-', '-', '-', '-', '-', '-', '-', valid];
  return [
    rps,
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

/** The measured numbers of one repetition in a line: rate, p50, p99, errors, lag. */
export function repetitionFigures(rep: Repetition): string {
  const lag = rep.generator.engine === 'open' ? `, lag p99 ${formatLatencyUs(rep.generator.schedulerLagUs.p99)}` : '';
  return `${rep.achievedRps.toFixed(1)} rps of ${rep.targetRps}, p50 ${formatLatencyUs(rep.latency.p50Us)}, p99 ${formatLatencyUs(rep.latency.p99Us)}, errors ${rep.errorPct.toFixed(2)}%${lag}, agent CPU ${Math.round(rep.generator.cpuUtilization * 100)}% of a core`;
}

export function renderRunSummary(result: ResultFile, resultPath: string): string {
  const lines: string[] = [];
  const t = result.target;
  lines.push(`${t.name} (${t.mesh}${t.mode !== 'none' ? ` ${t.mode}` : ''}${t.runningVersion ? ` ${t.runningVersion}` : ''}) on ${t.platform}, scenario ${result.scenario.name}`);
  if (result.injection) {
    lines.push(`CALIBRATION RUN${result.batch && result.batch.arms.length > 1 ? ` (arm ${result.levels[0]?.repetitions[0]?.arm ?? '?'})` : ''}: injected ${describeInjection(result.injection)}; not a measurement of the target as shipped`);
  }
  const tls = describeRunTls(result.levels.flatMap((l) => l.repetitions));
  if (tls) lines.push(`TLS from the agents to ${t.platform === 'local' ? 'the entry' : 'the entry service'}: ${tls} (each repetition's in the result, generator.tls)`);
  lines.push('latency from the intended send time (pooled over valid repetitions); svc = service time from the actual send');
  lines.push(
    ...pad([
      ['rps', 'achieved', 'p50', 'p90', 'p99', 'p99.9', 'svc p99', 'errors', 'valid'],
      ...result.levels.map(levelRow),
    ]),
  );
  const anyFromInvalid = result.levels.some((l) => displayedSummary(l).fromInvalid);
  if (anyFromInvalid) lines.push('✖ no valid repetition at this level: the numbers are pooled over its invalid repetitions, for diagnosis only (not comparable)');
  const cost = result.levels.filter((l) => l.repetitions.length > 0);
  if (cost.length > 0) {
    lines.push('');
    lines.push(
      ...pad([
        ['rps', 'data-plane vCPU/1k rps', 'MB per proxy', 'host core-s/1k req', 'agent lag p99'],
        ...cost.map((l) => {
          const { summary: s, fromInvalid } = displayedSummary(l);
          const lagP99 = Math.max(...l.repetitions.map((r) => r.generator.schedulerLagUs.p99));
          return [
            `${l.targetRps}${fromInvalid ? ' ✖' : ''}`,
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
    l.repetitions.flatMap((r) => [
      ...r.invalidReasons.map((x, i) => `✖ ${l.targetRps} rps rep ${r.index + 1}${r.arm ? ` [${r.arm}]` : ''} INVALID: ${x}${i === 0 ? ` (measured ${repetitionFigures(r)})` : ''}`),
      ...r.warnings.map((x) => `! ${l.targetRps} rps rep ${r.index + 1}: ${x}`),
    ]),
  );
  if (problems.length > 0) lines.push('', ...problems.slice(0, 20), ...(problems.length > 20 ? [`… ${problems.length - 20} more in the result file`] : []));
  for (const w of result.warnings) lines.push(`! ${w}`);
  lines.push('', `${result.valid ? 'valid' : 'INVALID'} result written to ${resultPath}`);
  return `${lines.join('\n')}\n`;
}

function repetitionJson(rep: Repetition) {
  return {
    index: rep.index,
    arm: rep.arm,
    valid: rep.valid,
    invalidReasons: rep.invalidReasons,
    warnings: rep.warnings,
    achievedRps: rep.achievedRps,
    latencyUs: { p50: rep.latency.p50Us, p90: rep.latency.p90Us, p99: rep.latency.p99Us, p999: rep.latency.p999Us, max: rep.latency.maxUs },
    requests: rep.requests,
    errorPct: rep.errorPct,
    schedulerLagP99Us: rep.generator.schedulerLagUs.p99,
    agentCpuUtilization: rep.generator.cpuUtilization,
    ...(rep.generator.tls ? { tls: { version: rep.generator.tls.version, cipher: rep.generator.tls.cipher } } : {}),
  };
}

function pooledJson(s: LevelSummary) {
  return {
    achievedRpsMedian: s.achievedRpsMedian,
    latencyUs: s.latency ? { p50: s.latency.p50Us, p90: s.latency.p90Us, p99: s.latency.p99Us, p999: s.latency.p999Us, max: s.latency.maxUs } : null,
    serviceTimeP99Us: s.serviceTime?.p99Us ?? null,
    errorPctMedian: s.errorPctMedian,
    dataPlaneVcpuPer1kRpsMedian: s.dataPlaneVcpuPer1kRpsMedian,
    dataPlaneMemoryPerInstanceBytesMedian: s.dataPlaneMemoryPerInstanceBytesMedian,
    hostCoreSecondsPer1kRequestsMedian: s.hostCoreSecondsPer1kRequestsMedian,
  };
}

/**
 * `bench run --json`: per result file its path, status, validity and per level the pooled
 * numbers (`pooledFrom: "valid"`, or `"invalid"` when no repetition was valid) and every
 * repetition's own numbers. The result file itself has everything else.
 */
export function runSummaryJson(outcomes: readonly { result: ResultFile; resultPath: string }[]) {
  return {
    valid: outcomes.every((o) => o.result.valid),
    results: outcomes.map(({ result, resultPath }) => ({
      resultPath,
      runId: result.runId,
      status: result.status,
      valid: result.valid,
      target: { name: result.target.name, mesh: result.target.mesh, mode: result.target.mode, runningVersion: result.target.runningVersion, platform: result.target.platform },
      scenario: result.scenario.name,
      warnings: result.warnings,
      levels: result.levels.map((level) => {
        const { summary, fromInvalid } = displayedSummary(level);
        return {
          targetRps: level.targetRps,
          repetitions: level.repetitions.length,
          validRepetitions: level.summary.validRepetitions,
          pooledFrom: level.repetitions.length === 0 ? null : fromInvalid ? 'invalid' : 'valid',
          pooled: pooledJson(summary),
          perRepetition: level.repetitions.map(repetitionJson),
        };
      }),
    })),
  };
}
