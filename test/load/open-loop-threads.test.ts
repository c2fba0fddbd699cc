/**
 * The threaded open loop: the schedule split across threads, one merged histogram, each thread's
 * health, the bundled agent's threads over http and https. Counts, so this file runs in the
 * parallel tier; the merged tail's time figures are in open-loop-threads-timing.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_SPEC_ENV, type AgentResult, type AgentSpec } from '../../src/plan/agent-protocol.ts';
import { bundleWorkloadScripts } from '../../src/workload/workload-bundle.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { runOpenLoopThreads, threadEntry } from '../../src/load/open-loop-threads.ts';
import { startTestServer, type TestServer } from '../helpers/http-test-server.ts';
import { createTestPki } from '../helpers/test-pki.ts';
import { startTlsTestServer } from '../helpers/tls-test-server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

// Real processes on a shared 2-core machine: a stall can fail one attempt; a real bug fails all three.
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

// Real processes on a shared 2-core machine: a stall can fail one attempt; a real bug fails all three.
describe('threaded open loop over https in the bundled agent', { retry: 2 }, () => {
  it('every thread speaks TLS with the spec\'s CA and the result merges their TLS figures; an untrusted server fails the agent at once', async () => {
    const pki = createTestPki();
    const tlsServer = await startTlsTestServer({ pki });
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-threads-tls-'));
    try {
      const agentPath = join(dir, 'load-agent.mjs');
      writeFileSync(agentPath, (await bundleWorkloadScripts()).agent);
      const spec: AgentSpec = {
        targetUrl: `https://localhost:${tlsServer.port}`,
        tls: { caFile: pki.caCertFile },
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
      const run = (s: AgentSpec) =>
        promisify(execFile)(process.execPath, [agentPath], { cwd: dir, env: { PATH: process.env['PATH'], [AGENT_SPEC_ENV]: JSON.stringify(s) } }).catch(
          (err: { code: number; stdout: string }) => ({ stdout: err.stdout, code: err.code }),
        );
      const { stdout } = await run(spec);
      const result = (JSON.parse(stdout.trim().split('\n').at(-1) as string) as { result: AgentResult }).result;
      expect(result.errorCounts).toEqual({});
      expect(result.completed).toBe(200);
      expect(result.threads?.map((t) => t.sent)).toEqual([100, 100]);
      expect(result.tls?.version).toBe('TLSv1.3');
      // Each thread opens its own connections (at most 2 of the 4 each); the server also saw the agent's probe.
      expect(result.tls?.handshakes).toBe(tlsServer.handshakes - 1);
      expect(result.tls?.handshakes).toBeGreaterThanOrEqual(2);
      expect(new Set(tlsServer.servernames)).toEqual(new Set(['localhost']));

      const requestsBefore = tlsServer.requests;
      const untrusted = await run({ ...spec, tls: undefined });
      expect((untrusted as { code?: number }).code).toBe(1);
      expect(untrusted.stdout).toMatch(/"type":"error","message":"TLS with localhost:\d+ \(SNI localhost\) failed: /);
      expect(tlsServer.requests).toBe(requestsBefore);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await tlsServer.close();
      pki.cleanup();
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

  it('is the thread entry beside a chunk of the CLI bundle (dist/cli-bundle/)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-cli-bundle-'));
    try {
      const chunk = pathToFileURL(join(dir, 'chunk-ABC123.js')).href;
      expect(threadEntry(chunk)).toEqual({ entryUrl: chunk, tsxApiUrl: null });
      writeFileSync(join(dir, 'open-loop-thread-main.js'), '');
      expect(threadEntry(chunk)).toEqual({ entryUrl: pathToFileURL(join(dir, 'open-loop-thread-main.js')).href, tsxApiUrl: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
