import { describe, expect, it } from 'vitest';
import { createArrivalSchedule, sliceArrivalSchedule } from '../../src/load/arrival-schedule.ts';

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

describe('schedule slices', () => {
  it('thread k of N gets arrivals k, k+N, … of the same schedule, uniform and Poisson', () => {
    for (const arrival of ['uniform', 'poisson'] as const) {
      const whole = createArrivalSchedule({ rps: 1_000, arrival, seed: 7 });
      const all = Array.from({ length: 30 }, () => whole.nextOffsetMs());
      const slices = [0, 1, 2].map((index) => {
        const s = sliceArrivalSchedule(createArrivalSchedule({ rps: 1_000, arrival, seed: 7 }), { index, count: 3 });
        return Array.from({ length: 10 }, () => s.nextOffsetMs());
      });
      expect(slices[0]).toEqual(all.filter((_, i) => i % 3 === 0));
      expect(slices[1]).toEqual(all.filter((_, i) => i % 3 === 1));
      expect(slices[2]).toEqual(all.filter((_, i) => i % 3 === 2));
    }
  });
});
