/**
 * Differential test of the raw HTTP/2 client: a corpus of answers from real servers (a scripted
 * node:http2 server, and the order-service's h2c and gRPC routes), each fetched by our connection
 * and by node:http2's own client, must give the same outcome: status (or grpc-status, read as the
 * engine reads it), body length, or a failure on both sides.
 */
import http2, { type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H2Connection, type H2Stream } from '../../src/load/h2-connection.ts';
import { type H2Request, type H2RequestParts, prepareGrpcRequest, prepareH2Request } from '../../src/load/h2-request.ts';
import { GRPC_OUTCOME_BASE } from '../../src/load/request-outcome.ts';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { grpcStatusOfHttpStatus, MAX_GRPC_STATUS } from '../../src/workload/order-grpc.ts';

interface Outcome {
  /** HTTP status, or GRPC_OUTCOME_BASE + grpc-status; 'failed' for a stream or connection error. */
  outcome: number | 'failed';
  bodyBytes: number;
}

/** Our client: one connection for the whole corpus (the HPACK table carries over between answers). */
async function ours(port: number, requests: H2Request[]): Promise<Outcome[]> {
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((r) => (ready = r));
  const connection = new H2Connection({ host: '127.0.0.1', port, tls: null, maxStreams: 100, onCapacity: () => ready(), onRetired: () => undefined, onUnprocessed: () => undefined });
  connection.open();
  await isReady;
  try {
    const out: Outcome[] = [];
    for (const payload of requests) {
      let stream: H2Stream | null = null;
      const outcome = await new Promise<number | string>((resolve) => {
        stream = connection.request({ payload, onDispatch: () => undefined, isExpired: () => false, onResponse: resolve, onError: resolve });
      });
      (stream as H2Stream | null)?.releaseSlot();
      out.push({ outcome: typeof outcome === 'number' ? outcome : 'failed', bodyBytes: typeof outcome === 'number' ? (stream as unknown as H2Stream).bodyBytes : 0 });
    }
    return out;
  } finally {
    connection.close();
  }
}

/** node:http2's client, its answer read the way gRPC clients read it. */
async function node(url: string, requests: H2Request[]): Promise<Outcome[]> {
  const session = http2.connect(url);
  session.on('error', () => undefined);
  try {
    const out: Outcome[] = [];
    for (const r of requests) {
      out.push(
        await new Promise<Outcome>((resolve) => {
          const stream = session.request(r.headers, { endStream: r.body === null });
          let headers: IncomingHttpHeaders = {};
          let trailers: IncomingHttpHeaders = {};
          let bodyBytes = 0;
          stream.on('response', (h) => (headers = h));
          stream.on('trailers', (t) => (trailers = t));
          stream.on('data', (c: Buffer) => (bodyBytes += c.length));
          stream.on('error', () => resolve({ outcome: 'failed', bodyBytes: 0 }));
          stream.on('close', () => resolve({ outcome: 'failed', bodyBytes: 0 }));
          stream.on('end', () => {
            const status = Number(headers[':status']);
            if (!r.grpc) return resolve({ outcome: status, bodyBytes });
            const text = trailers['grpc-status'] ?? headers['grpc-status'];
            const code = typeof text === 'string' && /^\d{1,2}$/.test(text) ? Number(text) : text === undefined ? -1 : 2;
            const grpc = code < 0 ? grpcStatusOfHttpStatus(status) : code > MAX_GRPC_STATUS ? 2 : code;
            resolve({ outcome: GRPC_OUTCOME_BASE + grpc, bodyBytes });
          });
          if (r.body) stream.end(r.body);
        }),
      );
    }
    return out;
  } finally {
    session.close();
  }
}

const base = (path: string): H2RequestParts => ({ scheme: 'http', authority: 'test', method: 'GET', path, routePath: path, headers: {}, body: null });

