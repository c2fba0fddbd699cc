/**
 * Requests as HTTP/2 streams send them: the header fields (pseudo-headers first), their HPACK
 * header block (hpack-encoder.ts, encoded once and sent as is on every stream) and the body,
 * built once per request of the pre-rendered sequence. For gRPC, an order route becomes its
 * unary method (src/config/order-grpc-routes.ts) with the fixed message of orders.proto; a path
 * that is not an order route (`bench load` against any gRPC server) is sent as the method path
 * itself, with the request body (default empty) as the message.
 */
import { grpcCallOfRoute, grpcPathOf } from '../config/order-grpc-routes.ts';
import { encodeOrderRequest, frameGrpcMessage, GRPC_CONTENT_TYPE } from '../workload/order-grpc.ts';
import { encodeHeaderBlock } from './hpack-encoder.ts';

/** Header fields by lowercase name, pseudo-headers first (insertion order). */
export type H2Headers = Record<string, string | number>;

export interface H2Request {
  headers: H2Headers;
  /** `headers` as one HPACK header block. */
  block: Buffer;
  /** Null: the HEADERS frame ends the stream. */
  body: Buffer | null;
  /** A gRPC call: its outcome is the `grpc-status` trailer. */
  grpc: boolean;
}

export interface H2RequestParts {
  /** `:scheme` and `:authority` come from the target URL. */
  scheme: 'http' | 'https';
  authority: string;
  method: string;
  /** Path with the target's base path, as sent. */
  path: string;
  /** The scenario path without the base path (for the gRPC route mapping). */
  routePath: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Header names HTTP/2 forbids (RFC 9113 §8.2.2) or that the stream sets itself. */
const DROPPED_HEADERS = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'content-length']);

function extraHeaders(headers: Record<string, string>): H2Headers {
  const out: H2Headers = {};
  for (const [name, value] of Object.entries(headers)) if (!DROPPED_HEADERS.has(name.toLowerCase())) out[name.toLowerCase()] = value;
  return out;
}

/** An HTTP/2 request (h2c, h2). */
export function prepareH2Request(parts: H2RequestParts): H2Request {
  const headers: H2Headers = {
    ':method': parts.method,
    ':scheme': parts.scheme,
    ':authority': parts.authority,
    ':path': parts.path,
    ...extraHeaders(parts.headers),
  };
  if (parts.body) headers['content-length'] = parts.body.length;
  const body = parts.body && parts.body.length > 0 ? parts.body : null;
  return { headers, block: blockOf(headers), body, grpc: false };
}

/** A unary gRPC call (content-type application/grpc, te: trailers, one length-prefixed message). */
export function prepareGrpcRequest(parts: H2RequestParts): H2Request {
  const call = grpcCallOfRoute(parts.method, parts.routePath);
  const basePath = parts.path.slice(0, parts.path.length - parts.routePath.length);
  const path = call ? `${basePath}${grpcPathOf(call.rpc)}` : parts.path;
  const message = call
    ? encodeOrderRequest({ id: call.id ?? 0, json: call.rpc === 'GetOrder' ? '' : (parts.body?.toString('utf8') ?? '') })
    : (parts.body ?? Buffer.alloc(0));
  const body = frameGrpcMessage(message);
  const headers: H2Headers = {
    ':method': 'POST',
    ':scheme': parts.scheme,
    ':authority': parts.authority,
    ':path': path,
    ...extraHeaders(parts.headers),
    'content-type': GRPC_CONTENT_TYPE,
    te: 'trailers',
    'content-length': body.length,
  };
  return { headers, block: blockOf(headers), body, grpc: true };
}

function blockOf(headers: H2Headers): Buffer {
  return encodeHeaderBlock(Object.entries(headers).map(([name, value]) => [name, String(value)] as const));
}
