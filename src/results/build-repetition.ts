/**
 * Turns what the agents measured plus what the meter read into one Repetition, and decides its
 * validity: a repetition that missed its rate, dropped requests, exceeded the error budget or
 * whose generator fell behind is marked invalid with the reason — never silently kept. Pure.
 */
import type { ValiditySpec } from '../config/scenario-schema.ts';
import type { AgentResult, AgentThreadHealth } from '../plan/agent-protocol.ts';
import { encodeHistogram, mergeEncodedHistograms, summarizeHistogram } from '../stats/latency-histogram.ts';
import { mergeTlsStats } from './merge-tls-stats.ts';
import type { GeneratorThread, Repetition } from './result-schema.ts';
import type { WindowResources } from './window-resources.ts';

/** Above this share of one core the agent itself is close to saturation. */
const AGENT_CPU_WARN_UTILIZATION = 0.85;

/**
 * Below this share of a core per sending thread, an agent whose sends ran late was not busy
 * itself: it was ready to send and waited for a CPU, so the host was busy (docs/methodology.md
 * "Busy host or saturated generator").
 */
export const BUSY_HOST_AGENT_UTILIZATION = 0.5;

/** What helps when the host, not the generator, made the sends late. */
export const BUSY_HOST_REMEDY = 'run fewer processes on the host, use --realtime-agent (local platform), or give the load agents a dedicated node';

/**
 * Why the generator's sends ran late, with the numbers: a saturated generator (the agent used
 * most of its cores) or a busy host (it used little CPU, so it waited for one).
 */
export function lateSendCause(options: { lagP99Us: number; limitUs: number; utilizationPerThread: number }): string {
  const pct = Math.round(options.utilizationPerThread * 100);
  const lag = `scheduler lag p99 ${options.lagP99Us} µs exceeds ${options.limitUs} µs`;
  if (options.utilizationPerThread < BUSY_HOST_AGENT_UTILIZATION) {
    return `busy host, not a saturated generator: ${lag} while the load agent used only ${pct}% of a core per sending thread (it waited for a CPU); ${BUSY_HOST_REMEDY}`;
  }
  return `generator saturated: ${lag} with the load agent at ${pct}% of a core per sending thread; add agents or load.threads, or lower the rate`;
}

function sumRecords(records: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
}

