/**
 * What a downstream call of the chain carries and returns, whatever its protocol
 * (downstream-client.ts for HTTP/1.1, downstream-h2-client.ts for HTTP/2 and gRPC).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Answer header carrying the number of services that handled a request, this one included. */
export const CHAIN_DEPTH_HEADER = 'x-chain-depth';
/**
 * Answer header carrying how many services answered a request, this one and every one behind it
 * (a chain of depth d: d; a fan-out to K services: K + 1). Verification reads it.
 */
export const SERVICE_COUNT_HEADER = 'x-service-count';

/** The protocol of a downstream call: the one the request came in with (h2 over TLS goes on as h2c). */
export type DownstreamProtocol = 'http1' | 'h2c' | 'grpc';

/** Tracing headers passed on unchanged, so a mesh's tracing can join the hops (Istio's list). */
export const PROPAGATED_HEADERS = [
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

/** What forwarding produced: the downstream's chain depth and service count, or why it failed. */
export type DownstreamResult = { ok: true; chainDepth: number; serviceCount: number } | { ok: false; reason: string };

/** Where requests are forwarded: one service (downstream-client.ts) or several in parallel (downstream-fan-out.ts). */
export interface Downstream {
  /** Sends the request and drains the answer(s). Never rejects. */
  forward(forwarded: ForwardedRequest): Promise<DownstreamResult>;
  close(): void;
}

/** One request to forward. */
export interface ForwardedRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  body: Buffer | undefined;
  /** Incoming headers; only tracing headers are passed on. */
  headers: IncomingHttpHeaders;
  /** Default http1. */
  protocol?: DownstreamProtocol | undefined;
}

/** The service count a downstream answered with; a downstream without the header counts as its chain depth. */
export function serviceCountOf(value: string | string[] | undefined, chainDepth: number): number {
  const count = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isSafeInteger(count) && count >= 1 ? count : chainDepth;
}

export function chainDepthOf(value: string | string[] | undefined): number {
  const depth = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isSafeInteger(depth) && depth >= 1 ? depth : 1;
}

