/**
 * A load thread's protocol, run in process: node:worker_threads is replaced by a fake port (the
 * module believes it is a load thread) and the engine by a recorder. What is tested is the thread
 * around the engine: it announces itself, waits for its start message, builds its picker from the
 * spec, and posts the result with its health, or the failure with whether it was aborted. Threads
 * that really measure are covered by test/load/open-loop-threads.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThreadMessage, ThreadStart } from '../../src/load/open-loop-thread-protocol.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';

const fake = vi.hoisted(() => {
  const state = {
    listeners: [] as ((m: unknown) => void)[],
    posted: [] as unknown[],
    closed: false,
    engineCalls: [] as Record<string, unknown>[],
    engine: (async () => ({})) as (options: Record<string, unknown>) => Promise<unknown>,
  };
  const port = {
    on: (_event: string, listener: (m: unknown) => void) => state.listeners.push(listener),
    postMessage: (m: unknown) => state.posted.push(m),
    close: () => {
      state.closed = true;
    },
  };
  const send = (m: unknown): void => {
    for (const listener of state.listeners) listener(m);
  };
  return { state, port, send };
});

vi.mock('node:worker_threads', () => ({
  isMainThread: false,
  parentPort: fake.port,
  workerData: { kind: 'meshbench-open-loop-thread' },
  Worker: class {},
}));
vi.mock('../../src/load/open-loop-engine.ts', () => ({
  runOpenLoop: (options: Record<string, unknown>) => {
    fake.state.engineCalls.push(options);
    return fake.state.engine(options);
  },
}));

function lagHistogram(): string {
  const h = createLatencyHistogram();
  for (const us of [100, 200, 300, 400, 10_000]) recordLatencyUs(h, us);
  return encodeHistogram(h);
}

const start: ThreadStart = {
  type: 'start',
  options: { targetUrl: 'http://127.0.0.1:9', rps: 100, arrival: 'uniform', connections: 2, warmupMs: 0, durationMs: 10, timeoutMs: 100, maxQueuedRequests: 10, seed: 7, slice: { index: 1, count: 2 } },
  picker: { kind: 'fixed', method: 'POST', path: '/orders', body: '{"a":1}', headers: {}, seed: 7 },
};

/** Loads the thread module (it runs at once) and waits until it said it is ready; `done` settles when the thread ends. */
async function loadThread(): Promise<{ done: Promise<unknown> }> {
  const done = import('../../src/load/open-loop-thread-main.ts');
  await vi.waitFor(() => expect(fake.state.posted).toContainEqual({ type: 'ready' }));
  // Wrapped: an async function returning the promise itself would wait for it.
  return { done };
}

beforeEach(() => {
  vi.resetModules();
  fake.state.listeners.length = 0;
  fake.state.posted.length = 0;
  fake.state.engineCalls.length = 0;
  fake.state.closed = false;
});
afterEach(() => {
  fake.state.engine = async () => ({});
});

describe('open-loop thread', () => {
  it('announces itself, runs its slice on start and posts the result with its health, then closes its port', async () => {
    fake.state.engine = async (options) => {
      (options['onWindowStart'] as () => void)();
      (options['onWindowEnd'] as () => void)();
      return { sent: 42, dropped: 1, lateSends: 3, histograms: { schedulerLagUs: lagHistogram() } };
    };
    const { done: loading } = await loadThread();
    expect(fake.state.engineCalls).toEqual([]);
    fake.send(start);
    await loading;
    const call = fake.state.engineCalls[0] ?? {};
    expect(call).toMatchObject({ ...start.options });
    const request = (call['picker'] as { next(): { method: string; path: string; body: Buffer | null; headers: Record<string, string> } }).next();
    expect([request.method, request.path, request.body?.toString(), request.headers['content-type']]).toEqual(['POST', '/orders', '{"a":1}', 'application/json']);
    const [, result] = fake.state.posted as ThreadMessage[];
    expect(result?.type).toBe('result');
    if (result?.type !== 'result') throw new Error('no result');
    expect(result.health).toMatchObject({ index: 1, sent: 42, dropped: 1, lateSends: 3 });
    expect(result.health.lagP99Us).toBeGreaterThanOrEqual(9_000);
    // CPU of the thread over the window, from /proc/thread-self/stat (Linux).
    expect(result.health.cpuSeconds).toEqual(expect.any(Number));
    expect(fake.state.closed).toBe(true);
  });

  it('builds a weighted mix picker from a mix spec', async () => {
    fake.state.engine = async () => ({ sent: 0, dropped: 0, lateSends: 0, histograms: { schedulerLagUs: lagHistogram() } });
    const { done: loading } = await loadThread();
    fake.send({ ...start, picker: { kind: 'mix', requests: [{ name: 'get', method: 'GET', path: '/orders/{id}', weight: 1, body: 'none' }], seedOrders: 3, seed: 1 } });
    await loading;
    const picker = fake.state.engineCalls[0]?.['picker'] as { next(): { path: string } };
    expect(picker.next().path).toMatch(/^\/orders\/[123]$/);
  });

  it('posts the engine\'s failure, marked aborted after an abort message', async () => {
    fake.state.engine = async (options) => {
      throw new Error((options['signal'] as AbortSignal).aborted ? 'interrupted' : 'rate must be positive, got 0');
    };
    let { done: loading } = await loadThread();
    fake.send(start);
    await loading;
    expect(fake.state.posted.at(-1)).toEqual({ type: 'error', message: 'rate must be positive, got 0', aborted: false });

    vi.resetModules();
    fake.state.posted.length = 0;
    fake.state.listeners.length = 0;
    ({ done: loading } = await loadThread());
    fake.send({ type: 'abort' });
    fake.send(start);
    await loading;
    expect(fake.state.posted.at(-1)).toEqual({ type: 'error', message: 'interrupted', aborted: true });
  });
});
