/**
 * The open-loop engine's time figures (timing tier, one file at a time): the rate held, latency
 * from the intended send time, scheduler lag, queueing behind busy connections, a prompt stop.
 * What it counts (drops, errors, timeouts) is in open-loop-engine.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { type OpenLoopOptions, runOpenLoop } from '../../src/load/open-loop-engine.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/http-test-server.ts';
import { createTestPki, type TestPki } from '../helpers/test-pki.ts';
import { startTlsTestServer, type TlsTestServer } from '../helpers/tls-test-server.ts';

// The same load as the original engine test, written out here rather than through
// test/helpers/engine-load.ts: with the helper, the wake-on-response lag test (p50 < 5 ms) needed
// retries on a loaded machine more often, for no reason found; this file keeps the code path
// the bounds were set on.
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function load(serverOptions: TestServerOptions, options: Partial<OpenLoopOptions> = {}) {
  server = await startTestServer(serverOptions);
  return runOpenLoop({
    targetUrl: server.url,
    rps: 200,
    arrival: 'uniform',
    connections: 8,
    warmupMs: 300,
    durationMs: 1_500,
    timeoutMs: 2_000,
    maxQueuedRequests: 10_000,
    picker: createFixedRequestPicker({ method: 'GET', path: '/orders/1', body: null, headers: {} }),
    seed: 1,
    ...options,
  });
}

// Real processes and wall-clock timing on a shared 2-core machine: a stall of the machine can
// fail one attempt; a real bug fails all three.
describe('open-loop engine', { retry: 2 }, () => {
  it('holds the target rate against a fast server and records µs latencies', async () => {
    const r = await load({});
    // 200 rps × 1.5 s, intended times in the window only.
    expect(r.scheduled).toBe(300);
    expect(r.completed).toBe(300);
    expect(r.errors).toBe(0);
    expect(r.statusCounts).toEqual({ '200': 300 });
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    expect(latency.count).toBe(300);
    // Loopback answers in well under 50 ms; µs resolution means non-integer-ms values appear.
    expect(latency.p50Us).toBeLessThan(50_000);
    expect(latency.minUs).toBeGreaterThan(0);
    expect(r.windowEndMs - r.windowStartMs).toBeCloseTo(1_500, 0);
  });

  it('times latency from the intended send time, so a stalling server shows in the tail', async () => {
    // The server stops answering for 250 ms of every 500 ms: requests queue up behind the stall.
    // A 1 s window is two whole stall cycles: the same share of arrivals (half) meets a stall as
    // over 2 s, whatever the phase.
    const r = await load({ stallEveryMs: 500, stallForMs: 250 }, { rps: 100, durationMs: 1_000 });
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    expect(r.completed).toBe(r.scheduled);
    // About half the requests arrive during a stall and wait up to 250 ms.
    expect(latency.p90Us).toBeGreaterThan(100_000);
    expect(latency.maxUs).toBeGreaterThan(200_000);
    expect(latency.p50Us).toBeGreaterThan(latency.minUs);
  });

  it('sends due requests in batches but times each from its own intended time', async () => {
    // One wake-up per 50 ms at 200 rps: batches of ~10 requests, due over the 50 ms before it.
    const r = await load({}, { minWakeGapMs: 50, durationMs: 1_000 });
    expect(r.scheduled).toBe(200);
    expect(r.completed).toBe(200);
    const lag = summarizeHistogram(decodeHistogram(r.histograms.schedulerLagUs));
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    // Timed from the batch's wake-up, every lag would be ~0; from each intended time they spread
    // evenly over the gap: the first of a batch waited ~45 ms, the last ~0.
    expect(lag.p50Us).toBeGreaterThan(15_000);
    expect(lag.maxUs).toBeGreaterThan(40_000);
    expect(lag.minUs).toBeLessThan(10_000);
    expect(latency.p50Us).toBeGreaterThan(15_000);
    expect(r.lateSends).toBeGreaterThan(150);
  });

  it('sends what fell due when a response wakes it, before the next wake-up, still timed from the intended time', async () => {
    // Wake-ups only every 50 ms, but a response every ~5 ms (6 ms service, 200 rps): each response
    // finds the next request due and sends it then, ~1 ms late instead of up to 50 ms.
    const r = await load({ delayMs: 6 }, { minWakeGapMs: 50, durationMs: 1_000 });
    expect(r.completed).toBe(200);
    const lag = summarizeHistogram(decodeHistogram(r.histograms.schedulerLagUs));
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    const service = summarizeHistogram(decodeHistogram(r.histograms.serviceTimeUs));
    // Waiting for the waker alone, the median lag would be ~25 ms (the test above).
    expect(lag.p50Us).toBeLessThan(5_000);
    // Never early: latency is the lag plus the service time, each request from its own intended time.
    expect(lag.minUs).toBeGreaterThanOrEqual(0);
    expect(latency.p50Us).toBeGreaterThanOrEqual(service.p50Us);
  });

  it('keeps the schedule when every connection is busy: waiting time counts as latency', async () => {
    // 1 connection, 50 ms per response, 40 rps: the connection can serve 20 rps, so a queue builds.
    const r = await load({ delayMs: 50 }, { rps: 40, connections: 1, durationMs: 1_000, warmupMs: 0, timeoutMs: 5_000 });
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    const service = summarizeHistogram(decodeHistogram(r.histograms.serviceTimeUs));
    expect(r.scheduled).toBe(40);
    // Service time stays ~50 ms while latency grows with the queue.
    expect(service.p50Us).toBeLessThan(120_000);
    expect(latency.maxUs).toBeGreaterThan(500_000);
  });

  it('stops promptly when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await expect(load({}, { durationMs: 10_000, signal: controller.signal })).rejects.toThrow(/interrupted/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('open-loop engine over TLS', { retry: 2 }, () => {
  let pki: TestPki;
  let tlsServer: TlsTestServer | null = null;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => pki.cleanup());
  afterEach(async () => {
    await tlsServer?.close();
    tlsServer = null;
  });

  it('times latency from the intended send time over https too, and records the negotiated TLS', async () => {
    // The server stops answering for 250 ms of every 500 ms, and closes every 50th connection's
    // keep-alive, so requests queue behind stalls and connections are re-made mid-run. The 1 s
    // window is two whole stall cycles (the share of arrivals that meets a stall is the 2 s
    // window's); its 130 requests (warm-up included) still close two keep-alives.
    tlsServer = await startTlsTestServer({ pki, stallEveryMs: 500, stallForMs: 250, closeEvery: 50 });
    const r = await runOpenLoop({
      targetUrl: `https://localhost:${tlsServer.port}/`,
      tls: { caFile: pki.caCertFile },
      rps: 100,
      arrival: 'uniform',
      connections: 4,
      warmupMs: 300,
      durationMs: 1_000,
      timeoutMs: 2_000,
      maxQueuedRequests: 10_000,
      picker: createFixedRequestPicker({ method: 'GET', path: '/orders/1', body: null, headers: {} }),
      seed: 1,
    });
    expect(r.completed).toBe(r.scheduled);
    expect(r.errors).toBe(0);
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    const service = summarizeHistogram(decodeHistogram(r.histograms.serviceTimeUs));
    // Half the arrivals fall in a stall and wait up to 250 ms, counted from their intended times.
    expect(latency.p90Us).toBeGreaterThan(100_000);
    expect(latency.maxUs).toBeGreaterThan(200_000);
    expect(latency.p50Us).toBeGreaterThanOrEqual(service.p50Us);
    expect(r.tls?.version).toBe('TLSv1.3');
    expect(r.tls?.cipher).toMatch(/^TLS_/);
    // 4 first connections, then reconnects after each Connection: close, which resume.
    expect(r.tls?.handshakes).toBe(tlsServer.handshakes);
    expect(r.tls?.resumedSessions).toBe(tlsServer.resumed);
    expect(tlsServer.resumed).toBeGreaterThan(0);
    expect(new Set(tlsServer.servernames)).toEqual(new Set(['localhost']));
  });
});
