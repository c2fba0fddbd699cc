/**
 * What the closed-loop engine counts when things fail: closed connections, error statuses,
 * timeouts of a stuck server. Counts, so this file runs in the parallel tier; its time figures
 * (throughput, µs latencies) are in closed-loop-engine-timing.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../src/load/closed-loop-engine.ts';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { startTestServer, type TestServer } from '../helpers/http-test-server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('closed-loop engine failures', () => {
  it('counts closed connections and error statuses, and times out a stuck server', async () => {
    server = await startTestServer({ destroyEvery: 5 });
    const closing = await runClosedLoop({
      targetUrl: server.url,
      connections: 2,
      warmupMs: 0,
      durationMs: 500,
      timeoutMs: 1_000,
      picker: createFixedRequestPicker({ method: 'GET', path: '/', body: null, headers: {} }),
    });
    expect(closing.completed).toBeGreaterThan(20);
    expect(closing.errorCounts['closed'] ?? 0).toBeGreaterThan(0);
    await server.close();
    server = await startTestServer({ delayMs: 2_000 });
    const stuck = await runClosedLoop({
      targetUrl: server.url,
      connections: 2,
      warmupMs: 0,
      durationMs: 400,
      timeoutMs: 150,
      picker: createFixedRequestPicker({ method: 'GET', path: '/', body: null, headers: {} }),
    });
    expect(stuck.completed).toBe(0);
    expect(stuck.errorCounts['timeout']).toBeGreaterThanOrEqual(2);
  });
});
