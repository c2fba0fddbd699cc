import { describe, expect, it } from 'vitest';
import { createArrivalSchedule } from '../../src/load/arrival-schedule.ts';
import { createRequestPicker } from '../../src/load/request-mix.ts';

describe('arrival schedule', () => {
  it('uniform: request i is due at i/rate', () => {
    const s = createArrivalSchedule({ rps: 4_000, arrival: 'uniform', seed: 1 });
    const offsets = Array.from({ length: 5 }, () => s.nextOffsetMs());
    expect(offsets).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('poisson: mean gap 1/rate, coefficient of variation ≈ 1, reproducible by seed', () => {
    const gaps = (seed: number) => {
      const s = createArrivalSchedule({ rps: 1_000, arrival: 'poisson', seed });
      let prev = s.nextOffsetMs();
      return Array.from({ length: 50_000 }, () => {
        const next = s.nextOffsetMs();
        const gap = next - prev;
        prev = next;
        return gap;
      });
    };
    const g = gaps(7);
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length);
    expect(mean).toBeCloseTo(1, 1);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
    expect(gaps(7).slice(0, 10)).toEqual(g.slice(0, 10));
    expect(gaps(8).slice(0, 10)).not.toEqual(g.slice(0, 10));
  });
});

describe('request mix', () => {
  const requests = [
    { name: 'create', method: 'POST' as const, path: '/orders', weight: 1, body: 'order' as const },
    { name: 'get', method: 'GET' as const, path: '/orders/{id}', weight: 3, body: 'none' as const },
  ];

  it('follows the weights and targets seeded order ids', () => {
    const picker = createRequestPicker({ requests, seedOrders: 50, seed: 1 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const r = picker.next();
      counts[r.name] = (counts[r.name] ?? 0) + 1;
      if (r.name === 'get') {
        const id = Number(r.path.split('/')[2]);
        expect(id).toBeGreaterThanOrEqual(1);
        expect(id).toBeLessThanOrEqual(50);
        expect(r.body).toBeNull();
      } else {
        expect(JSON.parse(String(r.body))).toHaveProperty('items');
        expect(r.headers['content-type']).toBe('application/json');
      }
    }
    expect((counts['get'] ?? 0) / 20_000).toBeCloseTo(0.75, 1);
  });

  it('is reproducible for a seed', () => {
    const a = createRequestPicker({ requests, seedOrders: 1000, seed: 9 });
    const b = createRequestPicker({ requests, seedOrders: 1000, seed: 9 });
    for (let i = 0; i < 100; i++) expect(a.next().path).toBe(b.next().path);
  });
});
