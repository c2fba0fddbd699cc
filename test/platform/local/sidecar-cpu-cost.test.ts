/**
 * Timing tier: the emulated sidecars' injected CPU cost (`--inject proxy-cpu-us`) shows up in
 * the CPU counters of both haproxy processes, per request, by about the amount injected, and not
 * in the app behind them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { parseProcPidStat } from '../../../src/metrics/proc-stat.ts';
import { type SidecarPair, startSidecarPair } from '../../../src/platform/local/sidecar-pair.ts';

const COST_US = 2_000;
const REQUESTS = 200;
const TICK_US = 10_000;
const runner = new ExecaCommandRunner();

function cpuUs(pid: number): number {
  const stat = parseProcPidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return (stat.utimeTicks + stat.stimeTicks) * TICK_US;
}

function getStatus(port: number, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/orders/1', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** CPU µs per request of each sidecar process over REQUESTS sequential requests. */
async function perRequestUs(pair: SidecarPair): Promise<Record<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < 20; i++) await getStatus(pair.clientPort, agent);
    const before = pair.processes.map((p) => cpuUs(p.pid));
    for (let i = 0; i < REQUESTS; i++) expect(await getStatus(pair.clientPort, agent)).toBe(200);
    return Object.fromEntries(pair.processes.map((p, i) => [p.component, (cpuUs(p.pid) - (before[i] ?? 0)) / REQUESTS]));
  } finally {
    agent.destroy();
  }
}

describe('sidecar pair injected CPU cost', { retry: 2 }, () => {
  let root = '';
  let upstreamPort = 0;
  const upstream = createServer((_req, res) => res.writeHead(200).end('ok'));
  const pairs: SidecarPair[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'meshbench-sidecar-cost-'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamPort = (upstream.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const pair of pairs) await pair.stop();
    upstream.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('raises each haproxy process CPU per request by about proxy-cpu-us', async () => {
    // Started together (waiting for four haproxy processes to listen); measured one after the other.
    const attempt = pairs.length;
    const [plain, costly] = await Promise.all([
      startSidecarPair({ workDir: join(root, `plain-${attempt}`), upstreamPort, threads: 1, runner }),
      startSidecarPair({ workDir: join(root, `costly-${attempt}`), upstreamPort, threads: 1, runner, cpuCostUs: COST_US }),
    ]);
    pairs.push(plain, costly);
    expect(readFileSync(join(root, `costly-${attempt}`, 'haproxy-server.cfg'), 'utf8')).toContain(`http-request lua.meshbench_cpu_burn ${COST_US}`);
    const plainUs = await perRequestUs(plain);
    const costlyUs = await perRequestUs(costly);
    const resolutionUs = (2 * TICK_US) / REQUESTS;
    for (const component of ['haproxy-client', 'haproxy-server']) {
      const added = (costlyUs[component] ?? 0) - (plainUs[component] ?? 0);
      expect(added, component).toBeGreaterThanOrEqual(COST_US - resolutionUs);
      expect(added, component).toBeLessThan(COST_US * 1.5);
    }
  });
});
