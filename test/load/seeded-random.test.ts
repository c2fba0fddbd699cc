import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/load/seeded-random.ts';

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(first);
  });

  it('is mulberry32: the reference first output for seed 0', () => {
    // mulberry32(0) first value, from the reference C implementation: 1144304738 / 2^32.
    expect(seededRandom(0)()).toBe(1144304738 / 4_294_967_296);
  });

  it('stays in [0, 1) with a mean near 1/2 and evenly filled deciles', () => {
    const random = seededRandom(7);
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    let outside = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      deciles[Math.floor(u * 10)] = (deciles[Math.floor(u * 10)] ?? 0) + 1;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const count of deciles) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
  });

  it('treats seeds modulo 2^32', () => {
    expect(seededRandom(2 ** 32 + 5)()).toBe(seededRandom(5)());
  });
});
