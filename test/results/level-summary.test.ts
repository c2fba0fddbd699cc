import { describe, expect, it } from 'vitest';
import type { AgentResult } from '../../src/plan/agent-protocol.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';
import { buildRepetition } from '../../src/results/build-repetition.ts';
import { summarizeLevel } from '../../src/results/level-summary.ts';

const VALIDITY = { maxRateShortfallPct: 1, maxErrorPct: 1, maxSchedulerLagP99Us: 5_000 };

function histogram(values: number[]): string {
  const h = createLatencyHistogram();
  for (const v of values) recordLatencyUs(h, v);
  return encodeHistogram(h);
}

function agent(overrides: Partial<AgentResult> = {}): AgentResult {
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

const build = (agents: AgentResult[], validity = VALIDITY) =>
  buildRepetition({ index: 0, arm: '', startedAt: '2026-11-26T00:00:00Z', targetRps: 100, agents, window: { resources: [], hostCpu: null }, validity });

describe('summarizeLevel', () => {
  it('pools only valid repetitions and takes medians of per-repetition values', () => {
    const good = build([agent()]);
    const bad = build([agent({ completed: 500 })]);
    const s = summarizeLevel([good, bad, good]);
    expect(s.validRepetitions).toBe(2);
    expect(s.latency?.count).toBe(2_000);
    expect(s.achievedRpsMedian).toBe(100);
  });

  it('has no numbers when no repetition is valid', () => {
    expect(summarizeLevel([build([agent({ completed: 10 })])])).toMatchObject({ validRepetitions: 0, latency: null });
  });
});
