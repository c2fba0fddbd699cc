/**
 * One HTTP/2 client connection of the load engines, framed by hand on a raw socket (RFC 9113), as
 * raw-http-connection.ts does for HTTP/1.1: the per-stream work of a general client (node:http2
 * streams, header objects, events) cost 5–10× h2load's CPU per request (docs/engine.md).
 *
 * - h2c connects in cleartext with prior knowledge (§3.3); h2 connects with TLS and must
 *   negotiate `h2` by ALPN (§3.2), else the connection fails as a `protocol` error.
 * - Streams start only once the server's SETTINGS have arrived, never more than `maxStreams`
 *   nor the server's SETTINGS_MAX_CONCURRENT_STREAMS at once; requests beyond that wait in the
 *   pool's queue (h2-connection-pool.ts), where the open loop counts and times them.
 * - A request is its pre-encoded header block (h2-request.ts) and body: the HEADERS frame is the
 *   block copied behind a frame header (CONTINUATION frames if it is larger than the server's
 *   SETTINGS_MAX_FRAME_SIZE), the body DATA frames within the server's flow-control windows.
 *   Frames of one tick are written to the socket together.
 * - Responses: HEADERS (+ CONTINUATION) decoded by hpack-decoder.ts, only `:status` and
 *   `grpc-status` kept; DATA counted and discarded. The client grants large windows (h2load's
 *   2^30 - 1 for the connection) and tops them up, so the server never waits on them.
 * - PING is answered; RST_STREAM fails its stream as `reset`; GOAWAY stops new streams, and the
 *   streams above its last stream id, which the server never processed (§6.8), go back to the pool
 *   to run on a fresh connection.
 */
import net from 'node:net';
import type tls from 'node:tls';
import { grpcStatusOfHttpStatus, MAX_GRPC_STATUS } from '../workload/order-grpc.ts';
import {
  CLIENT_PREFACE,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW_BYTES,
  ErrorCode,
  Flag,
  FrameReader,
  FrameType,
  frame,
  goawayFrame,
  MAX_WINDOW_BYTES,
  rstStreamFrame,
  Setting,
  settingsFrame,
  windowUpdateFrame,
} from './h2-frames.ts';
import { H2FrameWriter } from './h2-frame-writer.ts';
import { type HeaderSink, HpackDecoder } from './hpack-decoder.ts';
import { grpcOutcome } from './request-outcome.ts';
import { type H2PooledRequest, H2Stream, type H2StreamOwner } from './h2-stream.ts';
import { socketErrorKind } from './socket-error-kind.ts';
import type { TlsConnector } from './tls-connect.ts';

export type { H2PooledRequest } from './h2-stream.ts';
export { H2Stream } from './h2-stream.ts';

export interface H2ConnectionOptions {
  host: string;
  port: number;
  /** h2: TLS with ALPN `h2` (the connector offers it); null: h2c. */
  tls: TlsConnector | null;
  /** Most concurrent streams this client opens on the connection. */
  maxStreams: number;
  /** Stream slots may have become free, or the connection became ready. */
  onCapacity: () => void;
  /** The connection takes no more streams (GOAWAY, failure, close); `kind` is set when it failed before it was ready. */
  onRetired: (connection: H2Connection, failedBeforeReadyAs: string | null) => void;
  /** A request the server never processed (above a GOAWAY's last stream id): run it again elsewhere. */
  onUnprocessed: (request: H2PooledRequest) => void;
}

/** The window the client grants for the connection (h2load's default, 2^30 - 1) and for each stream. */
const CONNECTION_WINDOW_BYTES = 2 ** 30 - 1;
const STREAM_WINDOW_BYTES = 2 ** 24;
/** Largest header block accepted across CONTINUATION frames (a runaway server is a protocol error). */
const MAX_HEADER_BLOCK_BYTES = 1 << 20;
/** Highest stream id (2^31 - 1): a connection that used them all retires (RFC 9113 §5.1.1). */
const MAX_STREAM_ID = 0x7fffffff;
/** The response fields the engine reads; other literals are skipped by the HPACK decoder. */
const WANTED_FIELDS: ReadonlySet<string> = new Set([':status', 'grpc-status']);

type ConnectionState = 'connecting' | 'ready' | 'going-away' | 'dead';

