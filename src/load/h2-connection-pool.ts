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
import { H2Connection, type H2PooledRequest, type H2Stream } from './h2-connection.ts';
import type { H2Request } from './h2-request.ts';
import { PendingQueue } from './pending-queue.ts';
import type { ClosedLoopChannel, PooledRequest, RequestChannel, RequestPool, ResponseHandler } from './request-pool.ts';
import type { TlsConnector } from './tls-connect.ts';

export interface H2PoolOptions {
  host: string;
  port: number;
  /** h2: TLS with ALPN `h2`; null: h2c. */
  tls: TlsConnector | null;
  connections: number;
  maxStreams: number;
}

export class H2ConnectionPool implements RequestPool<H2Request> {
  /** The connection each of the `connections` slots sends new streams to (null: none yet, or it retired). */
  private readonly slots: (H2Connection | null)[];
  /** Every connection that may still run streams: the slots' and retired ones finishing theirs. */
  private readonly all = new Set<H2Connection>();
  private readonly queue = new PendingQueue<H2PooledRequest>();
  /** Where the search for a free stream slot starts (spreads streams over connections). */
  private cursor = 0;
  private closed = false;

  constructor(private readonly options: H2PoolOptions) {
    this.slots = new Array<H2Connection | null>(options.connections).fill(null);
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Streams running now, over all connections (for tests and health). */
  get active(): number {
    let n = 0;
    for (const c of this.all) n += c.runningCount;
    return n;
  }

  submit(request: H2PooledRequest): void {
    // FIFO: nothing overtakes a request that is already waiting.
    const connection = this.queue.length === 0 ? this.withCapacity() : null;
    if (connection) this.dispatch(connection, request);
    else {
      this.queue.push(request);
      this.openAll();
    }
  }

  release(channel: RequestChannel): void {
    (channel as H2Stream).releaseSlot();
    if (this.queue.length > 0) this.drain();
  }

  expireActive(nowMs: number): void {
    for (const c of [...this.all]) {
      if (!c.live && c.runningCount === 0) {
        this.all.delete(c);
        continue;
      }
      for (const s of [...c.running]) if (s.handler?.isExpired(nowMs)) s.expire();
    }
  }

  expireQueued(nowMs: number): void {
    this.queue.expire(nowMs);
  }

  close(): void {
    this.closed = true;
    for (const c of this.all) c.close();
    this.all.clear();
  }

  /** Runs queued requests while some connection has a free stream slot. */
  private drain(): void {
    if (this.closed) return;
    const now = performance.now();
    while (this.queue.length > 0) {
      const connection = this.withCapacity();
      if (!connection) {
        this.openAll();
        return;
      }
      const next = this.queue.next(now);
      if (next) this.dispatch(connection, next);
    }
  }

  private withCapacity(): H2Connection | null {
    const n = this.slots.length;
    for (let i = 0; i < n; i++) {
      const c = this.slots[(this.cursor + i) % n];
      if (c && c.capacity > 0) {
        this.cursor = (this.cursor + i + 1) % n;
        return c;
      }
    }
    return null;
  }

  /** Opens a connection in every slot that has none (connections open all at once, as h2load's do). */
  private openAll(): void {
    if (this.closed) return;
    this.slots.forEach((c, i) => {
      if (c) return;
      const connection = new H2Connection({
        host: this.options.host,
        port: this.options.port,
        tls: this.options.tls,
        maxStreams: this.options.maxStreams,
        onCapacity: () => this.drain(),
        onRetired: (retired, failedBeforeReadyAs) => this.retired(retired, failedBeforeReadyAs),
        onUnprocessed: (request) => this.queue.unshift(request),
      });
      this.slots[i] = connection;
      this.all.add(connection);
      connection.open();
    });
  }

  /** A connection takes no more streams: its slot opens a fresh one when requests wait. */
  private retired(connection: H2Connection, failedBeforeReadyAs: string | null): void {
    const i = this.slots.indexOf(connection);
    if (i >= 0) this.slots[i] = null;
    if (failedBeforeReadyAs !== null) {
      // With no connection left even opening, nothing can carry the queued requests.
      if (this.slots.every((c) => c === null)) this.queue.failAll(failedBeforeReadyAs);
      return;
    }
    // Retired after a GOAWAY or a failure: open its replacement on the next tick, so requests sent
    // back by the GOAWAY are queued first and a failing server is not hammered in a loop.
    queueMicrotask(() => this.drain());
  }

  private dispatch(connection: H2Connection, request: H2PooledRequest): void {
    request.onDispatch(connection.request(request));
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
