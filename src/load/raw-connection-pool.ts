/**
 * A fixed-size pool of raw keep-alive connections for the open loop: a request goes to an idle
 * connection, or waits in a FIFO queue until one is free (still timed from its intended send
 * time). Connections open lazily, up to the pool size.
 */
import { PendingQueue } from './pending-queue.ts';
import { RawHttpConnection } from './raw-http-connection.ts';
import type { PooledRequest as PooledRequestOf, RequestPool } from './request-pool.ts';
import type { TlsConnector } from './tls-connect.ts';

/** A request waiting for, or using, a connection: its payload is the rendered request bytes. */
export type PooledRequest = PooledRequestOf<Buffer>;

export class RawConnectionPool implements RequestPool<Buffer> {
  private readonly idle: RawHttpConnection[] = [];
  private readonly queue = new PendingQueue<PooledRequest>();
  private opened = 0;
  private readonly all: RawHttpConnection[] = [];

  constructor(private readonly options: { host: string; port: number; connections: number; tls?: TlsConnector | undefined }) {}

  /** Requests waiting for a connection. */
  get queued(): number {
    return this.queue.length;
  }

  submit(request: PooledRequest): void {
    const connection = this.idle.pop() ?? this.openConnection();
    if (connection) this.dispatch(connection, request);
    else this.queue.push(request);
  }

  /** The request on `connection` finished: hand the connection to the next queued request. */
  release(connection: RawHttpConnection): void {
    const next = this.queue.length > 0 ? this.queue.next(performance.now()) : null;
    if (next) this.dispatch(connection, next);
    else this.idle.push(connection);
  }

  /** Fails every request on a connection whose deadline passed (called by the deadline sweep). */
  expireActive(nowMs: number): void {
    for (const c of this.all) {
      const r = c.current as PooledRequest | null;
      if (r?.isExpired(nowMs)) c.expire();
    }
  }

  /** Fails every queued request that waited past its deadline (called by the deadline sweep). */
  expireQueued(nowMs: number): void {
    this.queue.expire(nowMs);
  }

  close(): void {
    for (const c of this.all) c.close();
  }

  private openConnection(): RawHttpConnection | null {
    if (this.opened >= this.options.connections) return null;
    this.opened++;
    const connection = new RawHttpConnection({ host: this.options.host, port: this.options.port, tls: this.options.tls });
    this.all.push(connection);
    return connection;
  }

  private dispatch(connection: RawHttpConnection, request: PooledRequest): void {
    request.onDispatch(connection);
    connection.send(request.payload, request);
  }
}
