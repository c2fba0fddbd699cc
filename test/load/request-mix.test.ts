import { describe, expect, it } from 'vitest';
import { createRequestPicker } from '../../src/load/request-mix.ts';

describe('request mix', () => {
  const requests = [
    { name: 'create', method: 'POST' as const, path: '/orders', weight: 1, body: 'order' as const },
    { name: 'get', method: 'GET' as const, path: '/orders/{id}', weight: 3, body: 'none' as const },
  ];

  it('follows the weights and targets seeded order ids', () => {
    const picker = createRequestPicker({ requests, seedOrders: 50, seed: 1 });
    const counts: Record<string, number> = {};
    // The 20 000 picks are checked in plain code and the violations asserted once: an expect()
    // per pick (60 000 of them) cost seconds of CPU.
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = picker.next();
      counts[r.name] = (counts[r.name] ?? 0) + 1;
      if (r.name === 'get') {
        const id = Number(r.path.split('/')[2]);
        if (!(id >= 1 && id <= 50) || r.body !== null) wrong.push(`pick ${i}: ${r.path} with body ${String(r.body)}`);
      } else {
        const body = JSON.parse(String(r.body)) as Record<string, unknown>;
        if (!('items' in body) || r.headers['content-type'] !== 'application/json') wrong.push(`pick ${i}: ${r.name} ${String(r.body)} ${JSON.stringify(r.headers)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect((counts['get'] ?? 0) / 20_000).toBeCloseTo(0.75, 1);
  });

  it('is reproducible for a seed', () => {
    const a = createRequestPicker({ requests, seedOrders: 1000, seed: 9 });
    const b = createRequestPicker({ requests, seedOrders: 1000, seed: 9 });
    for (let i = 0; i < 100; i++) expect(a.next().path).toBe(b.next().path);
  });
});

describe('request mix bodies', () => {
  it('sends one of the status updates as JSON for a status body, and no id where the path has none', () => {
    const picker = createRequestPicker({ requests: [{ name: 'pay', method: 'PATCH', path: '/orders/{id}/status', weight: 1, body: 'status' }], seedOrders: 0, seed: 3 });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = picker.next();
      // seedOrders 0 still targets order 1, never 0.
      expect(r.path).toBe('/orders/1/status');
      expect(r.headers).toEqual({ 'content-type': 'application/json' });
      seen.add(String(r.body));
    }
    expect([...seen].sort()).toEqual(['{"status":"delivered"}', '{"status":"paid"}', '{"status":"shipped"}']);
    const plain = createRequestPicker({ requests: [{ name: 'health', method: 'GET', path: '/healthz', weight: 1, body: 'none' }], seedOrders: 5, seed: 1 }).next();
    expect(plain).toEqual({ name: 'health', method: 'GET', path: '/healthz', body: null, headers: {} });
  });
});
