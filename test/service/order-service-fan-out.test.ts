/**
 * A real fan-out (workload `topology: fan-out`): a gateway order-service whose DOWNSTREAM_URL
 * lists three order-services calls all three for every request, over HTTP/1.1, h2c and gRPC, and
 * answers 502 when one of them fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { grpcCall, h2Exchange } from './h2-exchange.ts';
import { httpExchange } from './http-exchange.ts';

const order = { customerId: 'c', items: [{ sku: 's', quantity: 1 }] };

describe('a gateway fanning out to three order-services', () => {
  let leaves: OrderService[] = [];
  let gateway: OrderService;

  beforeAll(async () => {
    leaves = await Promise.all(['order-1', 'order-2', 'order-3'].map((serviceName) => startOrderService({ serviceName, seedOrders: 5 })));
    gateway = await startOrderService({ serviceName: 'gateway', seedOrders: 5, downstreamUrl: leaves.map((l) => l.url).join(',') });
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all(leaves.map((l) => l.close()));
  });

  it('counts four services per request and a depth of two, over HTTP/1.1, h2c and gRPC', async () => {
    const http1 = await httpExchange({ port: gateway.port, path: '/orders/1' });
    expect(http1.status).toBe(200);
    expect([http1.headers['x-chain-depth'], http1.headers['x-service-count']]).toEqual(['2', '4']);
    const h2c = await h2Exchange({ url: gateway.url, headers: { ':method': 'GET', ':path': '/orders/1' } });
    expect(h2c.status).toBe(200);
    expect([h2c.headers['x-chain-depth'], h2c.headers['x-service-count']]).toEqual(['2', '4']);
    const grpc = await grpcCall({ url: gateway.url, method: 'GetOrder', id: 1 });
    expect(grpc.grpcStatus).toBe(0);
    expect([grpc.headers['x-chain-depth'], grpc.headers['x-service-count']]).toEqual(['2', '4']);
  });

  it('sends a creation to every service behind it', async () => {
    const created = await httpExchange({ port: gateway.port, method: 'POST', path: '/orders', body: order });
    expect(created.status).toBe(201);
    const id = Number(created.json['id']);
    // Every store had the same orders, so the new order has the same id everywhere.
    const atLeaves = await Promise.all(leaves.map((l) => httpExchange({ port: l.port, path: `/orders/${id}` })));
    expect(atLeaves.map((a) => a.status)).toEqual([200, 200, 200]);
  });

  it('answers 502 naming the failed service when one of them is down', async () => {
    const down = leaves[1] as OrderService;
    await down.close();
    const answer = await httpExchange({ port: gateway.port, path: '/orders/1' });
    expect(answer.status).toBe(502);
    expect(String(answer.json['error'])).toMatch(new RegExp(`^downstream: 1 of 3 failed \\(${down.url.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
  });
});
