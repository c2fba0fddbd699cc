import { afterEach, describe, expect, it } from 'vitest';
import { createPreciseWaker, type PreciseWaker, WAKER_RING_SIZE } from '../../src/load/precise-waker.ts';

const wakers: PreciseWaker[] = [];
afterEach(async () => {
  await Promise.all(wakers.splice(0).map((w) => w.close()));
});

function waker(onWake: () => void, minWakeGapMs = 0): PreciseWaker {
  const w = createPreciseWaker(onWake, { minWakeGapMs });
  wakers.push(w);
  return w;
}

describe('createPreciseWaker', () => {
  it('keeps a ring of unsent intended times', () => {
    const w = waker(() => undefined);
    expect(w.free).toBe(WAKER_RING_SIZE);
    const far = performance.now() + 60_000;
    w.push(far);
    w.push(far + 1);
    w.push(far + 2);
    expect(w.ahead).toBe(3);
    expect(w.free).toBe(WAKER_RING_SIZE - 3);
    expect(w.entry(0)).toBe(far);
    w.markSent(2);
    expect(w.ahead).toBe(1);
    expect(w.entry(0)).toBe(far + 2);
    expect(w.free).toBe(WAKER_RING_SIZE - 1);
  });

  it('wraps around the ring', () => {
    const w = waker(() => undefined);
    const far = performance.now() + 60_000;
    for (let i = 0; i < WAKER_RING_SIZE; i++) w.push(far + i);
    expect(w.free).toBe(0);
    w.markSent(WAKER_RING_SIZE - 1);
    w.push(far + WAKER_RING_SIZE);
    expect(w.entry(0)).toBe(far + WAKER_RING_SIZE - 1);
    expect(w.entry(1)).toBe(far + WAKER_RING_SIZE);
  });

  it('wakes the main thread once a published time is due, and not before', async () => {
    let resolveWoken: (nowMs: number) => void = () => undefined;
    const woken = new Promise<number>((resolve) => (resolveWoken = resolve));
    const w = waker(() => resolveWoken(performance.now()));
    const dueMs = performance.now() + 20;
    w.push(dueMs);
    w.publish();
    // Both threads read one clock (performance.now shifted by the time origins, µs apart).
    expect(await woken).toBeGreaterThanOrEqual(dueMs - 0.5);
  });

  it('counts the wake-ups it delivered', async () => {
    let resolveWoken: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (resolveWoken = resolve));
    let calls = 0;
    const w = waker(() => {
      calls++;
      w.markSent(w.ahead);
      w.publish();
      resolveWoken();
    });
    expect(w.wakeUps).toBe(0);
    w.push(performance.now());
    w.publish();
    await woken;
    expect(w.wakeUps).toBe(1);
    expect(calls).toBe(1);
  });

  it('does not wake for times pushed but not published', async () => {
    let wakes = 0;
    const w = waker(() => wakes++);
    w.push(performance.now());
    // A second waker, started after the first and published, shows a wake-up had time to arrive.
    await new Promise<void>((resolve) => {
      const probe = waker(() => resolve());
      probe.push(performance.now());
      probe.publish();
    });
    expect(w.ahead).toBe(1);
    expect(wakes).toBe(0);
  });
});
