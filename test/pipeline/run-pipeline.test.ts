/**
 * The run pipeline around a fake platform (the registry is replaced): what is planned, prepared,
 * verified, measured, written and torn down, with no process or cluster involved.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import type { AgentResult } from '../../src/plan/agent-protocol.ts';
import { noFeatureSupport } from '../../src/plan/feature-support.ts';
import type { RunPlan } from '../../src/plan/plan-types.ts';
import { checkPlatform, planRun, planRunArms, type RunOptions, runBenchmark } from '../../src/pipeline/run-pipeline.ts';
import type { PreparedPlatform } from '../../src/platform/measurement-backend.ts';
import type { Platform, PlatformRunOptions } from '../../src/platform/platform.ts';
import type { Progress } from '../../src/render/progress.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';
import { RecordingRunner } from '../helpers/recording-runner.ts';

const fake = vi.hoisted(() => ({ events: [] as string[], verified: true, failMeasuring: false }));

vi.mock('../../src/platform/platform-registry.ts', () => ({ platformFor: () => fakePlatform }));

const dir = mkdtempSync(join(tmpdir(), 'meshbench-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = loadScenario('smoke').spec;
scenario.load.levels = [{ rps: 100 }];
scenario.load.repetitions = 2;
scenario.load.agents = 1;
const target = loadTarget('baseline').spec;

function histogram(count: number): string {
  const h = createLatencyHistogram();
  for (let i = 0; i < count; i++) recordLatencyUs(h, 1000);
  return encodeHistogram(h);
}

function prepared(label: string): PreparedPlatform {
  return {
    targetUrl: `http://127.0.0.1:1/${label}`,
    verification: [{ name: 'no proxy in the data path', passed: fake.verified, evidence: ['order-service: pid 1'] }],
    runningVersion: null,
    tools: { haproxy: '2.8.5' },
    targetFacts: {},
    collectDiagnostics: async () => {
      fake.events.push(`diagnostics ${label}`);
      return null;
    },
    teardown: async () => {
      fake.events.push(`teardown ${label}`);
    },
    backend: {
      agentRunner: {
        runRepetition: async ({ specs }) => {
          if (fake.failMeasuring) throw new Error('agent crashed');
          fake.events.push(`measure ${label}`);
          return specs.map((spec): AgentResult => {
            const n = Math.round((spec.rps * spec.durationMs) / 1000);
            return {
              agentIndex: spec.agentIndex,
              engine: spec.engine,
              arrival: spec.arrival,
              connections: spec.connections,
              targetRps: spec.rps,
              windowStartMs: 1_000_000,
              windowEndMs: 1_000_000 + spec.durationMs,
              durationMs: spec.durationMs,
              scheduled: n,
              sent: n,
              completed: n,
              ok: n,
              errors: 0,
              dropped: 0,
              statusCounts: { '200': n },
              errorCounts: {},
              histograms: { latencyUs: histogram(n), serviceTimeUs: histogram(n), schedulerLagUs: histogram(n) },
              lateSends: 0,
              cpuCoreSeconds: 0.01,
            };
          });
        },
      },
      createMeter: () => ({ start: async () => undefined, sampleNow: async () => undefined, stop: async () => ({ resources: [], hostCpu: null }) }),
    },
  };
}

const fakePlatform: Platform = {
  name: 'local',
  arms: 'same-host',
  keepsWorkDir: false,
  requiredTools: () => [],
  featureSupport: () => noFeatureSupport('the fake platform applies no features'),
  plan: (options: PlatformRunOptions): RunPlan =>
    ({ runId: options.runId, resultPath: options.resultPath, platform: 'local', steps: [], teardown: [] }) as unknown as RunPlan,
  prepare: async (options) => {
    fake.events.push('prepare');
    return prepared(options.resultPath.endsWith('-b.json') ? 'b' : 'a');
  },
};

const silent: Progress = { step: () => undefined, stepDone: () => undefined, repetition: () => undefined, live: () => undefined, repetitionDone: () => undefined, info: () => undefined, close: () => undefined };

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    target,
    scenario,
    platform: 'local',
    outPath: join(dir, `${Math.random().toString(36).slice(2)}.json`),
    meshVersion: null,
    arms: [],
    context: null,
    installMesh: false,
    toolsDir: null,
    keep: false,
    noVerify: false,
    cwd: dir,
    runner: new RecordingRunner([]),
    progress: silent,
    harnessVersion: '0.1.0',
    ...overrides,
  };
}

beforeEach(() => {
  fake.events = [];
  fake.verified = true;
  fake.failMeasuring = false;
});

describe('checkPlatform', () => {
  it('names the platforms a target runs on', () => {
    expect(() => checkPlatform({ ...target, platforms: ['kind'] }, 'local')).toThrow(/target "baseline" cannot run on the local platform/);
    expect(() => checkPlatform(target, 'local')).not.toThrow();
  });
});

describe('planning (--dry-run)', () => {
  it('one plan per arm, each with its own result path beside --out', () => {
    const out = join(dir, 'ab.json');
    const { method, plans } = planRunArms(options({ arms: ['a', 'b'], outPath: out }));
    expect(method).toBe('same-host');
    expect(plans.map((p) => p.resultPath)).toEqual([join(dir, 'ab-a.json'), join(dir, 'ab-b.json')]);
    expect(new Set(plans.map((p) => p.runId)).size).toBe(2);
    expect(planRun(options({ outPath: null })).resultPath).toMatch(new RegExp(`^${dir}/results/\\d{8}-\\d{6}\\.\\d{3}-baseline-[0-9a-f]{6}\\.json$`));
  });
});

describe('runBenchmark', () => {
  it('prepares, verifies, measures and writes a complete result, then tears down', async () => {
    const [outcome] = await runBenchmark(options());
    if (!outcome) throw new Error('an outcome expected');
    expect(fake.events).toEqual(['prepare', 'measure a', 'measure a', 'teardown a']);
    const written = readResultFile(outcome.resultPath);
    expect(written).toMatchObject({ status: 'complete', valid: true, verification: { verified: true, skipped: false } });
    expect(written.environment.tools).toMatchObject({ haproxy: '2.8.5', node: process.version });
    expect(written.levels[0]?.repetitions).toHaveLength(2);
    expect(written.batch).toMatchObject({ order: 'single', method: 'same-host' });
  });

  it('two arms: ABBA, one result each, torn down later arm first', async () => {
    const out = join(dir, 'pair.json');
    const outcomes = await runBenchmark(options({ arms: ['a', 'b'], outPath: out }));
    expect(outcomes.map((o) => o.resultPath)).toEqual([join(dir, 'pair-a.json'), join(dir, 'pair-b.json')]);
    expect(fake.events.filter((e) => e.startsWith('measure'))).toEqual(['measure a', 'measure b', 'measure b', 'measure a']);
    expect(fake.events.slice(-2)).toEqual(['teardown b', 'teardown a']);
    expect(outcomes[0]?.result.batch?.id).toBe(outcomes[1]?.result.batch?.id);
  });

  it('refuses an unverified target before measuring, keeps the result as failed, and tears down', async () => {
    fake.verified = false;
    const opts = options();
    await expect(runBenchmark(opts)).rejects.toMatchObject({ code: 'RUN_INVALID', message: 'verification failed: no proxy in the data path' });
    expect(fake.events.some((e) => e.startsWith('measure'))).toBe(false);
    expect(fake.events).toContain('teardown a');
    expect(readResultFile(opts.outPath ?? '')).toMatchObject({ status: 'failed', valid: false });
  });

  it('--no-verify measures anyway and records it', async () => {
    fake.verified = false;
    const [outcome] = await runBenchmark(options({ noVerify: true }));
    expect(outcome?.result.verification).toMatchObject({ verified: false, skipped: true });
  });

  it('a failure while measuring collects diagnostics, marks the result failed and tears down', async () => {
    fake.failMeasuring = true;
    const opts = options();
    await expect(runBenchmark(opts)).rejects.toThrow(/agent crashed/);
    expect(fake.events).toEqual(['prepare', 'diagnostics a', 'teardown a']);
    expect(readResultFile(opts.outPath ?? '').status).toBe('failed');
  });

  it('refuses one arm, repeated arms and an existing result file before starting anything', async () => {
    await expect(runBenchmark(options({ arms: ['a'] }))).rejects.toThrow(/--arms needs two or more distinct labels, got "a"/);
    await expect(runBenchmark(options({ arms: ['a', 'a'] }))).rejects.toThrow(/distinct labels/);
    const opts = options();
    await runBenchmark(opts);
    fake.events = [];
    await expect(runBenchmark(opts)).rejects.toMatchObject({ code: 'USAGE' });
    expect(fake.events).toEqual([]);
    expect(existsSync(opts.outPath ?? '')).toBe(true);
  });
});
