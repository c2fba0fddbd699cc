/**
 * The closed-loop engine's time figures (timing tier, one file at a time): the throughput it
 * drives and µs latencies. What it counts when things fail is in closed-loop-engine.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../src/load/closed-loop-engine.ts';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { startTestServer, type TestServer } from '../helpers/http-test-server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

// Real processes and wall-clock timing on a shared 2-core machine: a stall of the machine can
// fail one attempt; a real bug fails all three.
describe('closed-loop engine', { retry: 2 }, () => {
  it('drives max throughput and records every response in µs', async () => {
    server = await startTestServer({});
    const r = await runClosedLoop({
      targetUrl: server.url,
      connections: 4,
      warmupMs: 300,
      durationMs: 1_000,
      timeoutMs: 2_000,
      picker: createFixedRequestPicker({ method: 'POST', path: '/orders', body: '{"a":1}', headers: {} }),
    });
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    expect(r.completed).toBeGreaterThan(200);
    expect(latency.count).toBe(r.completed);
    expect(r.statusCounts['200']).toBe(r.completed);
    // µs resolution: a millisecond histogram (autocannon's) would put loopback latencies in whole ms.
    expect(latency.p50Us % 1_000).not.toBe(0);
  });

  it('with a 20 ms server, N connections give about N/20ms throughput', async () => {
    server = await startTestServer({ delayMs: 20 });
    const r = await runClosedLoop({
      targetUrl: server.url,
      connections: 4,
      warmupMs: 0,
      durationMs: 1_000,
      timeoutMs: 2_000,
      picker: createFixedRequestPicker({ method: 'GET', path: '/', body: null, headers: {} }),
    });
    const rps = r.completed / (r.durationMs / 1_000);
    expect(rps).toBeGreaterThan(100);
    expect(rps).toBeLessThan(210);
  });
});
