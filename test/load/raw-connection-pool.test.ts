import { afterEach, describe, expect, it } from 'vitest';
import { type PooledRequest, RawConnectionPool } from '../../src/load/raw-connection-pool.ts';
import { type RawHttpConnection, renderHttpRequest } from '../../src/load/raw-http-connection.ts';
import { startTestServer, type TestServer } from '../helpers/http-test-server.ts';

let server: TestServer | null = null;
let pool: RawConnectionPool | null = null;
afterEach(async () => {
  pool?.close();
  pool = null;
  await server?.close();
  server = null;
});

/** A request that records what happened to it and hands its connection back to the pool when settled. */
class Probe implements PooledRequest {
  readonly payload: Buffer;
  connection: RawHttpConnection | null = null;
  outcome: string | null = null;
  expired = false;
  readonly settled: Promise<string>;
  private settle: (outcome: string) => void = () => undefined;

  constructor(
    private readonly pool: RawConnectionPool,
    host: string,
  ) {
    this.payload = renderHttpRequest({ host, method: 'GET', path: '/', headers: {}, body: null });
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  onDispatch(connection: RawHttpConnection): void {
    this.connection = connection;
  }

  isExpired(): boolean {
    return this.expired;
  }

  onResponse(statusCode: number): void {
    this.finish(String(statusCode));
  }

  onError(kind: string): void {
    this.finish(kind);
  }

  /** As the engine does: settle, then hand the connection on. */
  private finish(outcome: string): void {
    this.outcome = outcome;
    this.settle(outcome);
    if (this.connection) this.pool.release(this.connection);
  }
}

async function setUp(connections: number): Promise<{ pool: RawConnectionPool; probe: () => Probe }> {
  server = await startTestServer({});
  const p = new RawConnectionPool({ host: '127.0.0.1', port: server.port, connections });
  pool = p;
  const host = `127.0.0.1:${server.port}`;
  return { pool: p, probe: () => new Probe(p, host) };
}

describe('RawConnectionPool', () => {
  it('dispatches up to the pool size at once and queues the rest in order', async () => {
    const { pool, probe } = await setUp(2);
    const probes = [probe(), probe(), probe(), probe()];
    for (const p of probes) pool.submit(p);
    expect(probes.map((p) => p.connection !== null)).toEqual([true, true, false, false]);
    expect(pool.queued).toBe(2);
    expect(probes[0]?.connection).not.toBe(probes[1]?.connection);
    expect(await Promise.all(probes.map((p) => p.settled))).toEqual(['200', '200', '200', '200']);
    expect(pool.queued).toBe(0);
    // The queued requests reused the two connections.
    expect(new Set(probes.map((p) => p.connection)).size).toBe(2);
    expect(server?.requests).toBe(4);
  });

  it('fails a queued request that waited past its deadline instead of sending it', async () => {
    const { pool, probe } = await setUp(1);
    const [first, late, last] = [probe(), probe(), probe()];
    for (const p of [first, late, last]) if (p) pool.submit(p);
    if (late) late.expired = true;
    expect(await Promise.all([first?.settled, late?.settled, last?.settled])).toEqual(['200', 'timeout', '200']);
    expect(late?.connection).toBeNull();
    expect(server?.requests).toBe(2);
  });

  it('sweeps expired requests out of the queue, keeping the others in order', async () => {
    const { pool, probe } = await setUp(1);
    const probes = [probe(), probe(), probe(), probe()];
    for (const p of probes) pool.submit(p);
    if (probes[1]) probes[1].expired = true;
    pool.expireQueued(performance.now());
    expect(probes[1]?.outcome).toBe('timeout');
    expect(pool.queued).toBe(2);
    expect(await Promise.all(probes.map((p) => p.settled))).toEqual(['200', 'timeout', '200', '200']);
  });

  it('expires a request on its connection when its deadline passed', async () => {
    const { pool, probe } = await setUp(1);
    const slow = probe();
    pool.submit(slow);
    // Synchronously after sending: no answer can have arrived yet.
    pool.expireActive(performance.now());
    expect(slow.outcome).toBeNull();
    slow.expired = true;
    pool.expireActive(performance.now());
    expect(await slow.settled).toBe('timeout');
    // The pool still works: the next request gets a fresh connection.
    const next = probe();
    pool.submit(next);
    expect(await next.settled).toBe('200');
  });
});
