/**
 * The order-service: the HTTP workload put under load (node builtins only, so it stays small and
 * fast, and bundles into one file for a stock node image). It answers HTTP/1.1, HTTP/2 and gRPC
 * on one port (protocol-server.ts). `startOrderService` is the library form;
 * order-service-main.ts is the program around it.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Downstream } from './downstream-call.ts';
import { DownstreamClient } from './downstream-client.ts';
import { DownstreamFanOut } from './downstream-fan-out.ts';
import { downstreamUrlList, type OrderServiceConfig, resolveOrderServiceConfig } from './order-service-config.ts';
import { createOrderRequestListener } from './order-routes.ts';
import { OrderStore } from './order-store.ts';
import { createProtocolServer } from './protocol-server.ts';
import { ResponsePadding } from './response-padding.ts';
import type { ServiceLifecycle } from './service-lifecycle.ts';

export type { OrderServiceConfig } from './order-service-config.ts';

/** A running order-service instance. */
export interface OrderService {
  /** The port it listens on (the real one when the config said 0). */
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:34567` (`https://` with a TLS certificate). */
  readonly url: string;
  /** The resolved config (defaults filled). */
  readonly config: Readonly<OrderServiceConfig>;
  /**
   * Graceful shutdown: /readyz turns 503 and every answer closes its connection; after
   * `shutdownDrainMs` no connection is accepted, idle keep-alive connections are closed and
   * in-flight requests finish; connections still open after `shutdownTimeoutMs` are cut.
   * Resolves when the server is closed. Idempotent.
   */
  close(): Promise<void>;
}

/** How often idle connections are swept during shutdown (ones that were busy when it began). */
const IDLE_SWEEP_INTERVAL_MS = 100;
/** Longer than usual client pools keep connections, so the server rarely closes one under a client's request. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function urlHost(host: string): string {
  const connectable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return connectable.includes(':') ? `[${connectable}]` : connectable;
}

/** The next service of a chain, the services of a fan-out (several URLs), or none. */
function downstreamOf(config: OrderServiceConfig): Downstream | undefined {
  if (config.downstreamUrl === undefined) return undefined;
  const clientOf = (url: string) => new DownstreamClient({ url, timeoutMs: config.downstreamTimeoutMs, maxSockets: config.downstreamMaxSockets });
  const urls = downstreamUrlList(config.downstreamUrl);
  if (urls.length === 1) return clientOf(urls[0] as string);
  return new DownstreamFanOut(urls.map((url) => ({ url, client: clientOf(url) })));
}

/**
 * Starts an order-service listening on `config.host:config.port`. Throws an
 * OrderServiceConfigError for a bad config, and rejects if the port cannot be bound.
 */
export async function startOrderService(options: Partial<OrderServiceConfig> = {}): Promise<OrderService> {
  const config = resolveOrderServiceConfig(options);
  const lifecycle: ServiceLifecycle = { shuttingDown: false };
  const downstream = downstreamOf(config);
  const listener = createOrderRequestListener({
    store: new OrderStore({ seedOrders: config.seedOrders, maxCreatedOrders: config.maxOrders }),
    padding: new ResponsePadding(config.responseBytes),
    downstream,
    lifecycle,
    maxBodyBytes: config.maxBodyBytes,
    addedDelayMs: config.addedDelayMs,
    cpuCostUs: config.cpuCostUs,
  });
  const tls =
    config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined
      ? {
          cert: readFileSync(config.tlsCertFile),
          key: readFileSync(config.tlsKeyFile),
          ...(config.tlsClientCaFile === undefined ? {} : { clientCa: readFileSync(config.tlsClientCaFile) }),
        }
      : undefined;
  const front = createProtocolServer({ listener, keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS, tls });
  const server = front.server;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: config.host }, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    downstream?.close();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;

  const shutdown = async (): Promise<void> => {
    lifecycle.shuttingDown = true;
    if (config.shutdownDrainMs > 0) await sleep(config.shutdownDrainMs);
    await new Promise<void>((resolve) => {
      const sweep = setInterval(() => front.closeIdleConnections(), IDLE_SWEEP_INTERVAL_MS);
      const force = setTimeout(() => front.closeAllConnections(), config.shutdownTimeoutMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
      front.closeIdleConnections();
    });
    downstream?.close();
  };
  let closing: Promise<void> | undefined;

  return {
    port,
    url: `${tls ? 'https' : 'http'}://${urlHost(config.host)}:${port}`,
    config,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}
