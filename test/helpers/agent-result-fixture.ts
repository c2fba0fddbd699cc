/** A plausible AgentResult and the repetition built from it, for results tests. */
import type { AgentResult } from '../../src/plan/agent-protocol.ts';
import { buildRepetition } from '../../src/results/build-repetition.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';

export const VALIDITY = { maxRateShortfallPct: 1, maxErrorPct: 1, maxSchedulerLagP99Us: 5_000 };

export function histogram(values: number[]): string {
  const h = createLatencyHistogram();
  for (const v of values) recordLatencyUs(h, v);
  return encodeHistogram(h);
}

/** One agent's result at 100 rps over a 10 s window: 1,000 requests, latencies 500–1,499 µs. */
export function agent(overrides: Partial<AgentResult> = {}): AgentResult {
  const n = overrides.completed ?? 1_000;
  return {
    agentIndex: 0,
    engine: 'open',
    arrival: 'uniform',
    connections: 8,
    targetRps: 100,
    windowStartMs: 1_000_000,
    windowEndMs: 1_010_000,
    durationMs: 10_000,
    scheduled: 1_000,
    sent: 1_000,
    completed: n,
    ok: n,
    errors: 0,
    dropped: 0,
    statusCounts: { '200': n },
    errorCounts: {},
    histograms: {
      latencyUs: histogram(Array.from({ length: n }, (_, i) => 500 + i)),
      serviceTimeUs: histogram(Array.from({ length: n }, (_, i) => 400 + i)),
      schedulerLagUs: histogram(Array.from({ length: 1_000 }, () => 80)),
    },
    lateSends: 0,
    cpuCoreSeconds: 0.5,
    ...overrides,
  };
}

/** The repetition the harness builds from these agents' results. */
export const build = (agents: AgentResult[], validity = VALIDITY) =>
  buildRepetition({ index: 0, arm: '', startedAt: '2026-11-26T00:00:00Z', targetRps: 100, agents, window: { resources: [], hostCpu: null }, validity });
