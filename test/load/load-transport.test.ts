/**
 * The engines over HTTP/2 and gRPC (load-transport.ts picks the connections): what they count.
 * Every request answered within connections × streams, drops past the in-flight bound, gRPC
 * statuses by code, refused connections, h2 over TLS. Counts that a busy machine cannot break, so
 * this file runs in the parallel tier; the time figures over HTTP/2 (latency from the intended
 * send time, queueing for a stream, closed-loop throughput) are in load-transport-timing.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProtocolUrl, createLoadTransport } from '../../src/load/load-transport.ts';
import { runOpenLoop } from '../../src/load/open-loop-engine.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { h2EngineLoad, ordersPicker } from '../helpers/engine-load.ts';
import { startH2TestServer } from '../helpers/h2-test-server.ts';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.ts';

const engine = h2EngineLoad();
const load = engine.load;
const summary = (encoded: string) => summarizeHistogram(decodeHistogram(encoded));

describe('protocol switch', () => {
  it('checks that the URL scheme fits the protocol', () => {
    expect(() => checkProtocolUrl('h2', new URL('http://127.0.0.1:1'))).toThrow(/h2 is HTTP\/2 over TLS and needs an https:\/\/ URL/);
    expect(() => checkProtocolUrl('h2c', new URL('https://127.0.0.1:1'))).toThrow(/h2c is cleartext HTTP\/2/);
    expect(() => checkProtocolUrl('grpc', new URL('ftp://127.0.0.1:1'))).toThrow(/only http:\/\/ and https:\/\//);
    expect(() => checkProtocolUrl('grpc', new URL('https://127.0.0.1:1'))).not.toThrow();
  });

  it('prepares requests per protocol: bytes for HTTP/1.1, header blocks for HTTP/2 and gRPC', () => {
    const r = { name: 'x', method: 'GET' as const, path: '/orders/3', body: null, headers: {} };
    expect(createLoadTransport({ targetUrl: 'http://h:1/base', connections: 1 }).prepare(r)).toEqual(Buffer.from('GET /base/orders/3 HTTP/1.1\r\nhost: h:1\r\n\r\n'));
    expect(createLoadTransport({ protocol: 'h2c', targetUrl: 'http://h:1', connections: 1 }).prepare(r)).toMatchObject({ headers: { ':path': '/orders/3', ':authority': 'h:1' }, grpc: false });
    expect(createLoadTransport({ protocol: 'grpc', targetUrl: 'https://h', connections: 1 }).prepare(r)).toMatchObject({
      headers: { ':path': '/meshbench.v1.Orders/GetOrder', ':scheme': 'https' },
      grpc: true,
    });
    expect(createLoadTransport({ protocol: 'h2c', targetUrl: 'http://h:1', connections: 3, maxStreams: 5 }).createClosedLoopChannels()).toHaveLength(15);
  });
});

// Real processes on a shared 2-core machine: a stall of the machine can fail one attempt; a real
// bug fails all three.
describe('open loop over HTTP/2 and gRPC', { retry: 2 }, () => {
  it('h2c: holds the rate, every request answered, within connections × streams', async () => {
    const r = await load({ delayMs: 20 });
    expect(r.scheduled).toBe(300);
    expect(r.completed).toBe(300);
    expect(r.statusCounts).toEqual({ '200': 300 });
    expect(r.errors).toBe(0);
    expect(summary(r.histograms.latencyUs).count).toBe(300);
    expect(engine.server?.maxOpenStreams).toBeLessThanOrEqual(16);
  });

  it('drops past connections × streams + maxQueuedRequests in flight, and counts the drops', async () => {
    const r = await load({ delayMs: 400 }, { rps: 100, connections: 1, maxStreams: 4, maxQueuedRequests: 6, durationMs: 1_000 });
    // At most 10 in flight while each takes 400 ms: about 25 of 100 get through.
    expect(r.dropped).toBeGreaterThan(50);
    expect(r.sent + r.dropped).toBe(r.scheduled);
    expect(r.completed).toBe(r.sent);
    expect(engine.server?.maxOpenStreams).toBeLessThanOrEqual(4);
  });

  it('gRPC: counts each call by its grpc-status; a non-zero code is an error with its code', async () => {
    const r = await load({ grpcStatus: 14, grpcStatusEvery: 4 }, { protocol: 'grpc', durationMs: 1_000 });
    expect(r.scheduled).toBe(200);
    expect(r.completed).toBe(200);
    const unavailable = r.statusCounts['grpc-14'] ?? 0;
    expect(unavailable).toBeGreaterThan(40);
    expect(r.statusCounts).toEqual({ 'grpc-0': 200 - unavailable, 'grpc-14': unavailable });
    expect(r.ok).toBe(200 - unavailable);
    expect(r.errors).toBe(unavailable);
    expect(engine.server?.seen[0]).toMatchObject({ path: '/meshbench.v1.Orders/GetOrder', contentType: 'application/grpc', te: 'trailers' });
  });

  it('counts a server that refuses connections as connect-refused, every measured request', async () => {
    const closed = await startH2TestServer({});
    const port = closed.port;
    await closed.close();
    const r = await runOpenLoop({ targetUrl: `http://127.0.0.1:${port}`, protocol: 'h2c', maxStreams: 4, rps: 100, arrival: 'uniform', connections: 2, warmupMs: 100, durationMs: 500, timeoutMs: 1_000, maxQueuedRequests: 1_000, picker: ordersPicker(), seed: 1 });
    expect(r.completed).toBe(0);
    expect(r.errorCounts).toEqual({ 'connect-refused': r.scheduled });
  });
});

describe('h2 over TLS', { retry: 2 }, () => {
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = await makeTestCertificates();
  });
  afterAll(() => certs.remove());

  it('loads an https:// server with ALPN h2, trusting the given CA', async () => {
    const r = await load({ tls: { cert: certs.cert, key: certs.key } }, { protocol: 'h2', tls: { caFile: certs.caPath }, durationMs: 500 });
    expect(engine.server?.url).toMatch(/^https:/);
    expect(r.completed).toBe(100);
    expect(r.statusCounts).toEqual({ '200': 100 });
  });
});
