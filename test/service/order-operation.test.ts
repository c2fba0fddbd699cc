import { describe, expect, it } from 'vitest';
import { createOrderOperations } from '../../src/service/order-operation.ts';
import { OrderStore } from '../../src/service/order-store.ts';

const incoming = { method: 'GET', path: '/orders/1', headers: {}, protocol: 'http1' as const };

describe('order operations, whatever the protocol', () => {
  it('create, get and update answer with the HTTP status and JSON of the route', async () => {
    const execute = createOrderOperations({ store: new OrderStore({ seedOrders: 2, maxCreatedOrders: 10 }), downstream: undefined, addedDelayMs: 0, cpuCostUs: 0 });
    const got = await execute({ kind: 'get', id: 2 }, incoming);
    expect(got).toMatchObject({ statusCode: 200, chainDepth: 1, serviceCount: 1 });
    expect(JSON.parse(got.json)).toMatchObject({ id: 2 });
    const missing = await execute({ kind: 'get', id: 99 }, incoming);
    expect(missing).toEqual({ statusCode: 404, json: '{"error":"order 99 not found"}', chainDepth: 1, serviceCount: 1 });
    const created = await execute({ kind: 'create', order: { customerId: 'c', items: [{ sku: 's', quantity: 1 }] }, body: Buffer.from('{}') }, incoming);
    expect(created.statusCode).toBe(201);
    const updated = await execute({ kind: 'update-status', id: 1, status: 'paid', body: Buffer.from('{}') }, incoming);
    expect(JSON.parse(updated.json)).toMatchObject({ id: 1, status: 'paid' });
  });

  it('a failing downstream is a 502 naming it', async () => {
    const downstream = { forward: async () => ({ ok: false as const, reason: 'answered 503' }) };
    const execute = createOrderOperations({ store: new OrderStore({ seedOrders: 2, maxCreatedOrders: 10 }), downstream: downstream as never, addedDelayMs: 0, cpuCostUs: 0 });
    expect(await execute({ kind: 'get', id: 1 }, incoming)).toEqual({ statusCode: 502, json: '{"error":"downstream: answered 503"}', chainDepth: 1, serviceCount: 1 });
  });
});
