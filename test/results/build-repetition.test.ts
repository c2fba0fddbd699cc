import { describe, expect, it } from 'vitest';
import { agent, build, histogram } from '../helpers/agent-result-fixture.ts';
import { RepetitionSchema } from '../../src/results/result-schema.ts';

describe('buildRepetition', () => {
  it('a clean repetition is valid and reports rate, percentiles and generator health', () => {
    const rep = build([agent()]);
    expect(rep.valid).toBe(true);
    expect(rep.achievedRps).toBe(100);
    expect(rep.latency.count).toBe(1_000);
    expect(rep.latency.p50Us).toBeGreaterThan(rep.serviceTime.p50Us);
    expect(rep.generator).toMatchObject({ schedulerLagUs: { p50: 80, p99: 80 }, cpuUtilization: 0.05, cpuCoreSecondsPer1kRequests: 0.5 });
  });

  it('carries what TLS negotiated into the generator stats, merged over agents; absent for plain HTTP', () => {
    expect(build([agent()]).generator.tls).toBeUndefined();
    const tls = { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', handshakes: 8, resumedSessions: 3 };
    const rep = build([agent({ tls }), agent({ agentIndex: 1, tls: { ...tls, handshakes: 9, resumedSessions: 1 } })]);
    expect(rep.generator.tls).toEqual({ version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', handshakes: 17, resumedSessions: 4 });
    expect(RepetitionSchema.parse(rep).generator.tls).toEqual(rep.generator.tls);
  });

  it('missing the rate by more than 1 % invalidates, naming achieved and target', () => {
    const rep = build([agent({ completed: 980 })]);
    expect(rep.valid).toBe(false);
    expect(rep.invalidReasons[0]).toMatch(/missed its rate: 98 rps achieved of 100 targeted \(2% short/);
  });

  it('1 % short is still within the limit', () => {
    expect(build([agent({ completed: 990 })]).valid).toBe(true);
  });

  const lagHistograms = { ...agent().histograms, schedulerLagUs: histogram(Array.from({ length: 100 }, (_, i) => (i < 95 ? 100 : 20_000))) };

  it('late sends from an agent that used most of its core: a saturated generator, with the numbers', () => {
    const rep = build([agent({ histograms: lagHistograms, cpuCoreSeconds: 9 })]);
    expect(rep.valid).toBe(false);
    expect(rep.invalidReasons.join()).toMatch(/generator saturated: scheduler lag p99 \d+ µs exceeds 5000 µs with the load agent at 90% of a core per sending thread/);
    expect(rep.invalidReasons.join()).not.toMatch(/busy host/);
  });

  it('late sends from an agent that used little CPU: a busy host, not a saturated generator, and what helps', () => {
    const rep = build([agent({ histograms: lagHistograms, cpuCoreSeconds: 0.5 })]);
    expect(rep.valid).toBe(false);
    const reason = rep.invalidReasons.join();
    expect(reason).toMatch(/busy host, not a saturated generator: scheduler lag p99 \d+ µs exceeds 5000 µs while the load agent used only 5% of a core per sending thread/);
    expect(reason).toMatch(/fewer processes on the host/);
    expect(reason).toMatch(/--realtime-agent/);
    expect(reason).toMatch(/dedicated node/);
  });

  it('counts a threaded agent\'s CPU per sending thread', () => {
    const threads = [0, 1, 2, 3].map((index) => ({ index, sent: 250, dropped: 0, lateSends: 0, lagP50Us: 80, lagP99Us: 20_000, cpuSeconds: 2 }));
    // 8 core-seconds over 10 s is 80 % of one core, but only 20 % of each of the 4 sending threads.
    const rep = build([agent({ histograms: lagHistograms, cpuCoreSeconds: 8, threads })]);
    expect(rep.invalidReasons.join()).toMatch(/busy host.*20% of a core per sending thread/);
  });

  it('records each sending thread\'s health with its agent, and the share of a core its sender used; absent with one thread', () => {
    expect(build([agent()]).generator.threads).toBeUndefined();
    const health = (index: number, cpuSeconds: number | null) => ({ index, sent: 500 + index, dropped: index, lateSends: 2 * index, lagP50Us: 70 + index, lagP99Us: 900 + index, cpuSeconds });
    const rep = build([agent({ threads: [health(0, 2.5), health(1, null)] }), agent({ agentIndex: 1, threads: [health(0, 1)] })]);
    expect(rep.generator.threads).toEqual([
      { agentIndex: 0, index: 0, sent: 500, dropped: 0, lateSends: 0, lagP50Us: 70, lagP99Us: 900, cpuSeconds: 2.5, cpuUtilization: 0.25 },
      { agentIndex: 0, index: 1, sent: 501, dropped: 1, lateSends: 2, lagP50Us: 71, lagP99Us: 901, cpuSeconds: null, cpuUtilization: null },
      { agentIndex: 1, index: 0, sent: 500, dropped: 0, lateSends: 0, lagP50Us: 70, lagP99Us: 900, cpuSeconds: 1, cpuUtilization: 0.1 },
    ]);
    expect(RepetitionSchema.parse(rep).generator.threads).toEqual(rep.generator.threads);
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
