import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutcomeCounts } from '../../src/load/request-outcome.ts';
import type { RequestChannel, RequestPool } from '../../src/load/request-pool.ts';
import { type Tallies, TimedRequest } from '../../src/load/timed-request.ts';
import { createLatencyHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function tallies(): Tallies & { released: RequestChannel[] } {
  const released: RequestChannel[] = [];
  const pool = { release: (channel: RequestChannel) => released.push(channel) } as unknown as RequestPool<unknown>;
  return {
    released,
    pool,
    counts: new OutcomeCounts(),
    timeoutMs: 1_000,
    latency: createLatencyHistogram(),
    serviceTime: createLatencyHistogram(),
    inFlight: 1,
    inFlightMeasured: 1,
    onSettled: null,
  };
}

/** A clock the test moves: performance.now() returns it. */
function clockAt(ms: number): { set(ms: number): void } {
  let now = ms;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  return { set: (next) => (now = next) };
}

const channel: RequestChannel = { expire: () => undefined };

describe('TimedRequest', () => {
  it('times latency from the intended send time and service time from the dispatch, then frees its channel', () => {
    const t = tallies();
    const clock = clockAt(105);
    const request = new TimedRequest('payload', 100, true, t);
    request.onDispatch(channel);
    clock.set(112);
    request.onResponse(200);
    expect(summarizeHistogram(t.latency).maxUs).toBeCloseTo(12_000, -2);
    expect(summarizeHistogram(t.serviceTime).maxUs).toBeCloseTo(7_000, -2);
    expect(t.counts.completed).toBe(1);
    expect(t.released).toEqual([channel]);
    expect([t.inFlight, t.inFlightMeasured]).toEqual([0, 0]);
  });

  it('a warm-up request is sent and settled but tallies nothing', () => {
    const t = tallies();
    t.inFlightMeasured = 0;
    clockAt(105);
    const request = new TimedRequest('payload', 100, false, t);
    request.onDispatch(channel);
    request.onResponse(200);
    expect(t.latency.totalCount).toBe(0);
    expect(t.counts.completed).toBe(0);
    expect([t.inFlight, t.inFlightMeasured]).toEqual([0, 0]);
  });

  it('a timeout keeps the request in the latency tail and counts the error; a queued request has no channel to free', () => {
    const t = tallies();
    clockAt(1_250);
    const settled: number[] = [];
    t.onSettled = () => settled.push(t.inFlight);
    const request = new TimedRequest('payload', 100, true, t);
    expect(request.isExpired(1_050)).toBe(false);
    expect(request.isExpired(1_150)).toBe(true);
    request.onError('timeout');
    expect(summarizeHistogram(t.latency).maxUs).toBeCloseTo(1_150_000, -4);
    expect(t.counts.errorCounts).toEqual({ timeout: 1 });
    expect(t.released).toEqual([]);
    expect(settled).toEqual([0]);
  });

  it('expire() fails the request on its channel', () => {
    const t = tallies();
    const expire = vi.fn();
    const request = new TimedRequest('payload', 100, true, t);
    request.expire();
    expect(expire).not.toHaveBeenCalled();
    request.onDispatch({ expire });
    request.expire();
    expect(expire).toHaveBeenCalledOnce();
  });
});
