/**
 * The engines over HTTP/2 and gRPC (load-transport.ts picks the connections): the open-loop rules
 * hold for every protocol (latency from the intended send time, queueing and drops counted), the
 * stream limits are kept, and gRPC statuses are counted by code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../src/load/closed-loop-engine.ts';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { checkProtocolUrl, createLoadTransport } from '../../src/load/load-transport.ts';
import { type OpenLoopOptions, runOpenLoop } from '../../src/load/open-loop-engine.ts';
import { decodeHistogram, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import { type H2TestServer, type H2TestServerOptions, startH2TestServer } from '../helpers/h2-test-server.ts';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.ts';

let server: H2TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const picker = createFixedRequestPicker({ method: 'GET', path: '/orders/1', body: null, headers: {} });

async function load(serverOptions: H2TestServerOptions, options: Partial<OpenLoopOptions> = {}) {
  server = await startH2TestServer(serverOptions);
  return runOpenLoop({
    targetUrl: server.url,
    protocol: 'h2c',
    maxStreams: 8,
    rps: 200,
    arrival: 'uniform',
    connections: 2,
    warmupMs: 300,
    durationMs: 1_500,
    timeoutMs: 2_000,
    maxQueuedRequests: 10_000,
    picker,
    seed: 1,
    ...options,
  });
}

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

// Real processes and wall-clock timing on a shared 2-core machine: a stall of the machine can
// fail one attempt; a real bug fails all three.
describe('open loop over HTTP/2 and gRPC', { retry: 2 }, () => {
  it('h2c: holds the rate, every request answered, within connections × streams', async () => {
    const r = await load({ delayMs: 20 });
    expect(r.scheduled).toBe(300);
    expect(r.completed).toBe(300);
    expect(r.statusCounts).toEqual({ '200': 300 });
    expect(r.errors).toBe(0);
    expect(summary(r.histograms.latencyUs).count).toBe(300);
    expect(server?.maxOpenStreams).toBeLessThanOrEqual(16);
  });

  it('queues requests that find no free stream and times them from their intended time', async () => {
    // The server allows 2 streams and answers in 100 ms: 20 rps of capacity for 60 rps of load.
    const r = await load({ maxConcurrentStreams: 2, delayMs: 100 }, { rps: 60, connections: 1, maxStreams: 8, durationMs: 1_000, timeoutMs: 5_000 });
    expect(server?.maxOpenStreams).toBe(2);
    expect(r.scheduled).toBe(60);
    expect(r.sent).toBe(60);
    expect(r.dropped).toBe(0);
    const latency = summary(r.histograms.latencyUs);
    const service = summary(r.histograms.serviceTimeUs);
    // Service time is the 100 ms answer; latency adds the wait for a stream, growing along the window.
    expect(service.p50Us).toBeLessThan(200_000);
    expect(service.p50Us).toBeGreaterThan(90_000);
    expect(latency.p90Us).toBeGreaterThan(500_000);
    expect(latency.maxUs).toBeGreaterThan(latency.p50Us);
  });

  it('drops past connections × streams + maxQueuedRequests in flight, and counts the drops', async () => {
    const r = await load({ delayMs: 400 }, { rps: 100, connections: 1, maxStreams: 4, maxQueuedRequests: 6, durationMs: 1_000 });
    // At most 10 in flight while each takes 400 ms: about 25 of 100 get through.
    expect(r.dropped).toBeGreaterThan(50);
    expect(r.sent + r.dropped).toBe(r.scheduled);
    expect(r.completed).toBe(r.sent);
    expect(server?.maxOpenStreams).toBeLessThanOrEqual(4);
  });

  it('times latency from the intended send time, so a stalling server shows in the tail', async () => {
    const r = await load({ stallEveryMs: 500, stallForMs: 250 }, { rps: 100, durationMs: 2_000 });
    const latency = summary(r.histograms.latencyUs);
    expect(r.completed).toBe(r.scheduled);
    expect(latency.p90Us).toBeGreaterThan(100_000);
    expect(latency.maxUs).toBeGreaterThan(200_000);
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
    expect(server?.seen[0]).toMatchObject({ path: '/meshbench.v1.Orders/GetOrder', contentType: 'application/grpc', te: 'trailers' });
  });

  it('counts a server that refuses connections as connect-refused, every measured request', async () => {
    server = await startH2TestServer({});
    const port = server.port;
    await server.close();
    server = null;
    const r = await runOpenLoop({ targetUrl: `http://127.0.0.1:${port}`, protocol: 'h2c', maxStreams: 4, rps: 100, arrival: 'uniform', connections: 2, warmupMs: 100, durationMs: 500, timeoutMs: 1_000, maxQueuedRequests: 1_000, picker, seed: 1 });
    expect(r.completed).toBe(0);
    expect(r.errorCounts).toEqual({ 'connect-refused': r.scheduled });
  });
});

describe('closed loop over HTTP/2', { retry: 2 }, () => {
  it('keeps connections × streams requests outstanding, like h2load -c -m', async () => {
    server = await startH2TestServer({ delayMs: 50 });
    const r = await runClosedLoop({ targetUrl: server.url, protocol: 'h2c', maxStreams: 5, connections: 2, warmupMs: 200, durationMs: 1_000, timeoutMs: 2_000, picker });
    expect(server.maxOpenStreams).toBe(10);
    // 10 outstanding, 50 ms each: about 200 rps.
    expect(r.completed).toBeGreaterThan(120);
    expect(r.errors).toBe(0);
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
    expect(server?.url).toMatch(/^https:/);
    expect(r.completed).toBe(100);
    expect(r.statusCounts).toEqual({ '200': 100 });
  });
});
