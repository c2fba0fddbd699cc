/**
 * The downstream call of a chain over HTTP/2 (h2c, prior knowledge): one session to the next
 * service, opened on first use and again after it closes. With `grpc`, the HTTP route is sent as
 * its unary gRPC method (orders.proto) and the outcome is the `grpc-status`.
 */
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { grpcCallOfRoute, grpcPathOf } from '../config/order-grpc-routes.ts';
import { encodeOrderRequest, frameGrpcMessage, GRPC_CONTENT_TYPE, GRPC_STATUS, grpcStatusOfHttpStatus } from '../workload/order-grpc.ts';
import { CHAIN_DEPTH_HEADER, chainDepthOf, type DownstreamResult, type ForwardedRequest, PROPAGATED_HEADERS, SERVICE_COUNT_HEADER, serviceCountOf } from './downstream-call.ts';

/** gRPC codes that mean the downstream failed (what a 5xx is over HTTP). */
const FAILED_GRPC_CODES: ReadonlySet<number> = new Set([GRPC_STATUS.UNKNOWN, GRPC_STATUS.INTERNAL, GRPC_STATUS.UNAVAILABLE, 4 /* DEADLINE_EXCEEDED */, 15 /* DATA_LOSS */]);

export class DownstreamH2Client {
  readonly #origin: string;
  readonly #timeoutMs: number;
  #session: ClientHttp2Session | undefined;

  constructor(options: { url: string; timeoutMs: number }) {
    this.#origin = new URL(options.url).origin;
    this.#timeoutMs = options.timeoutMs;
  }

  #sessionNow(): ClientHttp2Session {
    const current = this.#session;
    if (current && !current.closed && !current.destroyed) return current;
    const session = http2.connect(this.#origin);
    session.on('error', () => undefined);
    session.on('close', () => {
      if (this.#session === session) this.#session = undefined;
    });
    session.on('goaway', () => {
      if (this.#session === session) this.#session = undefined;
    });
    this.#session = session;
    return session;
  }

  /** Sends the request downstream (as a gRPC call when `grpc`) and drains the answer. Never rejects. */
  forward(forwarded: ForwardedRequest, grpc: boolean): Promise<DownstreamResult> {
    const headers: OutgoingHttpHeaders = { ':method': forwarded.method, ':path': forwarded.path };
    for (const name of PROPAGATED_HEADERS) {
      const value = forwarded.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    let body = forwarded.body;
    if (grpc) {
      const call = grpcCallOfRoute(forwarded.method, forwarded.path);
      if (!call) return Promise.resolve({ ok: false, reason: `${forwarded.method} ${forwarded.path} has no gRPC method` });
      body = frameGrpcMessage(encodeOrderRequest({ id: call.id ?? 0, json: forwarded.body?.toString('utf8') ?? '' }));
      Object.assign(headers, { ':method': 'POST', ':path': grpcPathOf(call.rpc), 'content-type': GRPC_CONTENT_TYPE, te: 'trailers' });
    } else if (body) headers['content-type'] = 'application/json';
    if (body) headers['content-length'] = body.length;
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: DownstreamResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      let stream: ClientHttp2Stream;
      try {
        stream = this.#sessionNow().request(headers, { endStream: !body });
      } catch (err) {
        done({ ok: false, reason: err instanceof Error ? err.message : String(err) });
        return;
      }
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        done({ ok: false, reason: `no answer within ${this.#timeoutMs} ms` });
      }, this.#timeoutMs);
      let statusCode = 0;
      let chainDepth = 1;
      let serviceCount = 1;
      let grpcStatus: number | undefined;
      const readGrpcStatus = (h: IncomingHttpHeaders): void => {
        const value = h['grpc-status'];
        if (typeof value === 'string') grpcStatus = Number(value);
      };
      stream.on('response', (h) => {
        statusCode = Number(h[':status']);
        chainDepth = chainDepthOf(h[CHAIN_DEPTH_HEADER]);
        serviceCount = serviceCountOf(h[SERVICE_COUNT_HEADER], chainDepth);
        readGrpcStatus(h);
      });
      stream.on('trailers', readGrpcStatus);
      stream.on('data', () => undefined);
      stream.on('end', () => {
        if (!grpc) done(statusCode >= 500 || statusCode === 0 ? { ok: false, reason: `answered ${statusCode}` } : { ok: true, chainDepth, serviceCount });
        else {
          const code = grpcStatus ?? grpcStatusOfHttpStatus(statusCode);
          done(FAILED_GRPC_CODES.has(code) ? { ok: false, reason: `answered grpc-status ${code}` } : { ok: true, chainDepth, serviceCount });
        }
      });
      stream.on('error', (err) => done({ ok: false, reason: err.message }));
      stream.on('close', () => done({ ok: false, reason: 'stream closed before the end of the answer' }));
      if (body) stream.end(body);
    });
  }

  close(): void {
    this.#session?.destroy();
    this.#session = undefined;
  }
}
