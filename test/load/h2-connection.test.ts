import https from 'node:https';
import http2, { type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TlsClientSpec } from '../../src/plan/agent-protocol.ts';
import { H2Connection, type H2PooledRequest, type H2Stream } from '../../src/load/h2-connection.ts';
import { ErrorCode, Flag, FrameType, frame, goawayFrame, rstStreamFrame, Setting, settingsFrame, windowUpdateFrame } from '../../src/load/h2-frames.ts';
import { type H2Request, prepareGrpcRequest, prepareH2Request } from '../../src/load/h2-request.ts';
import { encodeHeaderBlock } from '../../src/load/hpack-encoder.ts';
import { grpcOutcome } from '../../src/load/request-outcome.ts';
import { loadTlsClient } from '../../src/load/tls-connect.ts';
import { type RawH2Peer, type RawH2Script, type RawH2Server, startRawH2Server } from '../helpers/raw-h2-server.ts';
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
});

// ---- Framing against a server scripted frame by frame (RFC 9113) ----

interface Client {
  connection: H2Connection;
  ready: Promise<void>;
  retired: (string | null)[];
  unprocessed: H2PooledRequest[];
}

function rawClient(port: number, maxStreams = 4): Client {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const retired: (string | null)[] = [];
  const unprocessed: H2PooledRequest[] = [];
  const connection = new H2Connection({
    host: '127.0.0.1',
    port,
    tls: null,
    maxStreams,
    onCapacity: () => markReady(),
    onRetired: (_c, kind) => retired.push(kind),
    onUnprocessed: (r) => unprocessed.push(r),
  });
  closers.push(() => connection.close());
  connection.open();
  return { connection, ready, retired, unprocessed };
}

/** Sends a request; resolves with its outcome (status, grpc outcome or failure kind) and its stream. */
function send(connection: H2Connection, payload: H2Request): { stream: H2Stream; outcome: Promise<number | string> } {
  let stream: H2Stream | null = null;
  const outcome = new Promise<number | string>((resolve) => {
    const end = (o: number | string) => {
      stream?.releaseSlot();
      resolve(o);
    };
    stream = connection.request({ payload, onDispatch: () => undefined, isExpired: () => false, onResponse: end, onError: end });
  });
  return { stream: stream as unknown as H2Stream, outcome };
}

const parts = { scheme: 'http' as const, authority: 'test', method: 'GET', path: '/orders/1', routePath: '/orders/1', headers: {}, body: null };
const GET = prepareH2Request(parts);
const STATUS_200 = encodeHeaderBlock([[':status', '200']]);
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits (up to 5 s) until the condition holds: frames cross loopback sockets asynchronously. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition() && Date.now() < deadline) await sleep(5);
}

async function rawServer(script: RawH2Script): Promise<RawH2Server> {
  const s = await startRawH2Server(script);
  closers.push(() => void s.close());
  return s;
}

