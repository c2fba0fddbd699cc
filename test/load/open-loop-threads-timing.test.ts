/**
 * The threaded open loop's time figures (timing tier, one file at a time): a stalled server shows
 * in the merged latency tail. What the threads count is in open-loop-threads.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runOpenLoopThreads } from '../../src/load/open-loop-threads.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { startTestServer, type TestServer } from '../helpers/http-test-server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

// Real processes and wall-clock timing on a shared 2-core machine: a stall of the machine can
// fail one attempt; a real bug fails all three.
describe('threaded open loop', { retry: 2 }, () => {
  it('a stalled server still shows in the merged tail', async () => {
    // The server stops answering for 250 ms of every 500 ms. A 1 s window is two whole stall
    // cycles: about half the arrivals meet a stall, as over 2 s.
    server = await startTestServer({ stallEveryMs: 500, stallForMs: 250 });
    const r = await runOpenLoopThreads({
      targetUrl: server.url,
      rps: 100,
      arrival: 'poisson',
      connections: 4,
      warmupMs: 300,
      durationMs: 1_000,
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
