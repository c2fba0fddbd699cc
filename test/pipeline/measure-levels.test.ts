import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import type { AgentResult, AgentSpec } from '../../src/plan/agent-protocol.ts';
import { agentSpecs, armOrder, type MeasuredArm, measureLevels } from '../../src/pipeline/measure-levels.ts';
import type { ComponentFailure, MeasurementBackend } from '../../src/platform/measurement-backend.ts';
import type { Progress } from '../../src/render/progress.ts';
import { newResultFile } from '../../src/results/new-result.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-measure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = loadScenario('smoke').spec;
scenario.load.levels = [{ rps: 100 }, { rps: 200 }];
scenario.load.repetitions = 2;
scenario.load.agents = 2;

function histogram(valueUs: number, count: number): string {
  const h = createLatencyHistogram();
  for (let i = 0; i < count; i++) recordLatencyUs(h, valueUs);
  return encodeHistogram(h);
}

/** What an agent that met its schedule reports: every request sent and answered at 1 ms. */
function agentResult(spec: AgentSpec, startMs: number): AgentResult {
  const n = Math.round((spec.rps * spec.durationMs) / 1000);
  return {
    agentIndex: spec.agentIndex,
    engine: spec.engine,
    arrival: spec.arrival,
    connections: spec.connections,
    targetRps: spec.rps,
    windowStartMs: startMs,
    windowEndMs: startMs + spec.durationMs,
    durationMs: spec.durationMs,
    scheduled: n,
    sent: n,
    completed: n,
    ok: n,
    errors: 0,
    dropped: 0,
    statusCounts: { '200': n },
    errorCounts: {},
    histograms: { latencyUs: histogram(1000, n), serviceTimeUs: histogram(900, n), schedulerLagUs: histogram(50, n) },
    lateSends: 0,
    cpuCoreSeconds: 0.01,
  };
}

/** A backend whose agents answer at once; it records the order of the windows and can lose a component. */
function fakeBackend(label: string, log: string[], failAfter: number | null = null): MeasurementBackend {
  let runs = 0;
  return {
    agentRunner: {
      runRepetition: async ({ specs }) => {
        runs += 1;
        log.push(`${label}@${specs[0]?.rps ?? 0}`);
        return specs.map((spec) => agentResult(spec, 1_000_000 + runs * 20_000));
      },
    },
    createMeter: () => ({
      start: async () => undefined,
      sampleNow: async () => undefined,
      stop: async () => ({ resources: [], hostCpu: null }),
    }),
    checkComponents: async (): Promise<ComponentFailure | null> =>
      failAfter !== null && runs >= failAfter ? { component: 'order-service', pid: 7, how: 'exited with code 1', outputTail: ['boom'] } : null,
  };
}

const silent: Progress = { step: () => undefined, stepDone: () => undefined, repetition: () => undefined, live: () => undefined, repetitionDone: () => undefined, info: () => undefined, close: () => undefined };

function arm(label: string, backend: MeasurementBackend): MeasuredArm {
  const result = newResultFile({
    runId: `run-${label || 'single'}`,
    createdAt: new Date('2026-11-26T12:00:00Z'),
    harness: { version: '0.1.0', gitSha: null, node: 'v20' },
    target: loadTarget('baseline').spec,
    meshVersion: null,
    platform: 'local',
    scenario,
    environment: { hostname: 'h', cpuModel: 'cpu', cores: 2, memoryBytes: 1, kernel: 'k', os: 'Linux', tools: {} },
  });
  return { label, backend, targetUrl: 'http://127.0.0.1:1', result, resultPath: join(dir, `${label || 'single'}-${Math.random().toString(36).slice(2)}.json`) };
}

describe('agentSpecs', () => {
  it('splits the level rate across the agents with the scenario’s settings', () => {
    const specs = agentSpecs({ scenario, rps: 300, targetUrl: 'http://x', repetitionSeed: 9, startAtMs: 5 });
    expect(specs.map((s) => [s.agentIndex, s.rps, s.seed, s.startAtMs, s.targetUrl])).toEqual([
      [0, 150, 9, 5, 'http://x'],
      [1, 150, 9, 5, 'http://x'],
    ]);
    expect(specs[0]?.durationMs).toBe(scenario.load.durationMs);
  });
});

describe('armOrder', () => {
  it('ABBA: forwards on even rounds, backwards on odd ones', () => {
    expect([0, 1, 2, 3].map((round) => armOrder(2, round))).toEqual([[0, 1], [1, 0], [0, 1], [1, 0]]);
    expect(armOrder(1, 1)).toEqual([0]);
  });
});

describe('measureLevels', () => {
  it('measures every level × repetition on every arm in ABBA order and writes each result as it goes', async () => {
    const log: string[] = [];
    const arms = [arm('a', fakeBackend('a', log)), arm('b', fakeBackend('b', log))];
    await measureLevels({ scenario, arms, progress: silent });
    expect(log).toEqual(['a@50', 'b@50', 'b@50', 'a@50', 'a@100', 'b@100', 'b@100', 'a@100']);
    for (const a of arms) {
      const written = readResultFile(a.resultPath);
      expect(written.levels.map((l) => [l.targetRps, l.repetitions.length, l.summary.validRepetitions])).toEqual([
        [100, 2, 2],
        [200, 2, 2],
      ]);
      expect(written.levels[0]?.repetitions.every((r) => r.arm === a.label)).toBe(true);
    }
    const sequences = arms.flatMap((a) => a.result.levels.flatMap((l) => l.repetitions.map((r) => r.sequence))).sort((x, y) => (x ?? 0) - (y ?? 0));
    expect(sequences).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a component that dies marks its repetition invalid, keeps the ones before and stops with exit code 4', async () => {
    const single = arm('', fakeBackend('', [], 2));
    const err = await measureLevels({ scenario, arms: [single], progress: silent }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'COMMAND_FAILED', message: 'order-service (pid 7) exited with code 1 during level 1 (100 rps), repetition 2; the run stopped' });
    const written = readResultFile(single.resultPath);
    const reps = written.levels[0]?.repetitions ?? [];
    expect(reps.map((r) => r.valid)).toEqual([true, false]);
    expect(reps[1]?.invalidReasons[0]).toBe('order-service (pid 7) exited with code 1 during this repetition: the data path was broken');
  });

  it('a component dead before the first repetition stops the run with nothing measured', async () => {
    const dead = arm('', fakeBackend('', [], 0));
    await expect(measureLevels({ scenario, arms: [dead], progress: silent })).rejects.toThrow(/before the first repetition; the run stopped/);
    expect(dead.result.levels).toEqual([]);
  });

  it('an aborted run stops before the next repetition', async () => {
    const abort = new AbortController();
    abort.abort();
    const single = arm('', fakeBackend('', []));
    await expect(measureLevels({ scenario, arms: [single], progress: silent, signal: abort.signal })).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });
});