export class H2Connection implements HeaderSink, H2StreamOwner {
  private state: ConnectionState = 'connecting';
  private socket: net.Socket | null = null;
  private readonly streams = new Map<number, H2Stream>();
  /** Streams counted against the limits (from dispatch to release). */
  private active = 0;
  private nextStreamId = 1;
  private readonly reader = new FrameReader(DEFAULT_MAX_FRAME_SIZE);
  private readonly decoder = new HpackDecoder(undefined, WANTED_FIELDS);
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  /** Frames waiting for the end of the tick, written together. */
  private readonly writer = new H2FrameWriter(() => (this.state === 'dead' ? null : this.socket));
  /** The server's settings and windows. */
  private remoteMaxStreams = Number.POSITIVE_INFINITY;
  private remoteMaxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private remoteInitialWindow = DEFAULT_WINDOW_BYTES;
  private sendWindow = DEFAULT_WINDOW_BYTES;
  /** Streams whose body waits for flow-control window. */
  private readonly blocked = new Set<H2Stream>();
  /** Connection-level DATA bytes received and not yet given back. */
  private unacked = 0;
  /** A header block being continued (CONTINUATION): its stream, END_STREAM flag and fragments. */
  private continuedStreamId = 0;
  private continuedEndStream = false;
  private continued: Buffer[] = [];
  private continuedBytes = 0;
  /** The stream whose header block is being decoded (null: a stream this client already gave up). */
  private decoding: H2Stream | null = null;

  constructor(private readonly options: H2ConnectionOptions) {}

  /** Streams that may start now. */
  get capacity(): number {
    if (this.state !== 'ready') return 0;
    return Math.min(this.options.maxStreams, this.remoteMaxStreams) - this.active;
  }

  /** Connecting or ready (takes, or will take, new streams). */
  get live(): boolean {
    return this.state === 'connecting' || this.state === 'ready';
  }

  /** Streams running now (for the deadline sweep and tests). */
  get running(): IterableIterator<H2Stream> {
    return this.streams.values();
  }

  get runningCount(): number {
    return this.streams.size;
  }

