/**
 * One HTTP/2 client connection of the load engines (node:http2): many streams at once, never more
 * than `maxStreams` nor the server's SETTINGS_MAX_CONCURRENT_STREAMS. Streams are only started
 * once the server's SETTINGS have arrived, so the limit is known; requests beyond it wait in the
 * pool's queue (h2-connection-pool.ts), where the open loop counts and times them, instead of in
 * nghttp2's internal queue, where they would be invisible.
 *
 * h2c connects in cleartext with prior knowledge (RFC 9113 §3.3); h2 connects with TLS and must
 * negotiate `h2` by ALPN (RFC 9113 §3.2), else the connection fails as a `protocol` error.
 */
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { grpcStatusOfHttpStatus, MAX_GRPC_STATUS } from '../workload/order-grpc.ts';
import type { H2Request } from './h2-request.ts';
import { grpcOutcome } from './request-outcome.ts';
import type { RequestChannel, ResponseHandler } from './request-pool.ts';

/** TLS of an h2 (or gRPC over TLS) connection. */
export interface H2TlsOptions {
  /** Trusted CA certificates (PEM); default: Node's bundled roots. */
  ca?: Buffer | undefined;
  /** Client certificate and key (PEM), for servers that ask for one. */
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
  /** Accept any server certificate (self-signed test servers). */
  insecure: boolean;
  /** SNI and certificate name; default: the URL's host name. */
  servername?: string | undefined;
}

export interface H2ConnectionOptions {
  host: string;
  port: number;
  /** `http://host:port` or `https://host:port` (the session's origin). */
  origin: string;
  /** Null: h2c (cleartext, prior knowledge). */
  tls: H2TlsOptions | null;
  /** Most concurrent streams this client opens on the connection. */
  maxStreams: number;
  /** A stream slot may have become free, or the connection became ready. */
  onCapacity: () => void;
  /** The connection failed before it was ready (`kind` as in ResponseHandler.onError). */
  onFailedBeforeReady: (kind: string) => void;
}

/** Flow-control window the client grants (as h2load's defaults, 2^30 - 1), so bodies never wait on it. */
const CLIENT_WINDOW_BYTES = 2 ** 30 - 1;
const INITIAL_STREAM_WINDOW_BYTES = 2 ** 24;

/** One connection attempt and what it carries. */
interface SessionState {
  session: ClientHttp2Session;
  ready: boolean;
  dead: boolean;
  /** Streams counted against the limits (from dispatch to release). */
  active: number;
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS (unlimited until it says). */
  remoteMaxStreams: number;
  exchanges: Set<H2Exchange>;
}

/** The failure kind of an http2 or socket error. */
export function h2ErrorKind(err: NodeJS.ErrnoException | undefined): string {
  const code = err?.code ?? '';
  if (code === 'ECONNREFUSED') return 'connect-refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ERR_HTTP2_STREAM_ERROR') return 'reset';
  if (code === 'ERR_HTTP2_GOAWAY_SESSION' || code === 'ERR_HTTP2_STREAM_CANCEL' || code === 'ERR_HTTP2_INVALID_SESSION') return 'closed';
  if (code.startsWith('ERR_HTTP2_') || code === 'HPE_INVALID_CONSTANT') return 'protocol';
  // The server supports none of the offered ALPN protocols (RFC 7301 §3.2): it does not speak h2.
  if (code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') return 'protocol';
  // OpenSSL's verification codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, DEPTH_ZERO_SELF_SIGNED_CERT, …) and Node's TLS errors.
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /CERT|VERIFY|SIGNATURE/.test(code)) return 'tls';
  return 'other';
}

function noop(): void {}

/** One stream: the request's channel, and the listener of the stream's events. */
export class H2Exchange implements RequestChannel {
  private statusCode = 0;
  private grpcStatus = -1;
  private done = false;
  private released = false;
  stream: ClientHttp2Stream | null = null;

  constructor(
    readonly state: SessionState,
    private readonly grpc: boolean,
    private handler: ResponseHandler | null,
  ) {}

  start(request: H2Request): void {
    const stream = this.state.session.request(request.headers, { endStream: request.body === null });
    this.stream = stream;
    stream.on('response', this.onHeaders);
    if (this.grpc) stream.on('trailers', this.onTrailers);
    stream.on('data', noop);
    stream.on('end', this.onEnd);
    stream.on('error', this.onStreamError);
    stream.on('close', this.onClose);
    if (request.body) stream.end(request.body);
  }

  /** The handler still waiting for this stream's outcome, if any. */
  get current(): ResponseHandler | null {
    return this.handler;
  }

  /** The request ended: its stream no longer counts against the connection's limits. Idempotent. */
  releaseSlot(): void {
    if (this.released) return;
    this.released = true;
    this.state.active--;
  }

  /** Fails the request as timed out and cancels its stream (RST_STREAM CANCEL). */
  expire(): void {
    if (this.done) return;
    this.stream?.close(http2.constants.NGHTTP2_CANCEL);
    this.fail('timeout');
  }

  /** Drops the request without a callback (the engine closed its pool; it counts what is left). */
  abandon(): void {
    this.done = true;
    this.handler = null;
    this.state.exchanges.delete(this);
  }

  /** Fails the request (its connection failed). */
  fail(kind: string): void {
    if (this.done) return;
    this.done = true;
    this.state.exchanges.delete(this);
    const h = this.handler;
    this.handler = null;
    h?.onError(kind);
  }

  private readonly onHeaders = (headers: IncomingHttpHeaders): void => {
    this.statusCode = Number(headers[':status']);
    // A "Trailers-Only" gRPC answer carries its status in the headers.
    if (this.grpc) this.readGrpcStatus(headers);
  };

