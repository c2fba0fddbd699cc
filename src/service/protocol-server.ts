/**
 * One listening port for every protocol the order-service answers, with one request handler:
 *
 * - Cleartext (default): HTTP/1.1 and HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3) on the
 *   same port. The first bytes of a connection tell them apart: an HTTP/2 client starts with the
 *   preface `PRI * HTTP/2.0`, which no HTTP/1.1 request line can be. gRPC is HTTP/2.
 * - TLS (a certificate given): ALPN picks `h2` or `http/1.1` (node:http2's `allowHTTP1`).
 *
 * Meshes put their own TLS between services, so in a mesh the service speaks cleartext.
 */
import http, { type RequestListener } from 'node:http';
import http2, { type Http2SecureServer, type Http2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';

export interface ProtocolServerOptions {
  listener: RequestListener;
  /** HTTP/1.1 keep-alive timeout, ms. */
  keepAliveTimeoutMs: number;
  /**
   * PEM certificate chain and key: serve TLS (h2 and HTTP/1.1 by ALPN) instead of cleartext.
   * `clientCa`: refuse handshakes without a client certificate signed by one of these CAs.
   */
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer | undefined } | undefined;
}

/** The listening server and how to wind its connections down. */
export interface ProtocolServer {
  /** What listens (net.Server for cleartext, a TLS server for TLS). */
  readonly server: net.Server;
  /** Closes HTTP/1.1 connections with no request in flight, and asks HTTP/2 clients to go away. */
  closeIdleConnections(): void;
  /** Cuts every connection. */
  closeAllConnections(): void;
}

/** The client connection preface (RFC 9113 §3.4) starts with these bytes. */
const H2_PREFACE_START = Buffer.from('PRI * HTTP/2.0');

/** Server settings: streams per connection as Envoy's default (2^31 - 1 would let one client hog the service). */
const H2_SETTINGS = { maxConcurrentStreams: 1_000 };

/**
 * A socket's stream with the bytes already read from it put back in front (for node:http2, which
 * wraps a non-native stream in its own JS stream socket). Writes, ends and destroys pass through.
 */
class ReplayingSocket extends Duplex {
  constructor(
    private readonly socket: net.Socket,
    head: Buffer,
  ) {
    super();
    this.push(head);
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
  }

  // Read by node:http2 for logging and its socket proxy.
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms, callback);
    return this;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // Done as soon as the socket took it (node:http2 writes one batch at a time and waits for
    // this); only a full socket buffer makes it wait, for 'drain'.
    if (this.socket.write(chunk, encoding)) callback();
    else this.socket.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy(error ?? undefined);
    callback(error);
  }
}

function trackSessions(server: Http2Server | Http2SecureServer): Set<Http2Session> {
  const sessions = new Set<Http2Session>();
  (server as net.Server).on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  return sessions;
}

export function createProtocolServer(options: ProtocolServerOptions): ProtocolServer {
  // node:http2's compatibility API gives the same request/response shape as node:http.
  const h2Listener = options.listener as unknown as (req: Http2ServerRequest, res: Http2ServerResponse) => void;
  if (options.tls) {
    const { cert, key, clientCa } = options.tls;
    const mutual = clientCa === undefined ? {} : { ca: clientCa, requestCert: true, rejectUnauthorized: true };
    const secure = http2.createSecureServer({ cert, key, ...mutual, allowHTTP1: true, settings: H2_SETTINGS }, h2Listener);
    const sessions = trackSessions(secure);
    const sockets = new Set<net.Socket>();
    secure.on('secureConnection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return {
      server: secure,
      // HTTP/1.1 over TLS has no idle-connection list here: its answers say `connection: close`
      // during shutdown, and what is left is cut at the shutdown timeout.
      closeIdleConnections: () => {
        for (const s of sessions) s.close();
      },
      closeAllConnections: () => {
        for (const s of sessions) s.destroy();
        for (const socket of sockets) socket.destroy();
      },
    };
  }
  const h1 = http.createServer({ keepAliveTimeout: options.keepAliveTimeoutMs, noDelay: true }, options.listener);
  const h2 = http2.createServer({ settings: H2_SETTINGS }, h2Listener);
  const sessions = trackSessions(h2);
  const front = net.createServer({ noDelay: true }, (socket) => {
    let head: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const n = Math.min(head.length, H2_PREFACE_START.length);
      // Undecided until the first bytes either match the preface or differ from it.
      if (n < H2_PREFACE_START.length && head.subarray(0, n).equals(H2_PREFACE_START.subarray(0, n))) return;
      socket.off('data', onData);
      socket.pause();
      if (head.subarray(0, n).equals(H2_PREFACE_START.subarray(0, n))) {
        // node:http2 reads the socket natively and would not see bytes handed back with unshift:
        // it gets a stream that replays them first.
        (h2 as net.Server).emit('connection', new ReplayingSocket(socket, head));
      } else {
        // node:http feeds bytes handed back with unshift to its parser first.
        socket.unshift(head);
        h1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
  });
  // node:http tracks its connections (idle sweeps, request timeouts) from its 'listening' event;
  // the front server listens for it.
  front.on('listening', () => h1.emit('listening'));
  front.on('close', () => h1.close());
  return {
    server: front,
    closeIdleConnections: () => {
      h1.closeIdleConnections();
      for (const s of sessions) s.close();
    },
    closeAllConnections: () => {
      h1.closeAllConnections();
      for (const s of sessions) s.destroy();
    },
  };
}