  /** Starts connecting. */
  open(): void {
    const { host, port, tls: connector } = this.options;
    const onread = { buffer: this.readBuffer, callback: (bytes: number, buffer: Uint8Array): boolean => this.onBytes(Buffer.from(buffer.buffer, buffer.byteOffset, bytes)) };
    const socket: net.Socket = connector ? connector.connect({ host, port, onread }) : net.connect({ host, port, noDelay: true, onread });
    this.socket = socket;
    socket.on(connector ? 'secureConnect' : 'connect', () => {
      // RFC 9113 §3.2: over TLS, HTTP/2 only when the server chose `h2` by ALPN.
      if (connector && (socket as tls.TLSSocket).alpnProtocol !== 'h2') {
        this.fail('protocol');
        return;
      }
      this.writer.append(CLIENT_PREFACE);
      this.writer.append(
        settingsFrame([
          [Setting.ENABLE_PUSH, 0],
          [Setting.INITIAL_WINDOW_SIZE, STREAM_WINDOW_BYTES],
        ]),
      );
      this.writer.append(windowUpdateFrame(0, CONNECTION_WINDOW_BYTES - DEFAULT_WINDOW_BYTES));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server supports none of the offered ALPN protocols (RFC 7301 §3.2): it does not speak h2.
      if (err.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') this.fail('protocol');
      else this.fail(connector?.errorKind(socket as tls.TLSSocket, err) ?? socketErrorKind(err));
    });
    socket.on('close', () => this.fail('closed'));
  }

  /** Starts a stream for the request; the caller checked `capacity`. The request's handler hears exactly once. */
  request(request: H2PooledRequest): H2Stream {
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new H2Stream(this, id, request, this.remoteInitialWindow);
    this.streams.set(id, stream);
    this.active++;
    const { block, body } = request.payload;
    const endStream = body === null ? Flag.END_STREAM : 0;
    if (block.length <= this.remoteMaxFrameSize) this.writer.appendFrame(FrameType.HEADERS, Flag.END_HEADERS | endStream, id, block, 0, block.length);
    else {
      // RFC 9113 §6.10: the rest of the block in CONTINUATION frames, the last with END_HEADERS.
      let at = 0;
      while (at < block.length) {
        const to = Math.min(block.length, at + this.remoteMaxFrameSize);
        const last = to === block.length ? Flag.END_HEADERS : 0;
        if (at === 0) this.writer.appendFrame(FrameType.HEADERS, endStream | last, id, block, at, to);
        else this.writer.appendFrame(FrameType.CONTINUATION, last, id, block, at, to);
        at = to;
      }
    }
    if (body !== null) this.sendBody(stream);
    if (this.nextStreamId > MAX_STREAM_ID) this.retire();
    return stream;
  }

  /** A stream slot was released by the pool. */
  slotFreed(): void {
    this.active--;
    if (this.state === 'going-away' && this.streams.size === 0) this.end();
  }

  /** Fails a running request and resets its stream (RST_STREAM CANCEL). */
  cancel(stream: H2Stream, kind: string): void {
    if (this.streams.get(stream.id) !== stream) return;
    this.streams.delete(stream.id);
    this.blocked.delete(stream);
    if (this.state !== 'dead') this.writer.append(rstStreamFrame(stream.id, ErrorCode.CANCEL));
    const h = stream.handler;
    stream.handler = null;
    h?.onError(kind);
  }

  /** Closes the socket; running requests are dropped without a callback (the engine counts what is left). */
  close(): void {
    this.state = 'dead';
    for (const s of this.streams.values()) s.handler = null;
    this.streams.clear();
    this.socket?.destroy();
  }

  // ---- writing ----

  /** Sends as much of the stream's body as the windows allow; the rest waits for WINDOW_UPDATE. */
  private sendBody(stream: H2Stream): void {
    const body = (stream.handler as H2PooledRequest).payload.body as Buffer;
    while (stream.bodySent < body.length) {
      const n = Math.min(body.length - stream.bodySent, this.sendWindow, stream.sendWindow, this.remoteMaxFrameSize);
      if (n <= 0) {
        this.blocked.add(stream);
        return;
      }
      const last = stream.bodySent + n === body.length ? Flag.END_STREAM : 0;
      this.writer.appendFrame(FrameType.DATA, last, stream.id, body, stream.bodySent, stream.bodySent + n);
      stream.bodySent += n;
      this.sendWindow -= n;
      stream.sendWindow -= n;
    }
    this.blocked.delete(stream);
  }

  private resumeBlocked(): void {
    for (const s of [...this.blocked]) if (s.handler) this.sendBody(s);
  }

  // ---- reading ----

  private onBytes(bytes: Buffer): boolean {
    if (this.state === 'dead') return true;
    if (!this.reader.feed(bytes, this)) {
      if (this.reader.oversized) this.connectionError(ErrorCode.FRAME_SIZE_ERROR);
    }
    return true;
  }

  /** One frame (FrameSink); false stops reading (the connection failed). */
  onFrame(type: number, flags: number, streamId: number, data: Buffer, start: number, end: number): boolean {
    // RFC 9113 §6.10: a header block's CONTINUATION frames follow it with nothing in between.
    if (this.continuedStreamId !== 0 && (type !== FrameType.CONTINUATION || streamId !== this.continuedStreamId)) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    switch (type) {
      case FrameType.DATA:
        return this.onData(flags, streamId, data, start, end);
      case FrameType.HEADERS:
        return this.onHeaders(flags, streamId, data, start, end);
      case FrameType.CONTINUATION:
        return this.onContinuation(flags, streamId, data, start, end);
      case FrameType.RST_STREAM:
        if (end - start !== 4) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR);
        if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
        this.onReset(streamId);
        return this.state !== 'dead';
      case FrameType.SETTINGS:
        return this.onSettings(flags, streamId, data, start, end);
      case FrameType.PING:
        if (end - start !== 8) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR);
        if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
        if ((flags & Flag.ACK) === 0) this.writer.append(frame(FrameType.PING, Flag.ACK, 0, Buffer.from(data.subarray(start, end))));
        return true;
      case FrameType.GOAWAY:
        if (end - start < 8) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR);
        if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
        this.onGoaway(data.readUInt32BE(start) & 0x7fffffff);
        return this.state !== 'dead';
      case FrameType.WINDOW_UPDATE:
        return this.onWindowUpdate(streamId, data, start, end);
      case FrameType.PUSH_PROMISE:
        // The client's SETTINGS_ENABLE_PUSH is 0: a push is a connection error (RFC 9113 §8.4).
        return this.connectionError(ErrorCode.PROTOCOL_ERROR);
      default:
        // PRIORITY and unknown types are ignored (RFC 9113 §4.1, §5.5).
        return true;
    }
  }

  private onData(flags: number, streamId: number, data: Buffer, start: number, end: number): boolean {
    if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    const length = end - start;
    if (flags & Flag.PADDED && (length === 0 || (data[start] as number) >= length)) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    // The whole payload, padding included, counts against the windows (RFC 9113 §6.9.1).
    this.unacked += length;
    if (this.unacked >= CONNECTION_WINDOW_BYTES / 2) {
      this.writer.append(windowUpdateFrame(0, this.unacked));
      this.unacked = 0;
    }
    const stream = this.streams.get(streamId);
    if (!stream) return true;
    if (stream.status === 0) {
      // DATA before the response head: a stream error of type PROTOCOL_ERROR (RFC 9113 §8.1).
      this.cancel(stream, 'protocol');
      return this.state !== 'dead';
    }
    stream.bodyBytes += flags & Flag.PADDED ? length - 1 - (data[start] as number) : length;
    if (flags & Flag.END_STREAM) this.complete(stream);
    else {
      stream.unacked += length;
      if (stream.unacked >= STREAM_WINDOW_BYTES / 2) {
        this.writer.append(windowUpdateFrame(streamId, stream.unacked));
        stream.unacked = 0;
      }
    }
    return true;
  }

  private onHeaders(flags: number, streamId: number, data: Buffer, start: number, end: number): boolean {
    if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    let from = start;
    let padding = 0;
    if (flags & Flag.PADDED) {
      if (end - from < 1) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
      padding = data[from] as number;
      from++;
    }
    if (flags & Flag.PRIORITY) from += 5;
    const to = end - padding;
    if (to < from) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if (flags & Flag.END_HEADERS) return this.onHeaderBlock(streamId, endStream, data, from, to);
    this.continuedStreamId = streamId;
    this.continuedEndStream = endStream;
    this.continued = [Buffer.from(data.subarray(from, to))];
    this.continuedBytes = to - from;
    return true;
  }

  private onContinuation(flags: number, streamId: number, data: Buffer, start: number, end: number): boolean {
    if (this.continuedStreamId === 0 || streamId !== this.continuedStreamId) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    this.continuedBytes += end - start;
    if (this.continuedBytes > MAX_HEADER_BLOCK_BYTES) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    this.continued.push(Buffer.from(data.subarray(start, end)));
    if ((flags & Flag.END_HEADERS) === 0) return true;
    const block = Buffer.concat(this.continued);
    this.continuedStreamId = 0;
    this.continued = [];
    return this.onHeaderBlock(streamId, this.continuedEndStream, block, 0, block.length);
  }

  /** A complete header block: the response head, an informational head, or trailers. */
  private onHeaderBlock(streamId: number, endStream: boolean, block: Buffer, from: number, to: number): boolean {
    const stream = this.streams.get(streamId) ?? null;
    this.decoding = stream;
    if (stream) stream.blockStatus = 0;
    // Decoded even for a stream given up on: the decoder's table must follow the server's.
    if (!this.decoder.decode(block, from, to, this)) return this.connectionError(ErrorCode.COMPRESSION_ERROR);
    this.decoding = null;
    if (!stream) return true;
    if (stream.status === 0) {
      const status = stream.blockStatus;
      if (status === 0) {
        // A response head without a valid :status is malformed (RFC 9113 §8.1.1).
        this.cancel(stream, 'protocol');
        return this.state !== 'dead';
      }
      // 1xx heads precede the final one (RFC 9113 §8.1).
      if (status >= 200) stream.status = status;
      else if (endStream) {
        this.cancel(stream, 'protocol');
        return this.state !== 'dead';
      }
    }
    if (endStream) this.complete(stream);
    return true;
  }

  /** One decoded response field (HeaderSink). */
  onHeader(name: string, value: string): void {
    const stream = this.decoding;
    if (!stream) return;
    if (name === ':status') {
      const status = value.length === 3 ? Number(value) : Number.NaN;
      stream.blockStatus = status >= 100 && status <= 599 ? status : 0;
    } else if (name === 'grpc-status') {
      const code = /^\d{1,2}$/.test(value) ? Number(value) : Number.NaN;
      // An out-of-range code is UNKNOWN, as gRPC clients read it.
      stream.grpcStatus = code >= 0 && code <= MAX_GRPC_STATUS ? code : 2;
    }
  }

  /** The response ended (END_STREAM): the request's outcome. */
  private complete(stream: H2Stream): void {
    this.streams.delete(stream.id);
    if (stream.bodySent < ((stream.handler?.payload.body?.length) ?? 0)) {
      // The server answered before taking the whole body: stop sending it (RFC 9113 §8.1).
      this.blocked.delete(stream);
      this.writer.append(rstStreamFrame(stream.id, ErrorCode.NO_ERROR));
    }
    const h = stream.handler;
    stream.handler = null;
    if (!h) return;
    if (!h.payload.grpc) h.onResponse(stream.status);
    // No grpc-status: an intermediary answered; gRPC's HTTP-to-gRPC table gives the code.
    else h.onResponse(grpcOutcome(stream.grpcStatus >= 0 ? stream.grpcStatus : grpcStatusOfHttpStatus(stream.status)));
  }

  private onReset(streamId: number): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    this.blocked.delete(stream);
    const h = stream.handler;
    stream.handler = null;
    h?.onError('reset');
  }

  private onSettings(flags: number, streamId: number, data: Buffer, start: number, end: number): boolean {
    if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    if (flags & Flag.ACK) return end === start || this.connectionError(ErrorCode.FRAME_SIZE_ERROR);
    if ((end - start) % 6 !== 0) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR);
    for (let p = start; p < end; p += 6) {
      const id = data.readUInt16BE(p);
      const value = data.readUInt32BE(p + 2);
      if (id === Setting.MAX_CONCURRENT_STREAMS) this.remoteMaxStreams = value;
      else if (id === Setting.INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW_BYTES) return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR);
        // RFC 9113 §6.9.2: the change applies to every open stream's window.
        const delta = value - this.remoteInitialWindow;
        this.remoteInitialWindow = value;
        for (const s of this.streams.values()) s.sendWindow += delta;
      } else if (id === Setting.MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME_SIZE || value > 0xffffff) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
        this.remoteMaxFrameSize = value;
      } else if (id === Setting.ENABLE_PUSH && value > 1) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
      // HEADER_TABLE_SIZE bounds the table of our encoder, which uses none; MAX_HEADER_LIST_SIZE is advisory.
    }
    this.writer.append(frame(FrameType.SETTINGS, Flag.ACK, 0));
    if (this.state === 'connecting') this.state = 'ready';
    this.resumeBlocked();
    this.options.onCapacity();
    return this.state !== 'dead';
  }

  private onWindowUpdate(streamId: number, data: Buffer, start: number, end: number): boolean {
    if (end - start !== 4) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR);
    const increment = data.readUInt32BE(start) & 0x7fffffff;
    if (increment === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR);
    if (streamId === 0) {
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW_BYTES) return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR);
    } else {
      const stream = this.streams.get(streamId);
      if (!stream) return true;
      stream.sendWindow += increment;
      if (stream.sendWindow > MAX_WINDOW_BYTES) {
        this.cancel(stream, 'protocol');
        return this.state !== 'dead';
      }
    }
    if (this.blocked.size > 0) this.resumeBlocked();
    return true;
  }

  /** GOAWAY: no new streams; those above `lastStreamId` were not processed and run again elsewhere. */
  private onGoaway(lastStreamId: number): void {
    const unprocessed: H2PooledRequest[] = [];
    for (const [id, s] of this.streams) {
      if (id <= lastStreamId) continue;
      this.streams.delete(id);
      this.blocked.delete(s);
      s.releaseSlot();
      if (s.handler) unprocessed.push(s.handler);
      s.handler = null;
    }
    this.retire();
    for (const r of unprocessed) this.options.onUnprocessed(r);
  }

  /** Takes no new streams; the socket closes once the running ones have ended. */
  private retire(): void {
    if (this.state === 'dead' || this.state === 'going-away') return;
    this.state = 'going-away';
    this.options.onRetired(this, null);
    if (this.streams.size === 0) this.end();
  }

  /** Closes a connection that has nothing left to do (GOAWAY NO_ERROR). */
  private end(): void {
    if (this.state === 'dead') return;
    this.writer.append(goawayFrame(0, ErrorCode.NO_ERROR));
    this.writer.flush();
    this.state = 'dead';
    this.socket?.end();
  }

  /** A connection error (RFC 9113 §5.4.1): GOAWAY with the code, then every stream fails as `protocol`. */
  private connectionError(code: number): false {
    if (this.state !== 'dead' && this.socket) {
      this.writer.append(goawayFrame(0, code));
      this.writer.flush();
    }
    this.fail('protocol');
    return false;
  }

  /** The connection is unusable: every running request fails with `kind`. */
  private fail(kind: string): void {
    if (this.state === 'dead') {
      // Ended by us (GOAWAY, close): nothing runs on it any more.
      this.socket?.destroy();
      return;
    }
    const wasReady = this.state !== 'connecting';
    const wasLive = this.live;
    this.state = 'dead';
    this.socket?.destroy();
    const failing = [...this.streams.values()];
    this.streams.clear();
    this.blocked.clear();
    for (const s of failing) {
      const h = s.handler;
      s.handler = null;
      h?.onError(kind);
    }
    if (wasLive) this.options.onRetired(this, wasReady ? null : kind);
  }
}
