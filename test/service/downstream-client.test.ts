import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAIN_DEPTH_HEADER, DownstreamClient, SERVICE_COUNT_HEADER } from '../../src/service/downstream-client.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  remotePort: number;
}

let server: Server | null = null;
let client: DownstreamClient | null = null;
const seen: Seen[] = [];

/** A downstream answering `status` with `x-chain-depth: depth` (or never answering). */
async function downstream(answer: { status?: number; depth?: string; count?: string; silent?: boolean; cut?: boolean }): Promise<string> {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, remotePort: req.socket.remotePort ?? 0 });
      if (answer.silent) return;
      if (answer.cut) {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        res.socket?.destroy();
        return;
      }
      res.writeHead(answer.status ?? 200, {
        ...(answer.depth === undefined ? {} : { [CHAIN_DEPTH_HEADER]: answer.depth }),
        ...(answer.count === undefined ? {} : { [SERVICE_COUNT_HEADER]: answer.count }),
      });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function newClient(url: string, timeoutMs = 5_000): DownstreamClient {
  client = new DownstreamClient({ url, timeoutMs, maxSockets: 4 });
  return client;
}

afterEach(async () => {
  client?.close();
  client = null;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('DownstreamClient', () => {
  it('forwards method, path, JSON body and only the tracing headers', async () => {
    const c = newClient(await downstream({ depth: '2' }));
    const result = await c.forward({
      method: 'PATCH',
      path: '/orders/3/status?x=1',
      body: Buffer.from('{"status":"paid"}'),
      headers: { traceparent: '00-abc-def-01', 'x-request-id': 'r1', authorization: 'secret', cookie: 'c' },
    });
    expect(result).toEqual({ ok: true, chainDepth: 2, serviceCount: 2 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'PATCH', url: '/orders/3/status?x=1', body: '{"status":"paid"}' });
    expect(seen[0]?.headers).toMatchObject({ traceparent: '00-abc-def-01', 'x-request-id': 'r1', 'content-type': 'application/json', 'content-length': '17' });
    expect(seen[0]?.headers).not.toHaveProperty('authorization');
    expect(seen[0]?.headers).not.toHaveProperty('cookie');
  });

  it('reuses one keep-alive connection for requests in sequence', async () => {
    const c = newClient(await downstream({ depth: '1' }));
    await c.forward({ method: 'GET', path: '/orders/1', body: undefined, headers: {} });
    await c.forward({ method: 'GET', path: '/orders/2', body: undefined, headers: {} });
    expect(seen.map((s) => s.remotePort)[0]).toBe(seen[1]?.remotePort);
    expect(seen[0]?.headers).not.toHaveProperty('content-type');
  });

  it('counts a downstream without (or with a nonsense) depth header as one service', async () => {
    const none = newClient(await downstream({}));
    expect(await none.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toEqual({ ok: true, chainDepth: 1, serviceCount: 1 });
  });

  it('reads the service count (a fan-out behind it answers more services than its depth), else counts its depth', async () => {
    const fanOut = newClient(await downstream({ depth: '2', count: '4' }));
    expect(await fanOut.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toEqual({ ok: true, chainDepth: 2, serviceCount: 4 });
    client?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const nonsense = newClient(await downstream({ depth: '3', count: 'x' }));
    expect(await nonsense.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toEqual({ ok: true, chainDepth: 3, serviceCount: 3 });
  });

  it('ignores a depth header that is not a positive integer', async () => {
    const c = newClient(await downstream({ depth: '0' }));
    expect(await c.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toEqual({ ok: true, chainDepth: 1, serviceCount: 1 });
  });

  it('passes 4xx through as answered, and fails on 5xx', async () => {
    const notFound = newClient(await downstream({ status: 404, depth: '3' }));
    expect(await notFound.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toEqual({ ok: true, chainDepth: 3, serviceCount: 3 });
  });

  it('fails on a 5xx answer', async () => {
    const c = newClient(await downstream({ status: 503 }));
    expect(await c.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toEqual({ ok: false, reason: 'answered 503' });
  });

  it('fails when the answer is cut short', async () => {
    const c = newClient(await downstream({ cut: true }));
    expect(await c.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toMatchObject({ ok: false });
  });

  it('fails when the downstream stays silent past the timeout', async () => {
    const c = newClient(await downstream({ silent: true }), 50);
    expect(await c.forward({ method: 'GET', path: '/', body: undefined, headers: {} })).toEqual({ ok: false, reason: 'no answer within 50 ms' });
  });

  it('fails, without throwing, when nothing listens', async () => {
    const url = await downstream({});
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    const result = await newClient(url).forward({ method: 'GET', path: '/', body: undefined, headers: {} });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  });
});
