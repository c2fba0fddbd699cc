/**
 * The order-service as a server: its address, graceful shutdown (readiness turns 503, answers close
 * their connection, then the port is released), and config refusal before listening. The routes
 * are in order-routes.test.ts.
 */
import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startOrderService } from '../../src/service/order-service.ts';
import { httpExchange } from './http-exchange.ts';

describe('order-service readiness during shutdown', () => {
  it('answers /readyz 503 (and /healthz 200) while draining, then refuses connections', async () => {
    const service = await startOrderService({ shutdownDrainMs: 400 });
    const keepAlive = new Agent({ keepAlive: true });
    const before = await httpExchange({ port: service.port, path: '/readyz', agent: keepAlive });
    expect(before.status).toBe(200);
    expect(before.headers['connection']).toBe('keep-alive');
    const closed = service.close();
    const ready = await httpExchange({ port: service.port, path: '/readyz', agent: keepAlive });
    expect(ready.status).toBe(503);
    expect(ready.headers['connection']).toBe('close'); // so clients move to other endpoints
    const order = await httpExchange({ port: service.port, path: '/orders/1', agent: keepAlive });
    expect(order.status).toBe(200);
    expect(order.headers['connection']).toBe('close');
    expect((await httpExchange({ port: service.port, path: '/healthz' })).status).toBe(200);
    keepAlive.destroy();
    await closed;
    await expect(httpExchange({ port: service.port, path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('close() is idempotent', async () => {
    const service = await startOrderService();
    await Promise.all([service.close(), service.close()]);
    await service.close();
  });

  it('refuses a bad config before listening', async () => {
    await expect(startOrderService({ responseBytes: -5 })).rejects.toThrow(/responseBytes/);
  });
});

describe('order-service address', () => {
  it('gives a connectable URL for a wildcard host', async () => {
    const service = await startOrderService({ host: '0.0.0.0' });
    try {
      expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
      expect((await httpExchange({ port: service.port, path: '/healthz' })).status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const first = await startOrderService();
    try {
      await expect(startOrderService({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
