/**
 * Timing tier: the order-service's injected CPU cost (CPU_COST_US, `--inject service-cpu-us`)
 * shows up in the CPU counters of the service's own process, per request, by about the amount
 * injected.
 */
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProcPidStat } from '../../src/metrics/proc-stat.ts';
import { type ServiceProcess, startServiceProcess } from '../service/order-service-process.ts';

const COST_US = 2_000;
const REQUESTS = 200;
/** USER_HZ on Linux (sysconf(_SC_CLK_TCK)). */
const TICK_US = 10_000;

function cpuUs(pid: number): number {
  const stat = parseProcPidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return (stat.utimeTicks + stat.stimeTicks) * TICK_US;
}

function getOrder(port: number, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/orders/1', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** CPU µs the service used per request over REQUESTS sequential GETs. */
async function cpuPerRequestUs(service: ServiceProcess): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < 20; i++) await getOrder(service.listening.port, agent); // warm up the JIT
    const before = cpuUs(service.listening.pid);
    for (let i = 0; i < REQUESTS; i++) expect(await getOrder(service.listening.port, agent)).toBe(200);
    return (cpuUs(service.listening.pid) - before) / REQUESTS;
  } finally {
    agent.destroy();
  }
}

describe('order-service injected CPU cost', { retry: 2 }, () => {
  const started: ServiceProcess[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('raises the service process CPU per request by about CPU_COST_US', async () => {
    // Started together (each start is a tsx boot, ~1 s of waiting); measured one after the other.
    const [plain, costly] = await Promise.all([startServiceProcess({ PORT: '0' }), startServiceProcess({ PORT: '0', CPU_COST_US: String(COST_US) })]);
    started.push(plain, costly);
    const plainUs = await cpuPerRequestUs(plain);
    const costlyUs = await cpuPerRequestUs(costly);
    // ±2 clock ticks over the window is the counters' resolution.
    const resolutionUs = (2 * TICK_US) / REQUESTS;
    expect(costlyUs - plainUs).toBeGreaterThanOrEqual(COST_US - resolutionUs);
    expect(costlyUs - plainUs).toBeLessThan(COST_US * 1.5);
  });
});
