import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../../src/errors.ts';
import { isListening, startNetnsProxy } from '../../../../src/platform/local/netns/netns-proxies.ts';
import { FakeToolRunner } from '../../../helpers/fake-tool-runner.ts';

let server: Server | null = null;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-netns-proxies-'));
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('isListening', () => {
  it('reads a LISTEN socket on the port from the process\'s own /proc/<pid>/net/tcp', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(await isListening(process.pid, port)).toBe(true);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    expect(await isListening(process.pid, port)).toBe(false);
  });

  it('is false for a process that does not exist', async () => {
    expect(await isListening(2 ** 22 + 12_345, 80)).toBe(false);
  });
});

describe('startNetnsProxy', () => {
  it('writes the config (0600) and refuses to start haproxy when haproxy -c rejects it', async () => {
    const configPath = join(dir, 'haproxy-sidecar-order.cfg');
    const runner = new FakeToolRunner(() => ({ exitCode: 1, stderr: '[ALERT] parsing error' }));
    const error = await startNetnsProxy({ component: 'sidecar of pod order', netns: 'mb-0a1b2c-order', configPath, config: 'global\n', ports: [15001], runner }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect(readFileSync(configPath, 'utf8')).toBe('global\n');
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(runner.commandLines).toEqual([`ip netns exec mb-0a1b2c-order haproxy -c -q -f ${configPath}`]);
  });
});
