/**
 * Differential test of HTTP/1.1 response framing: a corpus of odd responses, served as raw bytes
 * by a loopback TCP server, framed by our raw connection and by Node's own `http` client. Both must
 * see the same statuses, the same body boundaries (body bytes per response) and fail on the same
 * responses.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawHttpConnection, renderHttpRequest } from '../../src/load/raw-http-connection.ts';

interface OddCase {
  name: string;
  method?: 'GET' | 'HEAD';
  /** Raw bytes answered to each request on a connection (the last one repeats). */
  response: string;
  /** The server closes the connection after each answer. */
  closeAfter?: boolean;
  /** Requests sent one after the other (default 2: the framing must also find the next response). */
  requests?: number;
}

const CORPUS: OddCase[] = [
  { name: 'content-length', response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' },
  { name: 'HEAD with content-length has no body', method: 'HEAD', response: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n' },
  { name: 'HEAD with chunked has no body', method: 'HEAD', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' },
  { name: '204 ignores content-length', response: 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n' },
  { name: '304 ignores content-length', response: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n' },
  { name: '100 continue before the response', response: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { name: '103 early hints before the response', response: 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
  { name: 'no framing: the body runs to the close', response: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody until close', closeAfter: true },
  { name: 'HTTP/1.0 closes by default', response: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', closeAfter: true, requests: 3 },
  { name: 'HTTP/1.0 without framing', response: 'HTTP/1.0 200 OK\r\n\r\nold-style body', closeAfter: true },
  { name: 'HTTP/1.0 keep-alive', response: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok', requests: 3 },
  { name: 'connection: close with the close in the same segment', response: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok', closeAfter: true, requests: 3 },
  { name: 'connection header with several tokens', response: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: Close, TE\r\n\r\nok', closeAfter: true, requests: 3 },
  { name: 'chunked with extensions and trailers', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=x\r\nWiki\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n' },
  { name: 'chunked after another coding', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' },
  { name: 'header names in any case, no space after the colon', response: 'HTTP/1.1 404 Not Found\r\ncOnTeNt-LeNgTh:3\r\nCONNECTION:keep-alive\r\n\r\nnop' },
  { name: 'invalid content-length', response: 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n', requests: 1 },
  { name: 'negative content-length', response: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', requests: 1 },
  { name: 'invalid status line', response: 'HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n', requests: 1 },
  { name: 'not HTTP', response: 'SSH-2.0-OpenSSH_9.6\r\n\r\n', requests: 1 },
  { name: 'bad chunk size', response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n', requests: 1 },
  { name: 'close in the middle of the body', response: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello', closeAfter: true, requests: 1 },
  { name: 'close in the middle of the head', response: 'HTTP/1.1 200 OK\r\nContent-Len', closeAfter: true, requests: 1 },
];

type Outcome = { status: number; bodyBytes: number } | { error: true };

/** Serves `response` for every request head on every connection. */
async function startRawServer(c: OddCase): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        buffered = buffered.slice(end + 4);
        if (c.closeAfter) socket.end(c.response, 'latin1');
        else socket.write(c.response, 'latin1');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const TIMEOUT_MS = 2_000;

async function withNodeHttp(c: OddCase, port: number): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out: Outcome[] = [];
  for (let i = 0; i < (c.requests ?? 2); i++) {
    out.push(
      await new Promise<Outcome>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port, path: '/x', method: c.method ?? 'GET', agent, timeout: TIMEOUT_MS }, (res) => {
          let bodyBytes = 0;
          res.on('data', (d: Buffer) => {
            bodyBytes += d.length;
          });
          res.on('end', () => resolve(res.complete ? { status: res.statusCode as number, bodyBytes } : { error: true }));
          res.on('error', () => resolve({ error: true }));
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => resolve({ error: true }));
        req.end();
      }),
    );
  }
  agent.destroy();
  return out;
}

async function withRawConnection(c: OddCase, port: number): Promise<Outcome[]> {
  const conn = new RawHttpConnection({ host: '127.0.0.1', port });
  const bytes = renderHttpRequest({ host: `127.0.0.1:${port}`, method: c.method ?? 'GET', path: '/x', headers: {}, body: null });
  const out: Outcome[] = [];
  for (let i = 0; i < (c.requests ?? 2); i++) {
    out.push(
      await new Promise<Outcome>((resolve) => {
        const timer = setTimeout(() => conn.expire(), TIMEOUT_MS);
        conn.send(bytes, {
          onResponse: (status) => {
            clearTimeout(timer);
            resolve({ status, bodyBytes: conn.lastBodyBytes });
          },
          onError: () => {
            clearTimeout(timer);
            resolve({ error: true });
          },
        });
      }),
    );
  }
  conn.close();
  return out;
}

describe('response framing: ours and node:http agree on odd responses', () => {
  const servers = new Map<string, { port: number; close: () => Promise<void> }>();
  beforeAll(async () => {
    for (const c of CORPUS) servers.set(c.name, await startRawServer(c));
  });
  afterAll(async () => {
    for (const s of servers.values()) await s.close();
  });

  for (const c of CORPUS) {
    it(c.name, async () => {
      const { port } = servers.get(c.name) as { port: number };
      const [theirs, ours] = [await withNodeHttp(c, port), await withRawConnection(c, port)];
      expect(ours).toEqual(theirs);
    });
  }

  it('the corpus has both answers and errors (the comparison is not vacuous)', async () => {
    const { port } = servers.get('invalid content-length') as { port: number };
    expect(await withNodeHttp(CORPUS.find((c) => c.name === 'invalid content-length') as OddCase, port)).toEqual([{ error: true }]);
    const ok = servers.get('content-length') as { port: number };
    expect(await withNodeHttp(CORPUS[0] as OddCase, ok.port)).toEqual([
      { status: 200, bodyBytes: 5 },
      { status: 200, bodyBytes: 5 },
    ]);
  });
});