describe('HTTP/2 connection framing', () => {
  it('opens with the preface, SETTINGS (no push) and a large connection window', async () => {
    const server = await rawServer({ onFrame: () => undefined });
    const c = rawClient(server.port);
    await c.ready;
    await until(() => server.frames.some((f) => f.type === FrameType.SETTINGS && f.flags === Flag.ACK));
    const settings = server.frames.find((f) => f.type === FrameType.SETTINGS && f.flags === 0);
    expect(settings?.payload.toString('hex')).toBe('000200000000' + '0004' + (2 ** 24).toString(16).padStart(8, '0'));
    const update = server.frames.find((f) => f.type === FrameType.WINDOW_UPDATE && f.streamId === 0);
    expect(update?.payload.readUInt32BE(0)).toBe(2 ** 30 - 1 - 65_535);
    expect(server.frames.some((f) => f.type === FrameType.SETTINGS && f.flags === Flag.ACK)).toBe(true);
  });

  it('reads a padded, prioritised HEADERS continued by CONTINUATION, padded DATA, and keeps the HPACK table across responses', async () => {
    // RFC 7541 C.6.1 (:status 302, Huffman, indexed into the table) then C.6.2 (:status 307 and three table references).
    const first = hex('4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3');
    const second = hex('4883 640e ffc1 c0bf');
    const server = await rawServer({
      onFrame: (peer, f) => {
        if (f.type !== FrameType.HEADERS) return;
        if (f.streamId === 1) {
          const head = Buffer.concat([Buffer.from([3]), Buffer.from([0, 0, 0, 0, 15]), first.subarray(0, 10), Buffer.alloc(3)]);
          peer.send(
            frame(FrameType.HEADERS, Flag.PADDED | Flag.PRIORITY, 1, head),
            frame(FrameType.CONTINUATION, 0, 1, first.subarray(10, 20)),
            frame(FrameType.CONTINUATION, Flag.END_HEADERS, 1, first.subarray(20)),
            frame(FrameType.DATA, Flag.PADDED, 1, Buffer.concat([Buffer.from([4]), Buffer.from('hello'), Buffer.alloc(4)])),
            frame(FrameType.DATA, Flag.END_STREAM, 1, Buffer.from('!')),
          );
        } else peer.send(frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, f.streamId, second));
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    const a = send(c.connection, GET);
    expect(await a.outcome).toBe(302);
    expect(a.stream.bodyBytes).toBe(6);
    expect(await send(c.connection, GET).outcome).toBe(307);
  });

  it('fails the connection as a protocol error when another frame interrupts a header block', async () => {
    const server = await rawServer({
      onFrame: (peer, f) => {
        if (f.type === FrameType.HEADERS) peer.send(frame(FrameType.HEADERS, 0, f.streamId, STATUS_200), frame(FrameType.PING, 0, 0, Buffer.alloc(8)));
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    expect(await send(c.connection, GET).outcome).toBe('protocol');
    await until(() => server.frames.some((f) => f.type === FrameType.GOAWAY));
    const goaway = server.frames.find((f) => f.type === FrameType.GOAWAY);
    expect(goaway?.payload.readUInt32BE(4)).toBe(ErrorCode.PROTOCOL_ERROR);
    expect(c.retired).toEqual([null]);
  });

  it('keeps a request body within the server’s stream window, sending more on each WINDOW_UPDATE', async () => {
    const body = Buffer.from('x'.repeat(25));
    const server = await rawServer({
      settings: [[Setting.INITIAL_WINDOW_SIZE, 10]],
      onFrame: (peer, f) => {
        if (f.type !== FrameType.DATA) return;
        if (f.flags & Flag.END_STREAM) peer.send(frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, f.streamId, STATUS_200));
        else peer.send(windowUpdateFrame(f.streamId, 10));
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    const post = prepareH2Request({ ...parts, method: 'POST', body });
    expect(await send(c.connection, post).outcome).toBe(200);
    const data = server.frames.filter((f) => f.type === FrameType.DATA);
    expect(data.map((f) => [f.payload.length, f.flags])).toEqual([
      [10, 0],
      [10, 0],
      [5, Flag.END_STREAM],
    ]);
  });

  it('gives back the windows of a large response (stream and connection WINDOW_UPDATE)', async () => {
    const chunk = Buffer.alloc(16_384, 1);
    const frames = 600; // 9.8 MB: past half the stream window the client grants (2^24)
    const server = await rawServer({
      onFrame: (peer, f) => {
        if (f.type !== FrameType.HEADERS) return;
        peer.send(frame(FrameType.HEADERS, Flag.END_HEADERS, f.streamId, STATUS_200));
        for (let i = 0; i < frames; i++) peer.send(frame(FrameType.DATA, i === frames - 1 ? Flag.END_STREAM : 0, f.streamId, chunk));
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    const r = send(c.connection, GET);
    expect(await r.outcome).toBe(200);
    expect(r.stream.bodyBytes).toBe(frames * chunk.length);
    await until(() => server.frames.some((f) => f.type === FrameType.WINDOW_UPDATE && f.streamId === 1));
    const streamUpdate = server.frames.find((f) => f.type === FrameType.WINDOW_UPDATE && f.streamId === 1);
    expect(streamUpdate?.payload.readUInt32BE(0)).toBeGreaterThanOrEqual(2 ** 23);
  });

  it('splits a header block larger than SETTINGS_MAX_FRAME_SIZE into HEADERS and CONTINUATION', async () => {
    const server = await rawServer({
      onFrame: (peer, f) => {
        if (f.type === FrameType.CONTINUATION && f.flags & Flag.END_HEADERS) peer.send(frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, f.streamId, STATUS_200));
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    const big = prepareH2Request({ ...parts, headers: { 'x-big': 'b'.repeat(20_000) } });
    expect(await send(c.connection, big).outcome).toBe(200);
    const sent = server.frames.filter((f) => f.streamId === 1);
    expect(sent.map((f) => [f.type, f.flags])).toEqual([
      [FrameType.HEADERS, Flag.END_STREAM],
      [FrameType.CONTINUATION, Flag.END_HEADERS],
    ]);
    expect(sent[0]?.payload.length).toBe(16_384);
    expect(Buffer.concat(sent.map((f) => f.payload)).equals(big.block)).toBe(true);
  });

  it('GOAWAY: streams up to the last stream id finish, those above go back unprocessed, no new streams', async () => {
    const server = await rawServer({
      onFrame: (peer, f) => {
        if (f.type === FrameType.HEADERS && f.streamId === 5) {
          peer.send(goawayFrame(1, ErrorCode.NO_ERROR), frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, 1, STATUS_200));
        }
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    const outcomes = [send(c.connection, GET), send(c.connection, GET), send(c.connection, GET)];
    expect(await outcomes[0]?.outcome).toBe(200);
    expect(c.unprocessed).toHaveLength(2);
    expect(c.connection.capacity).toBe(0);
    expect(c.retired).toEqual([null]);
  });

  it('RST_STREAM fails its stream as reset; the connection carries on', async () => {
    const server = await rawServer({
      onFrame: (peer, f) => {
        if (f.type !== FrameType.HEADERS) return;
        if (f.streamId === 1) peer.send(rstStreamFrame(1, ErrorCode.INTERNAL_ERROR));
        else peer.send(frame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, f.streamId, STATUS_200));
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    expect(await send(c.connection, GET).outcome).toBe('reset');
    expect(await send(c.connection, GET).outcome).toBe(200);
  });

  it('cancels a timed-out stream with RST_STREAM(CANCEL)', async () => {
    const server = await rawServer({ onFrame: () => undefined });
    const c = rawClient(server.port);
    await c.ready;
    const r = send(c.connection, GET);
    r.stream.expire();
    expect(await r.outcome).toBe('timeout');
    await until(() => server.frames.some((f) => f.type === FrameType.RST_STREAM));
    const rst = server.frames.find((f) => f.type === FrameType.RST_STREAM);
    expect([rst?.streamId, rst?.payload.readUInt32BE(0)]).toEqual([1, ErrorCode.CANCEL]);
  });

  it('takes min(its own limit, SETTINGS_MAX_CONCURRENT_STREAMS) streams, and follows a change of the setting', async () => {
    let peerRef: RawH2Peer | null = null;
    const server = await rawServer({
      settings: [[Setting.MAX_CONCURRENT_STREAMS, 2]],
      onFrame: (peer) => {
        peerRef = peer;
      },
    });
    const c = rawClient(server.port, 4);
    await c.ready;
    expect(c.connection.capacity).toBe(2);
    send(c.connection, GET);
    expect(c.connection.capacity).toBe(1);
    await until(() => peerRef !== null);
    (peerRef as RawH2Peer | null)?.send(settingsFrame([[Setting.MAX_CONCURRENT_STREAMS, 10]]));
    await until(() => c.connection.capacity === 3);
    expect(c.connection.capacity).toBe(3);
  });

  it('answers PING with a PING ACK carrying the same data', async () => {
    const server = await rawServer({ onConnect: (peer) => peer.send(frame(FrameType.PING, 0, 0, Buffer.from('01234567'))), onFrame: () => undefined });
    const c = rawClient(server.port);
    await c.ready;
    await until(() => server.frames.some((f) => f.type === FrameType.PING));
    const ack = server.frames.find((f) => f.type === FrameType.PING);
    expect([ack?.flags, ack?.payload.toString()]).toEqual([Flag.ACK, '01234567']);
  });

  it('refuses a server push (PUSH_PROMISE with push disabled) as a protocol error', async () => {
    const server = await rawServer({
      onFrame: (peer, f) => {
        if (f.type === FrameType.HEADERS) peer.send(frame(FrameType.PUSH_PROMISE, Flag.END_HEADERS, f.streamId, Buffer.concat([Buffer.from([0, 0, 0, 2]), STATUS_200])));
      },
    });
    const c = rawClient(server.port);
    await c.ready;
    expect(await send(c.connection, GET).outcome).toBe('protocol');
  });
});
