import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RawHttpConnection, renderHttpRequest, ResponseFramer } from '../../src/load/raw-http-connection.ts';

function frame(parts: string[]): { statuses: number[]; ok: boolean } {
  const framer = new ResponseFramer();
  const statuses: number[] = [];
  let ok = true;
  for (const p of parts) ok = framer.feed(Buffer.from(p, 'latin1'), (s) => statuses.push(s)) && ok;
  return { statuses, ok };
}

describe('response framing', () => {
  it('content-length bodies, also split across reads', () => {
    const msg = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    expect(frame([msg]).statuses).toEqual([200]);
    expect(frame([msg.slice(0, 10), msg.slice(10, 30), msg.slice(30)]).statuses).toEqual([200]);
    expect(frame([msg + msg.replace('200 OK', '404 Not Found')]).statuses).toEqual([200, 404]);
    expect(frame([msg.slice(0, -1)]).statuses).toEqual([]);
  });

  it('chunked bodies with trailers, split anywhere', () => {
    const msg = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6\r\npedia \r\n0\r\n\r\n';
    expect(frame([msg]).statuses).toEqual([201]);
    for (let cut = 1; cut < msg.length; cut++) expect(frame([msg.slice(0, cut), msg.slice(cut)]).statuses, `cut ${cut}`).toEqual([201]);
    expect(frame([msg, msg]).statuses).toEqual([201, 201]);
  });

  it('1xx, 204 and 304 have no body; garbage is a framing error', () => {
    expect(frame(['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n']).statuses).toEqual([204]);
    expect(frame(['HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n']).statuses).toEqual([304]);
    expect(frame(['SSH-2.0-OpenSSH\r\n\r\n']).ok).toBe(false);
  });

  it('renders requests with host and content-length', () => {
    const r = renderHttpRequest({ host: '127.0.0.1:80', method: 'POST', path: '/orders', headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
    expect(r.toString()).toBe('POST /orders HTTP/1.1\r\nhost: 127.0.0.1:80\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
  });
});

describe('raw connection against node:http', () => {
  it('keeps the connection alive, survives connection: close, reports refused connections', async () => {
    let sockets = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/close') res.setHeader('connection', 'close');
      if (req.url === '/chunked') {
        res.write('a');
        res.end('b');
        return;
      }
      res.end('ok');
    });
    server.on('connection', () => sockets++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const conn = new RawHttpConnection({ host: '127.0.0.1', port });
    const send = (path: string) =>
      new Promise<number | string>((resolve) =>
        conn.send(renderHttpRequest({ host: `127.0.0.1:${port}`, method: 'GET', path, headers: {}, body: null }), {
          onResponse: resolve,
          onError: resolve,
        }),
      );
    expect(await send('/a')).toBe(200);
    expect(await send('/chunked')).toBe(200);
    expect(await send('/b')).toBe(200);
    expect(sockets).toBe(1);
    expect(await send('/close')).toBe(200);
    expect(await send('/c')).toBe(200);
    expect(sockets).toBe(2);
    conn.close();
    await new Promise<void>((r) => server.close(() => r()));
    const refused = new RawHttpConnection({ host: '127.0.0.1', port });
    expect(
      await new Promise((resolve) =>
        refused.send(renderHttpRequest({ host: 'x', method: 'GET', path: '/', headers: {}, body: null }), { onResponse: resolve, onError: resolve }),
      ),
    ).toBe('connect-refused');
  });
});
