/**
 * Loopback HTTP/2 servers with scripted behaviour for the h2 and gRPC engine tests: a stream
 * limit (SETTINGS_MAX_CONCURRENT_STREAMS), a delay or a hold on answers, a gRPC status, stalls,
 * and the most streams it ever saw open at once.
 */
import http2, { type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface H2TestServerOptions {
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS. */
  maxConcurrentStreams?: number;
  /** Delay before answering, ms. */
  delayMs?: number;
  /** Every `stallEveryMs`, stop answering for `stallForMs`. */
  stallEveryMs?: number;
  stallForMs?: number;
  /** Answer gRPC calls with this grpc-status (default 0), in the trailers. */
  grpcStatus?: number;
  /** Answer every n-th gRPC call with grpc-status `grpcStatus` and the others with 0. */
  grpcStatusEvery?: number;
  /** HTTP status of plain HTTP/2 answers (default 200). */
  statusCode?: number;
  /** Serve TLS (h2 by ALPN) with this certificate and key. */
  tls?: { cert: Buffer; key: Buffer };
}

export interface H2TestServer {
  url: string;
  port: number;
  readonly requests: number;
  /** Streams open at once, at most, over the server's life. */
  readonly maxOpenStreams: number;
  readonly openStreams: number;
  /** Paths and content types seen (the first 100). */
  readonly seen: { path: string; contentType: string | undefined; te: string | undefined; body: Buffer }[];
  close(): Promise<void>;
}

export async function startH2TestServer(options: H2TestServerOptions = {}): Promise<H2TestServer> {
  const started = Date.now();
  const state = { requests: 0, open: 0, maxOpen: 0, seen: [] as H2TestServer['seen'] };
  const settings = options.maxConcurrentStreams === undefined ? {} : { maxConcurrentStreams: options.maxConcurrentStreams };
  const server = options.tls ? http2.createSecureServer({ ...options.tls, settings }) : http2.createServer({ settings });
  const sessions = new Set<Http2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    state.requests++;
    const n = state.requests;
    state.open++;
    state.maxOpen = Math.max(state.maxOpen, state.open);
    stream.on('close', () => state.open--);
    stream.on('error', () => undefined);
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const contentType = headers['content-type'];
      if (state.seen.length < 100) state.seen.push({ path: String(headers[':path']), contentType, te: headers.te as string | undefined, body: Buffer.concat(chunks) });
      const grpc = typeof contentType === 'string' && contentType.startsWith('application/grpc');
      const answer = () => {
        if (stream.destroyed) return;
        if (!grpc) {
          stream.respond({ ':status': options.statusCode ?? 200, 'content-type': 'text/plain' });
          stream.end('ok');
          return;
        }
        const failing = options.grpcStatusEvery ? n % options.grpcStatusEvery === 0 : true;
        const code = failing ? (options.grpcStatus ?? 0) : 0;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(code) }));
        // An empty reply message: prefix only.
        stream.end(code === 0 ? Buffer.from([0, 0, 0, 0, 0]) : undefined);
      };
      let waitMs = options.delayMs ?? 0;
      if (options.stallEveryMs && options.stallForMs) {
        const phase = (Date.now() - started) % options.stallEveryMs;
        if (phase < options.stallForMs) waitMs += options.stallForMs - phase;
      }
      if (waitMs > 0) setTimeout(answer, waitMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    get maxOpenStreams() {
      return state.maxOpen;
    },
    get openStreams() {
      return state.open;
    },
    get seen() {
      return state.seen;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}
