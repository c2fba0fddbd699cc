import { describe, expect, it } from 'vitest';
import type { AgentResult } from '../../src/plan/agent-protocol.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';
import { buildRepetition } from '../../src/results/build-repetition.ts';

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

describe('buildRepetition', () => {
  it('a clean repetition is valid and reports rate, percentiles and generator health', () => {
    const rep = build([agent()]);
    expect(rep.valid).toBe(true);
    expect(rep.achievedRps).toBe(100);
    expect(rep.latency.count).toBe(1_000);
    expect(rep.latency.p50Us).toBeGreaterThan(rep.serviceTime.p50Us);
    expect(rep.generator).toMatchObject({ schedulerLagUs: { p50: 80, p99: 80 }, cpuUtilization: 0.05, cpuCoreSecondsPer1kRequests: 0.5 });
  });

  it('missing the rate by more than 1 % invalidates, naming achieved and target', () => {
    const rep = build([agent({ completed: 980 })]);
    expect(rep.valid).toBe(false);
    expect(rep.invalidReasons[0]).toMatch(/missed its rate: 98 rps achieved of 100 targeted \(2% short/);
  });

  it('1 % short is still within the limit', () => {
    expect(build([agent({ completed: 990 })]).valid).toBe(true);
  });

  it('a saturated generator (scheduler lag p99 over the limit) invalidates', () => {
    const lagging = agent({ histograms: { ...agent().histograms, schedulerLagUs: histogram(Array.from({ length: 100 }, (_, i) => (i < 95 ? 100 : 20_000))) } });
    const rep = build([lagging]);
    expect(rep.invalidReasons.join()).toMatch(/generator saturated: scheduler lag p99 \d+ µs exceeds 5000 µs/);
  });

  it('drops and errors beyond the budget invalidate', () => {
    const rep = build([agent({ dropped: 3, completed: 997 })]);
    expect(rep.invalidReasons.join()).toMatch(/3 requests dropped/);
    const errors = build([agent({ ok: 950, errors: 50, statusCounts: { '200': 950, '503': 50 } })]);
    expect(errors.errorPct).toBe(5);
    expect(errors.invalidReasons.join()).toMatch(/error rate 5% exceeds the budget of 1%/);
  });

  it('merges several agents: counts add, histograms pool, the window spans all agents', () => {
    const rep = build([agent(), agent({ agentIndex: 1, windowStartMs: 1_000_050, windowEndMs: 1_010_050 })]);
    expect(rep.requests.completed).toBe(2_000);
    expect(rep.latency.count).toBe(2_000);
    expect(rep.durationMs).toBe(10_050);
    expect(rep.generator.agents).toBe(2);
    expect(rep.generator.connections).toBe(16);
  });

  it('warns when the agent is near a full core', () => {
    expect(build([agent({ cpuCoreSeconds: 9.5 })]).warnings.join()).toMatch(/load agent used 95% of a core/);
  });
});
