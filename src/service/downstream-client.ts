/**
 * The call an order-service makes to the next service of a chain (gateway → order → fulfillment
 * are instances of the same program, each pointing at the next). Requests go over a keep-alive
 * agent; the downstream's `x-chain-depth` answer header tells how many services are behind it.
 */
import { Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';

/** Answer header carrying the number of services that handled a request, this one included. */
export const CHAIN_DEPTH_HEADER = 'x-chain-depth';

/** Tracing headers passed on unchanged, so a mesh's tracing can join the hops (Istio's list). */
const PROPAGATED_HEADERS = [
  'x-request-id',
  'traceparent',
  'tracestate',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
] as const;

/** Where and how to call the downstream service. */
export interface DownstreamClientOptions {
  /** Base URL, `http://host:port` (validated by the config). */
  url: string;
  /** A request fails when the downstream stays silent this long. */
  timeoutMs: number;
  /** Most concurrent connections to the downstream. */
  maxSockets: number;
}

/** What forwarding produced: the downstream's chain depth, or why it failed. */
export type DownstreamResult = { ok: true; chainDepth: number } | { ok: false; reason: string };

/** One request to forward. */
export interface ForwardedRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  body: Buffer | undefined;
  /** Incoming headers; only tracing headers are passed on. */
  headers: IncomingHttpHeaders;
}

function chainDepthOf(value: string | string[] | undefined): number {
  const depth = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isSafeInteger(depth) && depth >= 1 ? depth : 1;
}

/** Forwards requests to the downstream service; a failure is a transport error, a timeout or a 5xx. */
export class DownstreamClient {
  readonly #agent: Agent;
  readonly #hostname: string;
  readonly #port: number;
  readonly #timeoutMs: number;

  constructor(options: DownstreamClientOptions) {
    const url = new URL(options.url);
    // URL keeps the brackets of an IPv6 literal; http.request wants the bare address.
    this.#hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.#port = url.port === '' ? 80 : Number(url.port);
    this.#timeoutMs = options.timeoutMs;
    this.#agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets });
  }

  /** Sends the request downstream and drains the answer. Never rejects. */
  forward(forwarded: ForwardedRequest): Promise<DownstreamResult> {
    const headers: OutgoingHttpHeaders = {};
    for (const name of PROPAGATED_HEADERS) {
      const value = forwarded.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    if (forwarded.body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = forwarded.body.length;
    }
    return new Promise((resolve) => {
      const req = request(
        {
          agent: this.#agent,
          hostname: this.#hostname,
          port: this.#port,
          method: forwarded.method,
          path: forwarded.path,
          headers,
          timeout: this.#timeoutMs,
        },
        (res) => {
          const statusCode = res.statusCode ?? 0;
          const chainDepth = chainDepthOf(res.headers[CHAIN_DEPTH_HEADER]);
          res.on('end', () => {
            resolve(statusCode >= 500 ? { ok: false, reason: `answered ${statusCode}` } : { ok: true, chainDepth });
          });
          res.on('close', () => {
            if (!res.complete) resolve({ ok: false, reason: 'connection closed before the end of the answer' });
          });
          res.resume();
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)));
      req.on('error', (err) => resolve({ ok: false, reason: err.message }));
      req.end(forwarded.body);
    });
  }

  /** Closes the pooled connections. */
  close(): void {
    this.#agent.destroy();
  }
}
