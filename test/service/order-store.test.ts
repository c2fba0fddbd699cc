import { describe, expect, it } from 'vitest';
import { OrderStore } from '../../src/service/order-store.ts';

const newOrder = { customerId: 'c', items: [{ sku: 's', quantity: 1 }] };

describe('OrderStore', () => {
  it('preloads orders 1..seedOrders', () => {
    const store = new OrderStore({ seedOrders: 3, maxCreatedOrders: 10, nowMs: () => 42 });
    expect(store.size).toBe(3);
    expect(store.get(1)).toMatchObject({ id: 1, status: 'created', createdAtMs: 42, updatedAtMs: 42 });
    expect(store.get(3)?.id).toBe(3);
    expect(store.get(0)).toBeUndefined();
    expect(store.get(4)).toBeUndefined();
  });

  it('gives created orders the ids after the seeded ones', () => {
    const store = new OrderStore({ seedOrders: 3, maxCreatedOrders: 10 });
    expect(store.create(newOrder)).toMatchObject({ id: 4, status: 'created', customerId: 'c' });
    expect(store.create(newOrder).id).toBe(5);
    expect(store.get(5)?.id).toBe(5);
  });

  it('evicts the oldest created orders past the bound, never seeded ones', () => {
    const store = new OrderStore({ seedOrders: 3, maxCreatedOrders: 5 });
    for (let i = 0; i < 1_000; i++) store.create(newOrder);
    expect(store.size).toBe(3 + 5);
    // ids 4..1003 were created; only the last five are kept
    expect(store.get(998)).toBeUndefined();
    for (let id = 999; id <= 1_003; id++) expect(store.get(id)?.id).toBe(id);
    for (let id = 1; id <= 3; id++) expect(store.get(id)?.id).toBe(id);
  });

  it('keeps its size bounded with no seeded orders', () => {
    const store = new OrderStore({ seedOrders: 0, maxCreatedOrders: 1 });
    store.create(newOrder);
    const last = store.create(newOrder);
    expect(store.size).toBe(1);
    expect(last.id).toBe(2);
    expect(store.get(1)).toBeUndefined();
  });

  it('updates the status of seeded and created orders', () => {
    let now = 1;
    const store = new OrderStore({ seedOrders: 2, maxCreatedOrders: 5, nowMs: () => now });
    const created = store.create(newOrder);
    now = 2;
    expect(store.updateStatus(1, 'shipped')).toMatchObject({ id: 1, status: 'shipped', updatedAtMs: 2 });
    expect(store.updateStatus(created.id, 'cancelled')).toMatchObject({ status: 'cancelled', createdAtMs: 1, updatedAtMs: 2 });
    expect(store.get(1)?.status).toBe('shipped');
    expect(store.updateStatus(99, 'paid')).toBeUndefined();
  });

  it('refuses nonsense sizes', () => {
    expect(() => new OrderStore({ seedOrders: -1, maxCreatedOrders: 1 })).toThrow(/seedOrders/);
    expect(() => new OrderStore({ seedOrders: 0, maxCreatedOrders: 0 })).toThrow(/maxCreatedOrders/);
  });
});
