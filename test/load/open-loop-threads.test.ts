import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_SPEC_ENV, type AgentResult, type AgentSpec } from '../../src/plan/agent-protocol.ts';
import { bundleWorkloadScripts } from '../../src/workload/workload-bundle.ts';
import { createArrivalSchedule, sliceArrivalSchedule } from '../../src/load/arrival-schedule.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { runOpenLoopThreads, threadEntry } from '../../src/load/open-loop-threads.ts';
import { startTestServer, type TestServer } from '../helpers/http-test-server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('schedule slices', () => {
  it('thread k of N gets arrivals k, k+N, … of the same schedule, uniform and Poisson', () => {
    for (const arrival of ['uniform', 'poisson'] as const) {
      const whole = createArrivalSchedule({ rps: 1_000, arrival, seed: 7 });
      const all = Array.from({ length: 30 }, () => whole.nextOffsetMs());
      const slices = [0, 1, 2].map((index) => {
        const s = sliceArrivalSchedule(createArrivalSchedule({ rps: 1_000, arrival, seed: 7 }), { index, count: 3 });
        return Array.from({ length: 10 }, () => s.nextOffsetMs());
      });
      expect(slices[0]).toEqual(all.filter((_, i) => i % 3 === 0));
      expect(slices[1]).toEqual(all.filter((_, i) => i % 3 === 1));
      expect(slices[2]).toEqual(all.filter((_, i) => i % 3 === 2));
    }
  });
});

describe('threaded open loop', { retry: 2 }, () => {
  it('splits the schedule across threads and merges one histogram, with each thread\'s health', async () => {
    server = await startTestServer({});
    const r = await runOpenLoopThreads({
      targetUrl: server.url,
      rps: 300,
      arrival: 'uniform',
      connections: 4,
      warmupMs: 200,
      durationMs: 1_000,
      timeoutMs: 2_000,
      maxQueuedRequests: 1_000,
      seed: 1,
      threads: 2,
      picker: { kind: 'fixed', method: 'GET', path: '/orders/1', body: null, headers: {}, seed: 1 },
    });
    // 300 rps × 1 s, exactly as one thread would schedule it.
    expect(r.scheduled).toBe(300);
    expect(r.statusCounts).toEqual({ '200': 300 });
    expect(summarizeHistogram(decodeHistogram(r.histograms.latencyUs)).count).toBe(300);
    expect(summarizeHistogram(decodeHistogram(r.histograms.schedulerLagUs)).count).toBe(300);
    expect(r.connections).toBe(4);
    expect(r.threads.map((t) => t.index)).toEqual([0, 1]);
    expect(r.threads.map((t) => t.sent)).toEqual([150, 150]);
    for (const t of r.threads) expect(t.cpuSeconds).not.toBeNull();
    expect(r.cpuCoreSeconds).toBeGreaterThan(0);
  });

  it('a stalled server still shows in the merged tail', async () => {
    server = await startTestServer({ stallEveryMs: 500, stallForMs: 250 });
    const r = await runOpenLoopThreads({
      targetUrl: server.url,
      rps: 100,
      arrival: 'poisson',
      connections: 4,
      warmupMs: 300,
      durationMs: 2_000,
      timeoutMs: 2_000,
      maxQueuedRequests: 1_000,
      seed: 1,
      threads: 2,
      picker: { kind: 'fixed', method: 'GET', path: '/orders/1', body: null, headers: {}, seed: 1 },
    });
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    expect(r.completed).toBe(r.scheduled);
    expect(latency.p90Us).toBeGreaterThan(100_000);
    expect(latency.maxUs).toBeGreaterThan(200_000);
  });
});

describe('threaded open loop in the bundled agent', () => {
  it('the bundle runs its threads from itself (no source files, no tsx)', async () => {
    server = await startTestServer({});
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-threads-'));
    try {
      const agentPath = join(dir, 'load-agent.mjs');
      writeFileSync(agentPath, (await bundleWorkloadScripts()).agent);
      const spec: AgentSpec = {
        targetUrl: server.url,
        rps: 200,
        engine: 'open',
        arrival: 'uniform',
        connections: 4,
        warmupMs: 200,
        durationMs: 1_000,
        timeoutMs: 2_000,
        maxQueuedRequests: 10_000,
        requests: [{ name: 'get', method: 'GET', path: '/orders/{id}', weight: 1, body: 'none' }],
        seedOrders: 10,
        seed: 1,
        agentIndex: 0,
        startAtMs: 0,
        threads: 2,
      };
      const { stdout } = await promisify(execFile)(process.execPath, [agentPath], { cwd: dir, env: { PATH: process.env['PATH'], [AGENT_SPEC_ENV]: JSON.stringify(spec) } });
      const last = stdout.trim().split('\n').at(-1) as string;
      const result = (JSON.parse(last) as { result: AgentResult }).result;
      expect(result.errorCounts).toEqual({});
      expect(result.scheduled).toBe(200);
      expect(result.completed).toBe(200);
      expect(result.threads?.map((t) => t.sent)).toEqual([100, 100]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the module a load thread runs', () => {
  it('is the sibling thread module from the sources and from dist/, the bundle itself when bundled', () => {
    expect(threadEntry('file:///p/src/load/open-loop-threads.ts').entryUrl).toBe('file:///p/src/load/open-loop-thread-main.ts');
    expect(threadEntry('file:///p/src/load/open-loop-threads.ts').tsxApiUrl).toMatch(/\/tsx\/dist\/esm\/api\/index\.mjs$/);
    expect(threadEntry('file:///p/dist/load/open-loop-threads.js')).toEqual({ entryUrl: 'file:///p/dist/load/open-loop-thread-main.js', tsxApiUrl: null });
    expect(threadEntry('file:///opt/meshbench/agent.mjs')).toEqual({ entryUrl: 'file:///opt/meshbench/agent.mjs', tsxApiUrl: null });
  });
});
