/**
 * The call an order-service makes to the next service of a chain (gateway → order → fulfillment
 * are instances of the same program, each pointing at the next). HTTP/1.1 requests go over a
 * keep-alive agent; HTTP/2 and gRPC ones over one HTTP/2 session (downstream-h2-client.ts), so a
 * chain carries the protocol the load came in with. The downstream's `x-chain-depth` answer
 * header tells how many services are behind it.
 */
import { Agent, type OutgoingHttpHeaders, request } from 'node:http';
import { CHAIN_DEPTH_HEADER, chainDepthOf, type Downstream, type DownstreamResult, type ForwardedRequest, PROPAGATED_HEADERS, SERVICE_COUNT_HEADER, serviceCountOf } from './downstream-call.ts';
import { DownstreamH2Client } from './downstream-h2-client.ts';

export { CHAIN_DEPTH_HEADER, type Downstream, type DownstreamProtocol, type DownstreamResult, type ForwardedRequest, SERVICE_COUNT_HEADER } from './downstream-call.ts';

/** Where and how to call the downstream service. */
export interface DownstreamClientOptions {
  /** Base URL, `http://host:port` (validated by the config). */
  url: string;
  /** A request fails when the downstream stays silent this long. */
  timeoutMs: number;
  /** Most concurrent connections to the downstream. */
  maxSockets: number;
}

/** Forwards requests to the downstream service; a failure is a transport error, a timeout or a 5xx. */
export class DownstreamClient implements Downstream {
  readonly #agent: Agent;
  readonly #hostname: string;
  readonly #port: number;
  readonly #timeoutMs: number;
  readonly #url: string;
  #h2: DownstreamH2Client | undefined;

  constructor(options: DownstreamClientOptions) {
    this.#url = options.url;
    const url = new URL(options.url);
    // URL keeps the brackets of an IPv6 literal; http.request wants the bare address.
    this.#hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.#port = url.port === '' ? 80 : Number(url.port);
    this.#timeoutMs = options.timeoutMs;
    this.#agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets });
  }

  /** Sends the request downstream and drains the answer. Never rejects. */
  forward(forwarded: ForwardedRequest): Promise<DownstreamResult> {
    if (forwarded.protocol === 'h2c' || forwarded.protocol === 'grpc') {
      this.#h2 ??= new DownstreamH2Client({ url: this.#url, timeoutMs: this.#timeoutMs });
      return this.#h2.forward(forwarded, forwarded.protocol === 'grpc');
    }
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
          const serviceCount = serviceCountOf(res.headers[SERVICE_COUNT_HEADER], chainDepth);
          res.on('end', () => {
            resolve(statusCode >= 500 ? { ok: false, reason: `answered ${statusCode}` } : { ok: true, chainDepth, serviceCount });
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
    this.#h2?.close();
  }
}
