/**
 * What the load engines need from a protocol's connections, so one engine drives HTTP/1.1
 * (raw-connection-pool.ts: one request per connection at a time) and HTTP/2 or gRPC
 * (h2-connection-pool.ts: many streams per connection) alike. load-transport.ts picks one.
 */

/** How a request ends: exactly one of these is called. */
export interface ResponseHandler {
  /** A complete response; the code is an outcome code (request-outcome.ts: HTTP status or gRPC status). */
  onResponse(statusCode: number): void;
  /** A transport failure: timeout, connect-refused, reset, closed, protocol, tls, other. */
  onError(kind: string): void;
}

/** Where a dispatched request runs (an HTTP/1.1 connection, an HTTP/2 stream). */
export interface RequestChannel {
  /** Fails the request on it as timed out. */
  expire(): void;
}

/** A request waiting for, or using, a channel. */
export interface PooledRequest<P> extends ResponseHandler {
  /** The request as the protocol sends it (rendered bytes, HTTP/2 headers and body). */
  readonly payload: P;
  /** Called when the request is handed to its channel (service time starts). */
  onDispatch(channel: RequestChannel): void;
  /** Whether its deadline (counted from its intended send time) has passed. */
  isExpired(nowMs: number): boolean;
}

/**
 * A pool for the open loop: a request runs at once when a channel is free, else it waits in a
 * FIFO queue (still timed from its intended time) until `release` frees one.
 */
export interface RequestPool<P> {
  /** Requests waiting for a channel. */
  readonly queued: number;
  submit(request: PooledRequest<P>): void;
  /** The request on `channel` ended (its handler was called): run the next queued request. */
  release(channel: RequestChannel): void;
  /** Fails every running request whose deadline passed (the deadline sweep). */
  expireActive(nowMs: number): void;
  /** Fails every queued request whose deadline passed (the deadline sweep). */
  expireQueued(nowMs: number): void;
  close(): void;
}

/** One lane of the closed loop: sends its next request as soon as the previous one ended. */
export interface ClosedLoopChannel<P> {
  /** Sends a request; exactly one of the handler's callbacks follows. */
  send(payload: P, handler: ResponseHandler): void;
  /** Fails the outstanding request as timed out. */
  expire(): void;
  close(): void;
}
