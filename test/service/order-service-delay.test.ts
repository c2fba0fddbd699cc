import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderService, startOrderService } from '../../src/service/order-service.ts';
import { httpExchange } from './http-exchange.ts';

const ADDED_DELAY_MS = 120;

// Real processes and wall-clock timing on a shared 2-core machine: a stall of the machine can
// fail one attempt; a real bug fails all three.
describe('order-service added delay', { retry: 2 }, () => {
  let delayed: OrderService;
  let direct: OrderService;

  beforeAll(async () => {
    delayed = await startOrderService({ addedDelayMs: ADDED_DELAY_MS });
    direct = await startOrderService({ addedDelayMs: 0 });
  });
  afterAll(async () => {
    await delayed.close();
    await direct.close();
  });

  async function fastestOf3(port: number, path = '/orders/1'): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push((await httpExchange({ port, path })).elapsedMs);
    return Math.min(...times);
  }

  it('adds the configured delay to order answers', async () => {
    const delayedMs = await fastestOf3(delayed.port);
    const directMs = await fastestOf3(direct.port);
    expect(delayedMs).toBeGreaterThanOrEqual(ADDED_DELAY_MS - 1);
    expect(delayedMs).toBeLessThan(ADDED_DELAY_MS + 100);
    expect(directMs).toBeLessThan(ADDED_DELAY_MS / 2);
  });

  it('delays concurrent requests in parallel (a timer, not a busy wait)', async () => {
    const startedMs = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => httpExchange({ port: delayed.port, path: '/orders/2' })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(performance.now() - startedMs).toBeLessThan(ADDED_DELAY_MS * 5); // serial would be 20x
  });

  it('does not delay health probes', async () => {
    expect(await fastestOf3(delayed.port, '/healthz')).toBeLessThan(ADDED_DELAY_MS / 2);
  });
});
