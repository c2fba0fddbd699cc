/**
 * The protocol switch of the load engines: how requests are prepared once, and which connections
 * carry them. `http1` uses raw keep-alive sockets (one request per connection at a time);
 * `h2c`, `h2` and `grpc` use raw HTTP/2 connections with many streams each (h2-connection-pool.ts).
 * The engines' timing and outcome accounting are the same for every protocol.
 */
import { DEFAULT_MAX_STREAMS, type LoadProtocol } from '../config/scenario-schema.ts';
import { HarnessError } from '../errors.ts';
import { createH2ClosedLoopLanes, H2ConnectionPool, type H2PoolOptions } from './h2-connection-pool.ts';
import { prepareGrpcRequest, prepareH2Request } from './h2-request.ts';
import { RawConnectionPool } from './raw-connection-pool.ts';
import { RawHttpConnection, renderHttpRequest } from './raw-http-connection.ts';
import type { PreparedRequest } from './request-mix.ts';
import type { ClosedLoopChannel, RequestPool } from './request-pool.ts';
import { socketAddressOf } from './target-address.ts';
import { loadTlsClient } from './tls-connect.ts';
import type { AgentTlsStats } from '../plan/agent-protocol.ts';

/** TLS settings of the client (h2, and grpc to an https:// URL); the same fields as `bench load`'s HTTPS flags. */
export interface LoadTlsOptions {
  /** SNI and the name the certificate must match; default: the URL's host name (no SNI for an IP). */
  servername?: string | undefined;
  /** PEM file of the CAs to trust instead of Node's bundled roots. */
  caFile?: string | undefined;
  /** PEM client certificate and key, for servers that ask for one. */
  certFile?: string | undefined;
  keyFile?: string | undefined;
  /** Accept any server certificate. */
  insecure?: boolean | undefined;
}

export interface LoadTransportOptions {
  /** Default http1. */
  protocol?: LoadProtocol | undefined;
  targetUrl: string;
  connections: number;
  /** Streams per HTTP/2 connection (default 10). */
  maxStreams?: number | undefined;
  tls?: LoadTlsOptions | undefined;
}

export interface LoadTransport<P> {
  /** Requests that can run at once: connections (HTTP/1.1) or connections × streams (HTTP/2). */
  readonly concurrency: number;
  /** Turns one request of the mix into what the protocol sends (done once per pre-rendered request). */
  prepare(request: PreparedRequest): P;
  /** Connections for the open loop. */
  createPool(): RequestPool<P>;
  /** Lanes for the closed loop: connections (HTTP/1.1) or connections × streams (HTTP/2). */
  createClosedLoopChannels(): ClosedLoopChannel<P>[];
  /** HTTPS and h2: the negotiated version and cipher, handshakes and resumed sessions so far; null otherwise. */
  tlsStats(): AgentTlsStats | null;
}

/** Checks that a URL's scheme fits the protocol; throws a usage error naming both. */
export function checkProtocolUrl(protocol: LoadProtocol, url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HarnessError('USAGE', `only http:// and https:// URLs can be loaded, got ${url.protocol}`);
  if (protocol === 'h2' && url.protocol !== 'https:') throw new HarnessError('USAGE', `protocol h2 is HTTP/2 over TLS and needs an https:// URL, got ${url.href}`, { hint: 'use protocol h2c for cleartext HTTP/2' });
  if (protocol === 'h2c' && url.protocol !== 'http:') throw new HarnessError('USAGE', `protocol h2c is cleartext HTTP/2 and needs an http:// URL, got ${url.href}`, { hint: 'use protocol h2 for HTTP/2 over TLS' });
}

export function createLoadTransport(options: LoadTransportOptions): LoadTransport<unknown> {
  const protocol = options.protocol ?? 'http1';
  const url = new URL(options.targetUrl);
  checkProtocolUrl(protocol, url);
  const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  if (protocol === 'http1') {
    // One TLS connector per engine: it keeps the last session for resumption and counts handshakes.
    const address = { ...socketAddressOf(url), tls: url.protocol === 'https:' ? loadTlsClient(url, options.tls) : undefined };
    return {
      concurrency: options.connections,
      prepare: (r) => renderHttpRequest({ host: url.host, method: r.method, path: basePath + r.path, headers: r.headers, body: r.body }),
      createPool: () => new RawConnectionPool({ ...address, connections: options.connections }),
      createClosedLoopChannels: () => Array.from({ length: options.connections }, () => new RawHttpConnection(address)),
      tlsStats: () => address.tls?.stats() ?? null,
    };
  }
  const secure = url.protocol === 'https:';
  // h2 (and gRPC to an https:// URL): the same TLS client as HTTPS, offering only `h2` by ALPN.
  const connector = secure ? loadTlsClient(url, options.tls, { alpnProtocols: ['h2'] }) : null;
  const poolOptions: H2PoolOptions = {
    host: socketAddressOf(url).host,
    port: Number(url.port || (secure ? 443 : 80)),
    tls: connector,
    connections: options.connections,
    maxStreams: options.maxStreams ?? DEFAULT_MAX_STREAMS,
  };
  const prepare = protocol === 'grpc' ? prepareGrpcRequest : prepareH2Request;
  return {
    concurrency: poolOptions.connections * poolOptions.maxStreams,
    prepare: (r) =>
      prepare({ scheme: secure ? 'https' : 'http', authority: url.host, method: r.method, path: basePath + r.path, routePath: r.path, headers: r.headers, body: r.body }),
    createPool: () => new H2ConnectionPool(poolOptions),
    createClosedLoopChannels: () => createH2ClosedLoopLanes(poolOptions),
    tlsStats: () => connector?.stats() ?? null,
  };
}
