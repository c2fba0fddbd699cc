/**
 * One HTTP/2 stream of the load engine's own client (h2-connection.ts): the request it carries, its
 * flow-control state and the response read so far.
 */
import type { H2Request } from './h2-request.ts';
import type { PooledRequest, RequestChannel } from './request-pool.ts';

/** A request as the HTTP/2 pool hands it to a connection. */
export type H2PooledRequest = PooledRequest<H2Request>;

/** What a stream asks of the connection it runs on. */
export interface H2StreamOwner {
  /** Fails the stream's request with `kind` and resets the stream. */
  cancel(stream: H2Stream, kind: string): void;
  /** A stream no longer counts against the connection's limits. */
  slotFreed(): void;
}

/** One request on the connection: its stream id, flow-control state and the response read so far. */
export class H2Stream implements RequestChannel {
  /** `:status` of the final response head (0 until it arrives). */
  status = 0;
  /** `:status` of the header block being decoded. */
  blockStatus = 0;
  grpcStatus = -1;
  /** Bytes of the server's window this client may still send on the stream. */
  sendWindow: number;
  /** Body bytes sent so far (the body waits for window when it is larger than it). */
  bodySent = 0;
  /** DATA bytes received and not yet given back by a WINDOW_UPDATE. */
  unacked = 0;
  /** Response body bytes received (DATA payloads less padding). */
  bodyBytes = 0;
  private released = false;

  constructor(
    readonly connection: H2StreamOwner,
    readonly id: number,
    public handler: H2PooledRequest | null,
    sendWindow: number,
  ) {
    this.sendWindow = sendWindow;
  }

  /** Fails the request as timed out and cancels its stream (RST_STREAM CANCEL). */
  expire(): void {
    this.connection.cancel(this, 'timeout');
  }

  /** The request ended: its stream no longer counts against the connection's limits. Idempotent. */
  releaseSlot(): void {
    if (this.released) return;
    this.released = true;
    this.connection.slotFreed();
  }
}
