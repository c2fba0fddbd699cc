/**
 * The order-service program as a process: through tsx (how the local platform runs it) and as the
 * esbuild bundle on plain node (how a pod runs it). The bundle is built once and also carries the
 * slower process tests, since plain node starts several times faster than node + tsx.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpExchange } from './http-exchange.ts';
import { MAIN_PATH, runServiceProcess, type ServiceProcess, startServiceProcess } from './order-service-process.ts';

const started: ServiceProcess[] = [];
let bundleDir: string;
let bundlePath: string;
let bundleMetafile: Metafile;

async function start(env: Record<string, string>, bundle?: string): Promise<ServiceProcess> {
  const service = await startServiceProcess(env, bundle);
  started.push(service);
  return service;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'order-service-bundle-'));
  bundlePath = join(bundleDir, 'order-service.mjs');
  const result = await build({
    entryPoints: [MAIN_PATH],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
  });
  bundleMetafile = result.metafile;
});

afterAll(() => {
  for (const service of started) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('order-service program run with node --import tsx', () => {
  it('prints exactly one listening line, serves, and exits 0 on SIGTERM', async () => {
    const service = await start({ PORT: '0', SERVICE_NAME: 'fulfillment', RESPONSE_BYTES: '512' });
    expect(service.listening).toEqual({ type: 'listening', port: expect.any(Number), service: 'fulfillment', pid: service.child.pid });
    expect(service.listening.port).toBeGreaterThan(0);
    const answer = await httpExchange({ port: service.listening.port, path: '/orders/1' });
    expect(answer.status).toBe(200);
    expect(answer.bytes).toBe(512);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.stdoutLines).toHaveLength(1);
  });

  it('on SIGTERM stops accepting, finishes the in-flight request, closes idle keep-alive connections and exits 0', async () => {
    const service = await start({ ADDED_DELAY_MS: '700' });
    const port = service.listening.port;
    // An idle keep-alive connection must not hold the exit up (the server keeps idle ones 65 s).
    const idle = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/healthz', agent: idle }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    const busy = new Agent({ keepAlive: true });
    const inFlight = httpExchange({ port, path: '/orders/1', agent: busy });
    await sleep(200);
    const signalledMs = performance.now();
    service.child.kill('SIGTERM');
    await sleep(150);
    await expect(httpExchange({ port, path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.json['id']).toBe(1);
    expect(answer.headers['connection']).toBe('close');
    expect(await service.exited).toBe(0);
    expect(performance.now() - signalledMs).toBeLessThan(3_000);
    idle.destroy();
    busy.destroy();
  });
});

describe('order-service program bundled by esbuild, on plain node', () => {
  it('bundles into one file importing only node builtins', () => {
    const inputs = Object.keys(bundleMetafile.inputs);
    expect(inputs.length).toBeGreaterThan(5);
    // Besides its own sources, only the dependency-free gRPC contract it shares with the load agent.
    const shared = ['src/config/order-grpc-routes.ts', 'src/workload/order-grpc.ts'];
    expect(inputs.filter((input) => !input.startsWith('src/service/') && !shared.includes(input))).toEqual([]);
    const imports = Object.values(bundleMetafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
    expect(imports.filter((path) => !path.startsWith('node:'))).toEqual([]);
  });

  it('runs, serves and exits 0 on SIGINT', async () => {
    const service = await start({ SERVICE_NAME: 'bundled' }, bundlePath);
    expect(service.listening).toMatchObject({ type: 'listening', service: 'bundled', pid: service.child.pid });
    const order = { customerId: 'c', items: [{ sku: 's', quantity: 1 }] };
    const created = await httpExchange({ port: service.listening.port, method: 'POST', path: '/orders', body: order });
    expect(created.status).toBe(201);
    service.child.kill('SIGINT');
    expect(await service.exited).toBe(0);
  });

  it('exits 2 naming each bad variable', async () => {
    const result = await runServiceProcess({ PORT: 'eighty', ADDED_DELAY_MS: '-1' }, bundlePath);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^order-service: PORT: .*"eighty"/m);
    expect(result.stderr).toMatch(/^order-service: ADDED_DELAY_MS: /m);
  });

  it('exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const result = await runServiceProcess({ PORT: String((blocker.address() as AddressInfo).port) }, bundlePath);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });

  it('cuts connections still busy after SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const service = await start({ ADDED_DELAY_MS: '10000', SHUTDOWN_TIMEOUT_MS: '300' }, bundlePath);
    const inFlight = httpExchange({ port: service.listening.port, path: '/orders/1', timeoutMs: 15_000 }).then(
      (answer) => `answered ${answer.status}`,
      (err: Error) => err.message,
    );
    await sleep(200);
    const signalledMs = performance.now();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const stoppedMs = performance.now() - signalledMs;
    expect(stoppedMs).toBeGreaterThanOrEqual(250);
    expect(stoppedMs).toBeLessThan(3_000);
    expect(await inFlight).toMatch(/socket hang up|ECONNRESET/);
  });
});
