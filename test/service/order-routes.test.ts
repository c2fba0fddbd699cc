import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { httpExchange } from './http-exchange.ts';

const order = { customerId: 'customer-9', items: [{ sku: 'sku-3', quantity: 2 }], note: 'ring twice' };

describe('order-service routes', () => {
  let service: OrderService;
  const call = (method: string, path: string, body?: unknown) =>
    httpExchange({ port: service.port, method, path, body });

  beforeAll(async () => {
    service = await startOrderService({ seedOrders: 10, responseBytes: 0 });
  });
  afterAll(() => service.close());

  it('listens on a free port when asked for port 0', () => {
    expect(service.port).toBeGreaterThan(0);
    expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
  });

  it('GET /healthz and /readyz answer 200', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ok' });
  });

  it('POST /orders creates an order (201) with the next id', async () => {
    const created = await call('POST', '/orders', order);
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json');
    expect(created.json).toMatchObject({ id: 11, status: 'created', ...order });
    expect(created.json['createdAtMs']).toEqual(expect.any(Number));
    const again = await call('POST', '/orders', order);
    expect(again.json['id']).toBe(12);
  });

  it('GET /orders/:id answers a seeded order (200), an unknown one 404 and a non-integer id 400', async () => {
    const seeded = await call('GET', '/orders/3');
    expect(seeded.status).toBe(200);
    expect(seeded.json).toMatchObject({ id: 3, status: 'created' });
    expect(seeded.headers['x-chain-depth']).toBe('1');

    const unknown = await call('GET', '/orders/99999');
    expect(unknown.status).toBe(404);
    expect(unknown.json['error']).toContain('99999');

    const bad = await call('GET', '/orders/abc');
    expect(bad.status).toBe(400);
    expect(bad.json['error']).toMatch(/^id: /);
  });

  it('GET /orders/:id finds a created order', async () => {
    const created = await call('POST', '/orders', order);
    const fetched = await call('GET', `/orders/${String(created.json['id'])}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toEqual(created.json);
  });

  it('PATCH /orders/:id/status updates (200), refuses a bad status (400) and an unknown order (404)', async () => {
    const updated = await call('PATCH', '/orders/2/status', { status: 'shipped' });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id: 2, status: 'shipped' });
    expect((await call('GET', '/orders/2')).json['status']).toBe('shipped');

    const badStatus = await call('PATCH', '/orders/2/status', { status: 'lost' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json['error']).toMatch(/^status: /);

    expect((await call('PATCH', '/orders/99999/status', { status: 'paid' })).status).toBe(404);
    expect((await call('PATCH', '/orders/x/status', { status: 'paid' })).status).toBe(400);
  });

  it.each([
    ['malformed JSON', '{"customerId":', /^body: /],
    ['an empty body', '', /^body: /],
    ['a missing customerId', { items: order.items }, /^customerId: /],
    ['a bad quantity', { customerId: 'c', items: [{ sku: 's', quantity: 0 }] }, /^items\[0\]\.quantity: /],
  ])('POST /orders with %s answers 400 naming the field', async (_label, body, field) => {
    const answer = await call('POST', '/orders', body);
    expect(answer.status).toBe(400);
    expect(answer.json['error']).toMatch(field);
  });

  it('an unknown route answers 404', async () => {
    expect((await call('GET', '/nope')).status).toBe(404);
    expect((await call('GET', '/orders/1/items')).status).toBe(404);
  });

  it.each([
    ['DELETE', '/orders', 'POST'],
    ['PUT', '/orders/1', 'GET'],
    ['POST', '/orders/1/status', 'PATCH'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
    const answer = await call(method, path);
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe(allow);
  });
});

describe('order-service response size', () => {
  let service: OrderService;

  beforeAll(async () => {
    service = await startOrderService({ seedOrders: 5, responseBytes: 2_048 });
  });
  afterAll(() => service.close());

  it.each([
    ['GET', '/orders/1', undefined, 200],
    ['POST', '/orders', order, 201],
    ['PATCH', '/orders/1/status', { status: 'paid' }, 200],
    ['GET', '/orders/424242', undefined, 404],
    ['POST', '/orders', { customerId: 1 }, 400],
  ])('pads %s %s to exactly responseBytes', async (method, path, body, status) => {
    const answer = await httpExchange({ port: service.port, method, path, body });
    expect(answer.status).toBe(status);
    expect(answer.bytes).toBe(2_048);
    expect(Number(answer.headers['content-length'])).toBe(2_048);
    expect(answer.json['pad']).toEqual(expect.any(String));
  });

  it('does not pad health answers', async () => {
    const answer = await httpExchange({ port: service.port, path: '/healthz' });
    expect(answer.bytes).toBeLessThan(100);
  });
});

describe('order-service bounded store over HTTP', () => {
  it('evicts the oldest created orders past maxOrders and keeps the seeded ones', async () => {
    const service = await startOrderService({ seedOrders: 2, maxOrders: 3, responseBytes: 0 });
    try {
      const ids: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        ids.push((await httpExchange({ port: service.port, method: 'POST', path: '/orders', body: order })).json['id']);
      }
      expect(ids).toEqual([3, 4, 5, 6, 7, 8]);
      const statusOf = async (id: number) => (await httpExchange({ port: service.port, path: `/orders/${id}` })).status;
      expect(await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(statusOf))).toEqual([200, 200, 404, 404, 404, 200, 200, 200]);
    } finally {
      await service.close();
    }
  });
});
