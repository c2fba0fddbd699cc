/**
 * What the open-loop engine counts: every intended time kept, drops, error statuses, closed
 * connections, timeouts, refused connections. Counts and lower bounds that a busy machine cannot
 * break, so this file runs in the parallel tier; the time figures (rate held, lag, latency from
 * the intended send time) are in open-loop-engine-timing.test.ts, in the serial timing tier.
 */
import { describe, expect, it } from 'vitest';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { runOpenLoop } from '../../src/load/open-loop-engine.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { http1EngineLoad } from '../helpers/engine-load.ts';

const engine = http1EngineLoad();
const load = engine.load;

// Real processes on a shared 2-core machine: a stall of the machine can fail one attempt; a real
// bug fails all three.
describe('open-loop engine', { retry: 2 }, () => {
  it('keeps every intended time when the schedule wraps the waker ring many times', async () => {
    // 4,000 rps × 2.5 s = 10,000 measured requests, more than twice the ring's 4,096 entries.
    const r = await load({}, { rps: 4_000, durationMs: 2_500, warmupMs: 200, connections: 16 });
    expect(r.scheduled).toBe(10_000);
    expect(r.sent + r.dropped).toBe(10_000);
    expect(r.completed + Object.values(r.errorCounts).reduce((a, b) => a + b, 0)).toBe(r.sent);
    expect(summarizeHistogram(decodeHistogram(r.histograms.schedulerLagUs)).count).toBe(r.sent);
  });

  it('drops requests beyond the queue bound and counts them', async () => {
    const r = await load({ delayMs: 300 }, { rps: 100, connections: 1, maxQueuedRequests: 5, durationMs: 1_000, warmupMs: 0 });
    expect(r.dropped).toBeGreaterThan(50);
    expect(r.sent + r.dropped).toBe(r.scheduled);
  });

  it('counts error statuses and closed connections by kind', async () => {
    const errors = await load({ statusCode: 503 }, { durationMs: 500, warmupMs: 0 });
    expect(errors.statusCounts['503']).toBe(100);
    expect(errors.ok).toBe(0);
    expect(errors.errors).toBe(100);
    const closing = await load({ destroyEvery: 4 }, { durationMs: 1_000, warmupMs: 0 });
    const transport = Object.values(closing.errorCounts).reduce((a, b) => a + b, 0);
    expect(transport).toBeGreaterThan(20);
    expect(closing.completed + transport).toBe(closing.scheduled);
  });

  it('counts requests that outlive the timeout as timeouts and keeps them in the tail', async () => {
    const r = await load({ delayMs: 400 }, { rps: 20, durationMs: 500, warmupMs: 0, timeoutMs: 150 });
    expect(r.errorCounts['timeout']).toBe(10);
    const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
    expect(latency.count).toBe(10);
    expect(latency.minUs).toBeGreaterThanOrEqual(140_000);
  });

  it('reports connection refused without hanging', async () => {
    const r = await runOpenLoop({
      targetUrl: 'http://127.0.0.1:1',
      rps: 50,
      arrival: 'poisson',
      connections: 2,
      warmupMs: 0,
      durationMs: 400,
      timeoutMs: 1_000,
      maxQueuedRequests: 100,
      picker: createFixedRequestPicker({ method: 'GET', path: '/', body: null, headers: {} }),
      seed: 3,
    });
    expect(r.completed).toBe(0);
    expect(r.errorCounts['connect-refused']).toBe(r.scheduled);
  });
});
