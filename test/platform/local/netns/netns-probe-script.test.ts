/** The probe that runs inside a namespace, run here with node in this namespace against loopback servers. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NETNS_PROBE_FILE, NETNS_PROBE_SCRIPT } from '../../../../src/platform/local/netns/netns-probe-script.ts';

let dir: string;
const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-netns-probe-'));
  writeFileSync(join(dir, NETNS_PROBE_FILE), NETNS_PROBE_SCRIPT);
});
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  rmSync(dir, { recursive: true, force: true });
});

function probe(spec: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, NETNS_PROBE_FILE), JSON.stringify(spec)], { timeout: 10_000 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
    });
  });
}

async function listen<T extends Server | TcpServer>(server: T): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('netns probe script', () => {
  it('http: the status and headers of the answer', async () => {
    const port = await listen(createHttpServer((_req, res) => res.writeHead(200, { 'x-chain-depth': '3' }).end('{}')));
    const out = await probe({ kind: 'http', url: `http://127.0.0.1:${port}/orders/1` });
    expect(out['statusCode']).toBe(200);
    expect((out['headers'] as Record<string, string>)['x-chain-depth']).toBe('3');
  });

  it('http: the error code when nothing listens', async () => {
    const port = await listen(createTcpServer());
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    expect(await probe({ kind: 'http', url: `http://127.0.0.1:${port}/` })).toEqual({ error: 'ECONNREFUSED' });
  });

  it('plaintext: the status line of an app that answers', async () => {
    const port = await listen(createHttpServer((_req, res) => res.writeHead(200).end('ok')));
    const out = await probe({ kind: 'plaintext', host: '127.0.0.1', port });
    expect(out).toMatchObject({ connected: true, httpStatusLine: 'HTTP/1.1 200 OK', timedOut: false });
  });

  it('plaintext: a connection accepted and closed without an answer (what a proxy demanding TLS does)', async () => {
    const port = await listen(createTcpServer((socket) => socket.once('data', () => socket.destroy())));
    expect(await probe({ kind: 'plaintext', host: '127.0.0.1', port })).toMatchObject({ connected: true, httpStatusLine: null, timedOut: false, bytesReceived: 0 });
  });

  it('plaintext: a silent peer is a timeout', async () => {
    const port = await listen(createTcpServer(() => undefined));
    expect(await probe({ kind: 'plaintext', host: '127.0.0.1', port, timeoutMs: 100 })).toMatchObject({ connected: true, timedOut: true, httpStatusLine: null });
  });
});
