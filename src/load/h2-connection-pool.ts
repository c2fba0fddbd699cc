/**
 * HTTP/2 connections for the load engines: `connections` sessions, each carrying up to
 * `maxStreams` streams (or fewer, when the server's SETTINGS_MAX_CONCURRENT_STREAMS says so).
 *
 * - Open loop (`H2ConnectionPool`): a request starts a stream on a connection with a free slot,
 *   else waits in one FIFO queue, timed from its intended send time like an HTTP/1.1 request
 *   waiting for a connection. Connections open on the first request, all at once (as h2load does).
 * - Closed loop (`H2ClosedLoopLanes`): connections × maxStreams lanes, each sending its next
 *   request when the previous one ends (h2load's `-c C -m S`).
 */
import { H2Connection, type H2Exchange, type H2TlsOptions } from './h2-connection.ts';
import type { H2Request } from './h2-request.ts';
import type { ClosedLoopChannel, PooledRequest, RequestChannel, RequestPool, ResponseHandler } from './request-pool.ts';

export interface H2PoolOptions {
  host: string;
  port: number;
  origin: string;
  tls: H2TlsOptions | null;
  connections: number;
  maxStreams: number;
}

export class H2ConnectionPool implements RequestPool<H2Request> {
  private readonly connections: H2Connection[];
  private readonly queue: PooledRequest<H2Request>[] = [];
  private queueHead = 0;
  /** Where the search for a free stream slot starts (spreads streams over connections). */
  private cursor = 0;
  private closed = false;

  constructor(options: H2PoolOptions) {
    this.connections = Array.from(
      { length: options.connections },
      () =>
        new H2Connection({
          host: options.host,
          port: options.port,
          origin: options.origin,
          tls: options.tls,
          maxStreams: options.maxStreams,
          onCapacity: () => this.drain(),
          onFailedBeforeReady: (kind) => this.failedBeforeReady(kind),
        }),
    );
  }

  get queued(): number {
    return this.queue.length - this.queueHead;
  }

  /** Streams running now, over all connections (for tests and health). */
  get active(): number {
    return this.connections.reduce((n, c) => n + c.exchanges.length, 0);
  }

  submit(request: PooledRequest<H2Request>): void {
    // FIFO: nothing overtakes a request that is already waiting.
    const connection = this.queued === 0 ? this.withCapacity() : null;
    if (connection) this.dispatch(connection, request);
    else {
      this.queue.push(request);
      this.openAll();
    }
  }

  release(channel: RequestChannel): void {
    (channel as H2Exchange).releaseSlot();
    this.drain();
  }

  expireActive(nowMs: number): void {
    for (const c of this.connections) {
      for (const e of c.exchanges) if ((e.current as PooledRequest<H2Request> | null)?.isExpired(nowMs)) e.expire();
    }
  }

  expireQueued(nowMs: number): void {
    const kept: PooledRequest<H2Request>[] = [];
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const r = this.queue[i] as PooledRequest<H2Request>;
      if (r.isExpired(nowMs)) r.onError('timeout');
      else kept.push(r);
    }
    this.queue.length = 0;
    this.queue.push(...kept);
    this.queueHead = 0;
  }

  close(): void {
    this.closed = true;
    for (const c of this.connections) c.close();
  }

  /** Runs queued requests while some connection has a free stream slot. */
  private drain(): void {
    if (this.closed) return;
    const now = performance.now();
    while (this.queueHead < this.queue.length) {
      const connection = this.withCapacity();
      if (!connection) {
        this.openAll();
        return;
      }
      const next = this.queue[this.queueHead] as PooledRequest<H2Request>;
      this.queueHead++;
      if (this.queueHead > 1_024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      if (next.isExpired(now)) {
        next.onError('timeout');
        continue;
      }
      this.dispatch(connection, next);
    }
  }

  private withCapacity(): H2Connection | null {
    const n = this.connections.length;
    for (let i = 0; i < n; i++) {
      const c = this.connections[(this.cursor + i) % n] as H2Connection;
      if (c.capacity > 0) {
        this.cursor = (this.cursor + i + 1) % n;
        return c;
      }
    }
    return null;
  }

  /** Opens every connection that is neither open nor opening. */
  private openAll(): void {
    if (this.closed) return;
    for (const c of this.connections) c.open();
  }

  /** A connection could not be set up: with none ready, nothing can carry the queued requests. */
  private failedBeforeReady(kind: string): void {
    if (this.connections.some((c) => c.live)) return;
    const waiting = this.queue.slice(this.queueHead);
    this.queue.length = 0;
    this.queueHead = 0;
    for (const r of waiting) r.onError(kind);
  }

  private dispatch(connection: H2Connection, request: PooledRequest<H2Request>): void {
    request.onDispatch(connection.request(request.payload, request));
  }
}

/**
 * The closed loop's lanes over one pool: each lane has at most one request outstanding, so
 * connections × maxStreams lanes keep every stream slot busy, as h2load's `-m` does.
 */
export function createH2ClosedLoopLanes(options: H2PoolOptions): ClosedLoopChannel<H2Request>[] {
  const pool = new H2ConnectionPool(options);
  return Array.from({ length: options.connections * options.maxStreams }, () => new H2Lane(pool));
}

/** One request of a lane; a fresh one per send, so a request timed out in the queue stays dead. */
class LaneRequest implements PooledRequest<H2Request> {
  channel: RequestChannel | null = null;
  cancelled = false;

  constructor(
    readonly payload: H2Request,
    private handler: ResponseHandler | null,
    private readonly pool: H2ConnectionPool,
  ) {}

  onDispatch(channel: RequestChannel): void {
    this.channel = channel;
  }

  /** The closed loop times requests out itself (its lanes' start times); the pool drops cancelled ones. */
  isExpired(): boolean {
    return this.cancelled;
  }

  onResponse(statusCode: number): void {
    this.end()?.onResponse(statusCode);
  }

  onError(kind: string): void {
    this.end()?.onError(kind);
  }

  /** Frees the stream slot before the handler sends the lane's next request. */
  private end(): ResponseHandler | null {
    const h = this.handler;
    this.handler = null;
    if (this.channel) this.pool.release(this.channel);
    this.channel = null;
    return h;
  }
}

class H2Lane implements ClosedLoopChannel<H2Request> {
  private current: LaneRequest | null = null;

  constructor(private readonly pool: H2ConnectionPool) {}

  send(payload: H2Request, handler: ResponseHandler): void {
    this.current = new LaneRequest(payload, handler, this.pool);
    this.pool.submit(this.current);
  }

  expire(): void {
    const r = this.current;
    if (!r) return;
    if (r.channel) r.channel.expire();
    else {
      r.cancelled = true;
      r.onError('timeout');
    }
  }

  close(): void {
    this.pool.close();
  }
}
