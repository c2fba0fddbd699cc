/**
 * Test helper: one HTTP/2 request or unary gRPC call on its own session (h2c by default, TLS with
 * `ca`), with the whole answer collected: status, headers, trailers, body.
 */
import http2, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { decodeOrderReply, encodeOrderRequest, frameGrpcMessage, unframeGrpcMessage } from '../../src/workload/order-grpc.ts';

export interface H2Answer {
  status: number;
  headers: IncomingHttpHeaders;
  trailers: IncomingHttpHeaders;
  body: Buffer;
  /** The session's ALPN protocol (`h2` over TLS, `h2c` in cleartext). */
  alpnProtocol: string | undefined;
}

export function h2Exchange(options: { url: string; headers: OutgoingHttpHeaders; body?: Buffer; ca?: Buffer }): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(options.url, options.ca ? { ca: options.ca } : {});
    session.on('error', reject);
    const stream = session.request(options.headers, { endStream: options.body === undefined });
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => (headers = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('end', () => {
      const alpnProtocol = session.alpnProtocol;
      session.close();
      resolve({ status: Number(headers[':status']), headers, trailers, body: Buffer.concat(chunks), alpnProtocol });
    });
    if (options.body !== undefined) stream.end(options.body);
  });
}

export interface GrpcAnswer extends H2Answer {
  /** grpc-status from the trailers, or from the headers of a Trailers-Only answer. */
  grpcStatus: number;
  grpcMessage: string | undefined;
  /** The OrderReply's JSON text, when there is a reply message. */
  json: string | null;
}

/** One unary call of meshbench.v1.Orders. */
export async function grpcCall(options: { url: string; method: string; id?: number; json?: string; message?: Buffer }): Promise<GrpcAnswer> {
  const message = options.message ?? encodeOrderRequest({ id: options.id ?? 0, json: options.json ?? '' });
  const answer = await h2Exchange({
    url: options.url,
    headers: { ':method': 'POST', ':path': `/meshbench.v1.Orders/${options.method}`, 'content-type': 'application/grpc', te: 'trailers' },
    body: frameGrpcMessage(message),
  });
  const status = answer.trailers['grpc-status'] ?? answer.headers['grpc-status'];
  const text = answer.trailers['grpc-message'] ?? answer.headers['grpc-message'];
  const framed = answer.body.length > 0 ? unframeGrpcMessage(answer.body) : null;
  return {
    ...answer,
    grpcStatus: Number(status),
    grpcMessage: typeof text === 'string' ? decodeURIComponent(text) : undefined,
    json: framed?.ok ? decodeOrderReply(framed.message) : null,
  };
}