  private readonly onTrailers = (trailers: IncomingHttpHeaders): void => {
    this.readGrpcStatus(trailers);
  };

  private readGrpcStatus(headers: IncomingHttpHeaders): void {
    const value = headers['grpc-status'];
    if (typeof value !== 'string') return;
    const code = /^\d{1,2}$/.test(value) ? Number(value) : Number.NaN;
    // An out-of-range code is UNKNOWN, as gRPC clients read it.
    this.grpcStatus = code >= 0 && code <= MAX_GRPC_STATUS ? code : 2;
  }

  private readonly onEnd = (): void => {
    if (this.done) return;
    this.done = true;
    this.state.exchanges.delete(this);
    const h = this.handler;
    this.handler = null;
    if (this.statusCode === 0) {
      h?.onError('protocol');
      return;
    }
    if (!this.grpc) h?.onResponse(this.statusCode);
    // No grpc-status: an intermediary answered; gRPC's HTTP-to-gRPC table gives the code.
    else h?.onResponse(grpcOutcome(this.grpcStatus >= 0 ? this.grpcStatus : grpcStatusOfHttpStatus(this.statusCode)));
  };

  private readonly onStreamError = (err: NodeJS.ErrnoException): void => {
    this.fail(h2ErrorKind(err));
  };

  private readonly onClose = (): void => {
    // Closed before its end: reset by the server (RST_STREAM) or with its connection.
    if (!this.done) this.fail(this.state.dead ? 'closed' : 'reset');
  };
}

export class H2Connection {
  /** The session new streams go to. */
  private state: SessionState | null = null;
  /** Every session not yet closed: the current one, and ones going away that finish their streams. */
  private readonly states = new Set<SessionState>();

  constructor(private readonly options: H2ConnectionOptions) {}

  /** Streams that may start now. */
  get capacity(): number {
    const s = this.state;
    if (!s?.ready || s.dead) return 0;
    return Math.min(this.options.maxStreams, s.remoteMaxStreams) - s.active;
  }

  /** Open, or being opened (not failed, closed or going away). */
  get live(): boolean {
    return this.state !== null && !this.state.dead;
  }

  /** Running streams, on every session (for the deadline sweep). */
  get exchanges(): H2Exchange[] {
    const out: H2Exchange[] = [];
    for (const s of this.states) out.push(...s.exchanges);
    return out;
  }

  /** Starts connecting (when not live). */
  open(): void {
    if (this.live) return;
    const { host, port, origin } = this.options;
    const tlsOptions = this.options.tls;
    let tlsSocket: tls.TLSSocket | null = null;
    const session = http2.connect(origin, {
      settings: { enablePush: false, initialWindowSize: INITIAL_STREAM_WINDOW_BYTES },
      createConnection: () => {
        if (!tlsOptions) return net.connect({ host, port, noDelay: true });
        tlsSocket = tls.connect({ host, port, ALPNProtocols: ['h2'], servername: tlsOptions.servername ?? (net.isIP(host) ? undefined : host), ca: tlsOptions.ca, cert: tlsOptions.cert, key: tlsOptions.key, rejectUnauthorized: !tlsOptions.insecure });
        return tlsSocket;
      },
    });
    const state: SessionState = { session, ready: false, dead: false, active: 0, remoteMaxStreams: Number.POSITIVE_INFINITY, exchanges: new Set() };
    this.state = state;
    this.states.add(state);
    session.on('remoteSettings', (settings) => {
      state.remoteMaxStreams = settings.maxConcurrentStreams ?? Number.POSITIVE_INFINITY;
      if (!state.ready) {
        state.ready = true;
        session.setLocalWindowSize(CLIENT_WINDOW_BYTES);
      }
      this.options.onCapacity();
    });
    const secured = tlsSocket as tls.TLSSocket | null;
    // RFC 9113 §3.2: over TLS, HTTP/2 only when the server chose `h2` by ALPN.
    secured?.once('secureConnect', () => {
      if (secured.alpnProtocol !== 'h2') this.fail(state, 'protocol');
    });
    session.on('error', (err: NodeJS.ErrnoException) => this.fail(state, h2ErrorKind(err)));
    session.on('goaway', () => this.retire(state));
    session.on('close', () => this.fail(state, 'closed'));
  }

  /** Starts a stream; the caller checked `capacity`. The handler hears exactly once. */
  request(request: H2Request, handler: ResponseHandler): H2Exchange {
    const state = this.state as SessionState;
    const exchange = new H2Exchange(state, request.grpc, handler);
    state.active++;
    state.exchanges.add(exchange);
    try {
      exchange.start(request);
    } catch (err) {
      // The session is closing (a GOAWAY not yet seen): no more streams on it.
      state.dead = true;
      if (this.state === state) this.state = null;
      exchange.fail(h2ErrorKind(err as NodeJS.ErrnoException));
    }
    return exchange;
  }

  close(): void {
    this.state = null;
    for (const s of [...this.states]) {
      this.states.delete(s);
      s.dead = true;
      for (const e of [...s.exchanges]) e.abandon();
      s.session.destroy();
    }
  }

  /** GOAWAY: running streams finish, new ones go to a fresh connection. */
  private retire(state: SessionState): void {
    if (state.dead) return;
    state.dead = true;
    if (this.state === state) this.state = null;
    state.session.close();
    this.options.onCapacity();
  }

  private fail(state: SessionState, kind: string): void {
    const wasReady = state.ready;
    const wasDead = state.dead;
    state.dead = true;
    if (this.state === state) this.state = null;
    this.states.delete(state);
    for (const e of [...state.exchanges]) e.fail(kind);
    if (!state.session.destroyed) state.session.destroy();
    if (!wasDead && !wasReady) this.options.onFailedBeforeReady(kind);
  }
}
