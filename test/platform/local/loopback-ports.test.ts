import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptsConnection, findFreeLoopbackPorts, waitForLoopbackPort } from '../../../src/platform/local/loopback-ports.ts';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

function listen(port: number): Promise<void> {
  server = createServer((socket) => socket.destroy());
  return new Promise((resolve) => server?.listen(port, '127.0.0.1', resolve));
}

describe('findFreeLoopbackPorts', () => {
  it('returns distinct ports that can be bound afterwards', async () => {
    const ports = await findFreeLoopbackPorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const p of ports) expect(p).toBeGreaterThan(0);
    await listen(ports[0] ?? 0);
  });
});

describe('acceptsConnection and waitForLoopbackPort', () => {
  it('tells a listening port from a closed one', async () => {
    const [port = 0] = await findFreeLoopbackPorts(1);
    expect(await acceptsConnection(port, 500)).toBe(false);
    await listen(port);
    expect(await acceptsConnection(port, 500)).toBe(true);
  });

  it('waits until a port accepts, or gives up at the deadline or on abort', async () => {
    const [port = 0] = await findFreeLoopbackPorts(1);
    expect(await waitForLoopbackPort({ port, timeoutMs: 60, pollIntervalMs: 5 })).toBe(false);
    expect(await waitForLoopbackPort({ port, timeoutMs: 60_000, signal: AbortSignal.abort() })).toBe(false);
    const waiting = waitForLoopbackPort({ port, timeoutMs: 10_000, pollIntervalMs: 5 });
    await listen(port);
    expect(await waiting).toBe(true);
  });
});
