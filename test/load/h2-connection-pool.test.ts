import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, Flag, FrameType, frame, goawayFrame } from '../../src/load/h2-frames.ts';
import { encodeHeaderBlock } from '../../src/load/hpack-encoder.ts';
import { createH2ClosedLoopLanes, H2ConnectionPool, type H2PoolOptions } from '../../src/load/h2-connection-pool.ts';
import { prepareH2Request } from '../../src/load/h2-request.ts';
import type { PooledRequest, RequestChannel } from '../../src/load/request-pool.ts';
import { startRawH2Server } from '../helpers/raw-h2-server.ts';
import { type H2TestServer, type H2TestServerOptions, startH2TestServer } from '../helpers/h2-test-server.ts';

let server: H2TestServer | null = null;
let pool: H2ConnectionPool | null = null;
afterEach(async () => {
  pool?.close();
  pool = null;
  await server?.close();
  server = null;
});

const GET = prepareH2Request({ scheme: 'http', authority: 'test', method: 'GET', path: '/orders/1', routePath: '/orders/1', headers: {}, body: null });

interface Probe extends PooledRequest<typeof GET> {
  outcome: number | string | null;
  done: Promise<void>;
}

/** A request that releases its stream when it ends, as the open loop does. */
function probe(p: H2ConnectionPool, deadlineMs = Number.POSITIVE_INFINITY): Probe {
  let channel: RequestChannel | null = null;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const end = (outcome: number | string) => {
    r.outcome = outcome;
    if (channel) p.release(channel);
    finish();
  };
  const r: Probe = {
    payload: GET,
    outcome: null,
    done,
    onDispatch: (c) => (channel = c),
    isExpired: (nowMs) => nowMs > deadlineMs,
    onResponse: (s) => end(s),
    onError: (k) => end(k),
  };
  return r;
}

async function start(serverOptions: H2TestServerOptions, poolOptions: Partial<H2PoolOptions>) {
  server = await startH2TestServer(serverOptions);
  pool = new H2ConnectionPool({ host: '127.0.0.1', port: server.port, tls: null, connections: 1, maxStreams: 10, ...poolOptions });
  return { server, pool };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HTTP/2 connection pool', () => {
  it("never opens more streams than the server's SETTINGS_MAX_CONCURRENT_STREAMS; the rest queue", async () => {
    const { server: s, pool: p } = await start({ maxConcurrentStreams: 3, delayMs: 150 }, { maxStreams: 10 });
    const requests = Array.from({ length: 12 }, () => probe(p));
    for (const r of requests) p.submit(r);
    await sleep(80);
    expect(s.openStreams).toBeLessThanOrEqual(3);
    expect(p.queued).toBe(9);
    await Promise.all(requests.map((r) => r.done));
    expect(requests.map((r) => r.outcome)).toEqual(Array(12).fill(200));
    expect(s.maxOpenStreams).toBe(3);
    expect(s.requests).toBe(12);
  });

  it('keeps to its own stream limit below the server’s, over every connection', async () => {
    const { server: s, pool: p } = await start({ delayMs: 100 }, { connections: 2, maxStreams: 4 });
    const requests = Array.from({ length: 20 }, () => probe(p));
    for (const r of requests) p.submit(r);
    await sleep(50);
    expect(p.active).toBe(8);
    expect(p.queued).toBe(12);
    await Promise.all(requests.map((r) => r.done));
    expect(s.maxOpenStreams).toBe(8);
    expect(requests.every((r) => r.outcome === 200)).toBe(true);
  });

  it('fails a queued request whose deadline passed as a timeout, without sending it', async () => {
    const { server: s, pool: p } = await start({ maxConcurrentStreams: 1, delayMs: 300 }, { maxStreams: 1 });
    const first = probe(p);
    const late = probe(p, performance.now() + 50);
    p.submit(first);
    p.submit(late);
    await sleep(120);
    p.expireQueued(performance.now());
    await Promise.all([first.done, late.done]);
    expect(late.outcome).toBe('timeout');
    expect(first.outcome).toBe(200);
    expect(s.requests).toBe(1);
  });

  it('cancels a running stream past its deadline: a timeout, and the slot is free again', async () => {
    const { server: s, pool: p } = await start({ delayMs: 2_000 }, { maxStreams: 1 });
    const slow = probe(p, performance.now() + 50);
    p.submit(slow);
    await sleep(150);
    p.expireActive(performance.now());
    await slow.done;
    expect(slow.outcome).toBe('timeout');
    expect(p.active).toBe(0);
    await sleep(50);
    expect(s.openStreams).toBe(0);
  });

  it('fails the waiting requests as connect-refused when no connection can be opened', async () => {
    const { server: s } = await start({}, {});
    const port = s.port;
    await s.close();
    server = null;
    pool?.close();
    pool = new H2ConnectionPool({ host: '127.0.0.1', port, tls: null, connections: 2, maxStreams: 4 });
    const requests = Array.from({ length: 5 }, () => probe(pool as H2ConnectionPool));
    for (const r of requests) pool.submit(r);
    await Promise.all(requests.map((r) => r.done));
    expect(requests.map((r) => r.outcome)).toEqual(Array(5).fill('connect-refused'));
  });

  it('gives the closed loop connections × streams lanes, all busy at once', async () => {
    server = await startH2TestServer({ delayMs: 100 });
    const lanes = createH2ClosedLoopLanes({ host: '127.0.0.1', port: server.port, tls: null, connections: 2, maxStreams: 3 });
    expect(lanes).toHaveLength(6);
    const outcomes = await Promise.all(
      lanes.map((lane) => new Promise<number | string>((resolve) => lane.send(GET, { onResponse: resolve, onError: resolve }))),
    );
    expect(outcomes).toEqual(Array(6).fill(200));
    expect(server.maxOpenStreams).toBe(6);
    for (const lane of lanes) lane.close();
  });
});

describe('HTTP/2 connection pool and GOAWAY', () => {
  it('runs the streams a GOAWAY left unprocessed again on a fresh connection', async () => {
    const block = encodeHeaderBlock([[':status', '200']]);
    const raw = await startRawH2Server({
      onFrame: (peer, f) => {
        if (f.type !== FrameType.HEADERS) return;
        const answer = frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, f.streamId, block);
        // The first connection processes stream 1 only and goes away once it has seen stream 5.
        if (peer.connection > 0) peer.send(answer);
        else if (f.streamId === 5) peer.send(goawayFrame(1, ErrorCode.NO_ERROR), frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, 1, block));
      },
    });
    try {
      pool = new H2ConnectionPool({ host: '127.0.0.1', port: raw.port, tls: null, connections: 1, maxStreams: 4 });
      const requests = Array.from({ length: 3 }, () => probe(pool as H2ConnectionPool));
      for (const r of requests) pool.submit(r);
      await Promise.all(requests.map((r) => r.done));
      expect(requests.map((r) => r.outcome)).toEqual([200, 200, 200]);
      expect(raw.connections).toBe(2);
    } finally {
      await raw.close();
    }
  });
});
