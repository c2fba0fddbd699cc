import https from 'node:https';
import http2, { type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TlsClientSpec } from '../../src/plan/agent-protocol.ts';
import { H2Connection, socketErrorKind } from '../../src/load/h2-connection.ts';
import { prepareGrpcRequest, prepareH2Request } from '../../src/load/h2-request.ts';
import { grpcOutcome } from '../../src/load/request-outcome.ts';
import { loadTlsClient } from '../../src/load/tls-connect.ts';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.ts';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await makeTestCertificates();
});
afterAll(() => certs.remove());

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

type Answer = (stream: ServerHttp2Stream) => void;

async function h2Server(answer: Answer, tls?: { cert: Buffer; key: Buffer }): Promise<{ port: number; url: string }> {
  const server = tls ? http2.createSecureServer(tls) : http2.createServer();
  server.on('stream', (stream) => {
    stream.on('error', () => undefined);
    stream.resume();
    stream.on('end', () => answer(stream));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  closers.push(() => server.close());
  return { port, url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}` };
}

/** Opens a connection, waits until it may start streams, sends one request, returns its outcome. */
async function once(target: { port: number; url: string }, options: { grpc?: boolean; tls?: TlsClientSpec | null } = {}): Promise<number | string> {
  let ready: () => void = () => undefined;
  let failed: (kind: string) => void = () => undefined;
  const settled = new Promise<string | null>((resolve) => {
    ready = () => resolve(null);
    failed = (kind) => resolve(kind);
  });
  const connector = options.tls ? loadTlsClient(new URL(target.url), options.tls, { alpnProtocols: ['h2'] }) : null;
  const c = new H2Connection({
    host: '127.0.0.1',
    port: target.port,
    tls: connector,
    maxStreams: 4,
    onCapacity: () => ready(),
    onRetired: (_c, kind) => failed(kind ?? 'retired'),
    onUnprocessed: () => undefined,
  });
  closers.push(() => c.close());
  c.open();
  const failure = await settled;
  if (failure) return failure;
  const parts = { scheme: target.url.startsWith('https') ? ('https' as const) : ('http' as const), authority: 'test', method: 'GET', path: '/orders/1', routePath: '/orders/1', headers: {}, body: null };
  const payload = options.grpc ? prepareGrpcRequest(parts) : prepareH2Request(parts);
  return new Promise((resolve) => c.request({ payload, onDispatch: () => undefined, isExpired: () => false, onResponse: resolve, onError: resolve }));
}

const grpcHeaders = { ':status': 200, 'content-type': 'application/grpc' };

describe('HTTP/2 connection', () => {
  it('reads grpc-status from the trailers: 0 is OK, any other code is that code', async () => {
    for (const code of [0, 14]) {
      const target = await h2Server((stream) => {
        stream.respond(grpcHeaders, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(code) }));
        stream.end(Buffer.from([0, 0, 0, 0, 0]));
      });
      expect(await once(target, { grpc: true })).toBe(grpcOutcome(code));
    }
  });

  it('reads grpc-status from a Trailers-Only answer (status in the one header block)', async () => {
    const target = await h2Server((stream) => {
      stream.respond({ ...grpcHeaders, 'grpc-status': '5', 'grpc-message': 'no%20such%20order' }, { endStream: true });
    });
    expect(await once(target, { grpc: true })).toBe(grpcOutcome(5));
  });

  it('maps an intermediary’s answer without grpc-status by gRPC’s HTTP table (503 → UNAVAILABLE)', async () => {
    const target = await h2Server((stream) => {
      stream.respond({ ':status': 503, 'content-type': 'text/plain' });
      stream.end('upstream connect error');
    });
    expect(await once(target, { grpc: true })).toBe(grpcOutcome(14));
  });

  it('an out-of-range grpc-status counts as UNKNOWN', async () => {
    const target = await h2Server((stream) => {
      stream.respond(grpcHeaders, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '99' }));
      stream.end();
    });
    expect(await once(target, { grpc: true })).toBe(grpcOutcome(2));
  });

  it('a reset stream fails as reset', async () => {
    const target = await h2Server((stream) => stream.close(http2.constants.NGHTTP2_REFUSED_STREAM));
    expect(await once(target)).toBe('reset');
  });

  it('h2 over TLS: trusts the given CA, refuses an unknown one unless insecure', async () => {
    const target = await h2Server((stream) => {
      stream.respond({ ':status': 204 });
      stream.end();
    }, certs);
    expect(await once(target, { tls: { caFile: certs.caPath } })).toBe(204);
    expect(await once(target, { tls: {} })).toBe('tls');
    expect(await once(target, { tls: { insecure: true } })).toBe(204);
  });

  it('h2 over TLS fails as a protocol error when the server does not negotiate h2 by ALPN', async () => {
    const server = https.createServer({ cert: certs.cert, key: certs.key }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const port = (server.address() as AddressInfo).port;
    expect(await once({ port, url: `https://127.0.0.1:${port}` }, { tls: { caFile: certs.caPath } })).toBe('protocol');
  });

  it('names socket failure kinds', () => {
    const kind = (code: string) => socketErrorKind(Object.assign(new Error(code), { code }));
    expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EWHATEVER'].map(kind)).toEqual(['connect-refused', 'reset', 'reset', 'other']);
  });
});