export interface BuildRepetitionOptions {
  index: number;
  arm: string;
  /** Position in the batch's measurement order; omitted outside a batch (`bench load`). */
  sequence?: number;
  startedAt: string;
  targetRps: number;
  agents: AgentResult[];
  window: WindowResources;
  /** The repetition part of the scenario's validity (the level rule is applied in finalizeResult). */
  validity: Pick<ValiditySpec, 'maxRateShortfallPct' | 'maxErrorPct' | 'maxSchedulerLagP99Us'>;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** One sending thread's health as the result file records it, with the share of a core over its agent's window. */
function threadStats(agent: AgentResult, t: AgentThreadHealth): GeneratorThread {
  const seconds = agent.durationMs / 1_000;
  const cpuUtilization = t.cpuSeconds === null || seconds <= 0 ? null : round(t.cpuSeconds / seconds, 4);
  return { agentIndex: agent.agentIndex, index: t.index, sent: t.sent, dropped: t.dropped, lateSends: t.lateSends, lagP50Us: t.lagP50Us, lagP99Us: t.lagP99Us, cpuSeconds: t.cpuSeconds === null ? null : round(t.cpuSeconds, 4), cpuUtilization };
}

export function buildRepetition(options: BuildRepetitionOptions): Repetition {
  const { agents, validity, targetRps } = options;
  const windowStartMs = Math.min(...agents.map((a) => a.windowStartMs));
  const windowEndMs = Math.max(...agents.map((a) => a.windowEndMs));
  const durationMs = windowEndMs - windowStartMs;
  const seconds = durationMs / 1_000;
  const sum = (f: (a: AgentResult) => number) => agents.reduce((s, a) => s + f(a), 0);
  const scheduled = sum((a) => a.scheduled);
  const sent = sum((a) => a.sent);
  const completed = sum((a) => a.completed);
  const ok = sum((a) => a.ok);
  const errors = sum((a) => a.errors);
  const dropped = sum((a) => a.dropped);
  const lateSends = sum((a) => a.lateSends);
  const cpuCoreSeconds = sum((a) => a.cpuCoreSeconds);

  const tls = mergeTlsStats(agents.map((a) => a.tls));
  const threads = agents.flatMap((a) => (a.threads ?? []).map((t) => threadStats(a, t)));
  const latency = mergeEncodedHistograms(agents.map((a) => a.histograms.latencyUs));
  const serviceTime = mergeEncodedHistograms(agents.map((a) => a.histograms.serviceTimeUs));
  const lag = summarizeHistogram(mergeEncodedHistograms(agents.map((a) => a.histograms.schedulerLagUs)));
  const achievedRps = seconds > 0 ? completed / seconds : 0;
  const errorPct = scheduled > 0 ? (100 * (errors + dropped)) / scheduled : 0;
  const engine = agents[0]?.engine ?? 'open';

  const invalidReasons: string[] = [];
  const warnings: string[] = [];
  if (completed === 0) invalidReasons.push('no request completed');
  if (engine === 'open' && scheduled > 0) {
    // Compare completions with what was scheduled in the window (exact for Poisson arrivals too).
    const shortfallPct = (100 * (scheduled - completed)) / scheduled;
    if (shortfallPct > validity.maxRateShortfallPct) {
      invalidReasons.push(
        `missed its rate: ${round(achievedRps, 1)} rps achieved of ${targetRps} targeted (${round(shortfallPct, 2)}% short, limit ${validity.maxRateShortfallPct}%)`,
      );
    }
    if (lag.p99Us > validity.maxSchedulerLagP99Us) {
      const threads = sum((a) => Math.max(1, a.threads?.length ?? 1));
      const utilizationPerThread = seconds > 0 ? cpuCoreSeconds / threads / seconds : 0;
      invalidReasons.push(lateSendCause({ lagP99Us: lag.p99Us, limitUs: validity.maxSchedulerLagP99Us, utilizationPerThread }));
    } else if (lateSends > 0.01 * sent) {
      warnings.push(`${lateSends} of ${sent} sends were more than 1 ms late (scheduler lag p99 ${lag.p99Us} µs)`);
    }
  }
  if (dropped > 0) invalidReasons.push(`${dropped} requests dropped: more than the allowed requests were waiting for a connection`);
  if (errorPct > validity.maxErrorPct) {
    invalidReasons.push(`error rate ${round(errorPct, 2)}% exceeds the budget of ${validity.maxErrorPct}%`);
  }
  const agentUtilization = seconds > 0 ? cpuCoreSeconds / agents.length / seconds : 0;
  if (agentUtilization > AGENT_CPU_WARN_UTILIZATION) {
    warnings.push(`load agent used ${Math.round(agentUtilization * 100)}% of a core: close to saturation, add agents`);
  }
  warnings.push(...(options.window.warnings ?? []));
  for (const r of options.window.resources) {
    if (r.samples < 2) warnings.push(`${r.component}: only ${r.samples} resource sample(s) in the window`);
  }

  return {
    index: options.index,
    arm: options.arm,
    ...(options.sequence === undefined ? {} : { sequence: options.sequence }),
    startedAt: options.startedAt,
    windowStartMs,
    windowEndMs,
    durationMs,
    targetRps,
    achievedRps: round(achievedRps),
    requests: { scheduled, sent, completed, ok, errors, dropped },
    statusCounts: sumRecords(agents.map((a) => a.statusCounts)),
    errorCounts: sumRecords(agents.map((a) => a.errorCounts)),
    errorPct: round(errorPct, 4),
    latency: summarizeHistogram(latency),
    serviceTime: summarizeHistogram(serviceTime),
    histograms: { latencyUs: encodeHistogram(latency), serviceTimeUs: encodeHistogram(serviceTime) },
    generator: {
      engine,
      arrival: agents[0]?.arrival ?? 'uniform',
      agents: agents.length,
      connections: sum((a) => a.connections),
      schedulerLagUs: { p50: lag.p50Us, p99: lag.p99Us, max: lag.maxUs },
      lateSends,
      dropped,
      cpuCoreSeconds: round(cpuCoreSeconds, 4),
      cpuUtilization: round(agentUtilization, 4),
      cpuCoreSecondsPer1kRequests: completed > 0 ? round((cpuCoreSeconds * 1_000) / completed, 5) : null,
      ...(tls ? { tls } : {}),
      ...(threads.length ? { threads } : {}),
    },
    resources: options.window.resources,
    hostCpu: options.window.hostCpu,
    valid: invalidReasons.length === 0,
    invalidReasons,
    warnings,
  };
}
