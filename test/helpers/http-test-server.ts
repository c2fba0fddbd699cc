/**
 * Loopback HTTP servers with scripted behaviour for the engine tests: fast, slow, stalling,
 * erroring and connection-closing (autocannon's test/helper.js idea).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServerOptions {
  /** Delay before answering, ms. */
  delayMs?: number;
  /** Every `stallEveryMs`, stop answering for `stallForMs` (responses queue up, then flow). */
  stallEveryMs?: number;
  stallForMs?: number;
  /** Status code to answer with. */
  statusCode?: number;
  /** Destroy the socket instead of answering, for every n-th request. */
  destroyEvery?: number;
}

export interface TestServer {
  url: string;
  port: number;
  requests: number;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const started = Date.now();
  const state = { requests: 0 };
  const answer = (res: http.ServerResponse) => {
    res.writeHead(options.statusCode ?? 200, { 'content-type': 'text/plain' });
    res.end('ok');
  };
  const server = http.createServer((req, res) => {
    state.requests++;
    const n = state.requests;
    req.resume();
    req.on('end', () => {
      if (options.destroyEvery && n % options.destroyEvery === 0) {
        req.socket.destroy();
        return;
      }
      let waitMs = options.delayMs ?? 0;
      if (options.stallEveryMs && options.stallForMs) {
        const phase = (Date.now() - started) % options.stallEveryMs;
        if (phase < options.stallForMs) waitMs += options.stallForMs - phase;
      }
      if (waitMs > 0) setTimeout(() => answer(res), waitMs);
      else answer(res);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