/** The scripted answers, by path. */
const ANSWERS: Record<string, (stream: ServerHttp2Stream) => void> = {
  '/ok': (s) => {
    s.respond({ ':status': 200, 'content-type': 'text/plain' });
    s.end('ok');
  },
  '/not-found-empty': (s) => s.respond({ ':status': 404 }, { endStream: true }),
  '/large': (s) => {
    s.respond({ ':status': 201 });
    s.end(Buffer.alloc(300_000, 7));
  },
  '/no-content': (s) => s.respond({ ':status': 204 }, { endStream: true }),
  '/many-headers': (s) => {
    const headers: Record<string, string | number> = { ':status': 200 };
    for (let i = 0; i < 40; i++) headers[`x-h${i}`] = `value ${i} ${'αβ'.length} ${'~'.repeat(i)}\u00e9`;
    headers['x-huge'] = 'h'.repeat(40_000); // past 16 KiB: nghttp2 continues the block in CONTINUATION frames
    s.respond(headers);
    s.end('many');
  },
  '/early-hints': (s) => {
    s.additionalHeaders({ ':status': 103, link: '</a.css>; rel=preload' });
    s.respond({ ':status': 200 });
    s.end('after hints');
  },
  '/trailers': (s) => {
    s.respond({ ':status': 200 }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'x-checksum': 'abc' }));
    s.end('with trailers');
  },
  '/server-error': (s) => {
    s.respond({ ':status': 500 });
    s.end('boom');
  },
  '/reset': (s) => s.close(http2.constants.NGHTTP2_INTERNAL_ERROR),
  '/grpc-ok': (s) => {
    s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
    s.end(Buffer.from([0, 0, 0, 0, 2, 0x0a, 0]));
  },
  '/grpc-trailers-only': (s) => s.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '5', 'grpc-message': 'not%20found' }, { endStream: true }),
  '/grpc-unavailable-proxy': (s) => {
    s.respond({ ':status': 503, 'content-type': 'text/plain' });
    s.end('no upstream');
  },
  '/grpc-out-of-range': (s) => {
    s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '99' }));
    s.end();
  },
};

describe('raw HTTP/2 client against node:http2’s client', () => {
  let server: http2.Http2Server;
  let port = 0;
  beforeAll(async () => {
    server = http2.createServer();
    server.on('stream', (stream, headers) => {
      stream.on('error', () => undefined);
      stream.resume();
      stream.on('end', () => (ANSWERS[String(headers[':path'])] ?? ANSWERS['/ok'])?.(stream));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('gives the same status, grpc-status, body length or failure for every answer of the corpus', async () => {
    const requests = Object.keys(ANSWERS).map((path) => (path.startsWith('/grpc') ? prepareGrpcRequest(base(path)) : prepareH2Request(base(path))));
    // Twice over: the second round decodes against the HPACK table the first one filled.
    const all = [...requests, ...requests];
    const [a, b] = await Promise.all([ours(port, all), node(`http://127.0.0.1:${port}`, all)]);
    const labelled = (o: Outcome[]) => o.map((x, i) => [Object.keys(ANSWERS)[i % requests.length], x.outcome, x.bodyBytes]);
    expect(labelled(a)).toEqual(labelled(b));
    // The corpus exercises what it claims to.
    expect(a.map((x) => x.outcome)).toContain('failed');
    expect(a.map((x) => x.outcome)).toEqual(expect.arrayContaining([200, 201, 204, 404, 500, GRPC_OUTCOME_BASE, GRPC_OUTCOME_BASE + 5, GRPC_OUTCOME_BASE + 14, GRPC_OUTCOME_BASE + 2]));
  });
});

describe('raw HTTP/2 client against the order-service (h2c and gRPC routes)', () => {
  let service: OrderService;
  beforeAll(async () => {
    service = await startOrderService({ seedOrders: 3, responseBytes: 300 });
  });
  afterAll(() => service.close());

  it('gives the same answers as node:http2’s client, route by route', async () => {
    const order = Buffer.from(JSON.stringify({ customerId: 'c', items: [{ sku: 's', quantity: 1 }] }));
    const routes: H2RequestParts[] = [
      base('/orders/1'),
      base('/orders/999'),
      { ...base('/orders'), method: 'POST', headers: { 'content-type': 'application/json' }, body: order },
      { ...base('/orders'), method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('{') },
      { ...base('/orders/2/status'), method: 'PATCH', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"status":"paid"}') },
      base('/healthz'),
      base('/nope'),
    ];
    const requests = [...routes.map(prepareH2Request), ...routes.filter((r) => r.path.startsWith('/orders')).map(prepareGrpcRequest)];
    const [a, b] = await Promise.all([ours(service.port, requests), node(service.url, requests)]);
    expect(a).toEqual(b);
    expect(a.map((x) => x.outcome)).toEqual(expect.arrayContaining([200, 201, 400, 404, GRPC_OUTCOME_BASE, GRPC_OUTCOME_BASE + 5, GRPC_OUTCOME_BASE + 3]));
  });
});
