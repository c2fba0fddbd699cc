import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { grpcCall, h2Exchange } from './h2-exchange.ts';

const ORDER = JSON.stringify({ customerId: 'c', items: [{ sku: 's', quantity: 2 }] });

describe('the order routes as unary gRPC calls', () => {
  let service: OrderService;
  beforeAll(async () => {
    service = await startOrderService({ seedOrders: 5, responseBytes: 400 });
  });
  afterAll(() => service.close());

  it('GetOrder answers the order as the HTTP route does, with grpc-status 0 in the trailers', async () => {
    const call = await grpcCall({ url: service.url, method: 'GetOrder', id: 3 });
    expect(call.status).toBe(200);
    expect(call.headers['content-type']).toBe('application/grpc');
    expect(call.trailers['grpc-status']).toBe('0');
    expect(call.grpcStatus).toBe(0);
    const order = JSON.parse(call.json as string) as Record<string, unknown>;
    expect(order['id']).toBe(3);
    // Padded to the response size like the HTTP answer.
    expect(Buffer.byteLength(call.json as string)).toBe(400);
    expect(call.headers['x-chain-depth']).toBe('1');
  });

  it('CreateOrder then UpdateStatus change the store', async () => {
    const created = await grpcCall({ url: service.url, method: 'CreateOrder', json: ORDER });
    expect(created.grpcStatus).toBe(0);
    const id = Number((JSON.parse(created.json as string) as { id: number }).id);
    const updated = await grpcCall({ url: service.url, method: 'UpdateStatus', id, json: '{"status":"paid"}' });
    expect(updated.grpcStatus).toBe(0);
    expect(JSON.parse(updated.json as string)).toMatchObject({ id, status: 'paid' });
  });

  it.each([
    ['a missing order', { method: 'GetOrder', id: 999_999 }, 5, /order 999999 not found/],
    ['a bad order', { method: 'CreateOrder', json: '{"customerId":""}' }, 3, /customerId/],
    ['bad JSON', { method: 'UpdateStatus', id: 1, json: '{' }, 3, /JSON/],
    ['an unknown method', { method: 'DeleteOrder', id: 1 }, 12, /no method POST \/meshbench\.v1\.Orders\/DeleteOrder/],
    ['a message that is not an OrderRequest', { method: 'GetOrder', message: Buffer.from([0x0b]) }, 13, /not a meshbench\.v1\.OrderRequest/],
  ])('%s → grpc-status %i with a message', async (_what, call, code, message) => {
    const answer = await grpcCall({ url: service.url, ...call });
    expect(answer.status).toBe(200);
    expect(answer.grpcStatus).toBe(code);
    expect(answer.grpcMessage).toMatch(message);
    expect(answer.json).toBeNull();
  });

  it('a broken length prefix is INTERNAL', async () => {
    const answer = await h2Exchange({
      url: service.url,
      headers: { ':method': 'POST', ':path': '/meshbench.v1.Orders/GetOrder', 'content-type': 'application/grpc' },
      body: Buffer.from([0, 0, 0, 0, 9, 1]),
    });
    expect(answer.headers['grpc-status']).toBe('13');
  });
});
