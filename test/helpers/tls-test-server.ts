/**
 * A loopback HTTPS server for the TLS tests (node:https): records the SNI each connection sent,
 * the handshakes and how many resumed a session, and can require a client certificate, cap the
 * TLS version, close every n-th connection (`Connection: close`, so the client reconnects) or
 * stall like http-test-server.ts.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TestPki } from './test-pki.ts';

export interface TlsTestServerOptions {
  pki: TestPki;
  /** Ask for a client certificate signed by the test CA and refuse connections without one. */
  requireClientCert?: boolean;
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Answer every n-th request with `Connection: close`. */
  closeEvery?: number;
  /** Every `stallEveryMs`, stop answering for `stallForMs`. */
  stallEveryMs?: number;
  stallForMs?: number;
}

export interface TlsTestServer {
  port: number;
  /** https://127.0.0.1:port */
  url: string;
  requests: number;
  /** The SNI of every connection, in order ('' when none was sent). */
  servernames: string[];
  handshakes: number;
  resumed: number;
  /** CN of the client certificate of every request that presented one. */
  clientNames: Set<string>;
  close(): Promise<void>;
}

export async function startTlsTestServer(options: TlsTestServerOptions): Promise<TlsTestServer> {
  const started = Date.now();
  const server = https.createServer({
    key: options.pki.serverKey,
    cert: options.pki.serverCert,
    ca: options.pki.caCert,
    requestCert: options.requireClientCert === true,
    rejectUnauthorized: options.requireClientCert === true,
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
  });
  const state: Omit<TlsTestServer, 'port' | 'url' | 'close'> = { requests: 0, servernames: [], handshakes: 0, resumed: 0, clientNames: new Set() };
  server.on('secureConnection', (socket: TLSSocket) => {
    state.handshakes++;
    if (socket.isSessionReused()) state.resumed++;
    state.servernames.push(typeof socket.servername === 'string' ? socket.servername : '');
  });
  server.on('request', (req, res) => {
    state.requests++;
    const n = state.requests;
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    if (peer?.subject?.CN) state.clientNames.add(String(peer.subject.CN));
    req.resume();
    req.on('end', () => {
      let waitMs = 0;
      if (options.stallEveryMs && options.stallForMs) {
        const phase = (Date.now() - started) % options.stallEveryMs;
        if (phase < options.stallForMs) waitMs = options.stallForMs - phase;
      }
      const answer = () => {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (options.closeEvery && n % options.closeEvery === 0) headers['connection'] = 'close';
        res.writeHead(200, headers);
        res.end('ok');
      };
      if (waitMs > 0) setTimeout(answer, waitMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const result: TlsTestServer = {
    port,
    url: `https://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    servernames: state.servernames,
    get handshakes() {
      return state.handshakes;
    },
    get resumed() {
      return state.resumed;
    },
    clientNames: state.clientNames,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return result;
}
