import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../src/load/closed-loop-engine.ts';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { runOpenLoop } from '../../src/load/open-loop-engine.ts';
import { socketAddressOf } from '../../src/load/target-address.ts';

describe('target address', () => {
  it('strips the brackets of an IPv6 literal and defaults the port', () => {
    expect(socketAddressOf(new URL('http://[::1]:8080/orders'))).toEqual({ host: '::1', port: 8080 });
    expect(socketAddressOf(new URL('http://127.0.0.1/'))).toEqual({ host: '127.0.0.1', port: 80 });
    expect(socketAddressOf(new URL('http://localhost:9/'))).toEqual({ host: 'localhost', port: 9 });
    expect(socketAddressOf(new URL('https://[::1]/'))).toEqual({ host: '::1', port: 443 });
    expect(socketAddressOf(new URL('https://gateway.example:8443/'))).toEqual({ host: 'gateway.example', port: 8443 });
  });

  it('both engines load an IPv6 literal URL', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '::1', r));
    const url = `http://[::1]:${(server.address() as AddressInfo).port}`;
    const picker = createFixedRequestPicker({ method: 'GET', path: '/', body: null, headers: {} });
    try {
      const common = { targetUrl: url, connections: 2, warmupMs: 0, durationMs: 300, timeoutMs: 1_000, picker };
      const open = await runOpenLoop({ ...common, rps: 100, arrival: 'uniform', maxQueuedRequests: 100, seed: 1 });
      expect(open.statusCounts).toEqual({ '200': 30 });
      const closed = await runClosedLoop(common);
      expect(closed.completed).toBeGreaterThan(0);
      expect(closed.errorCounts).toEqual({});
    } finally {
      server.close();
    }
  });

  it('the open loop refuses a rate one process cannot schedule', async () => {
    const picker = createFixedRequestPicker({ method: 'GET', path: '/', body: null, headers: {} });
    await expect(
      runOpenLoop({ targetUrl: 'http://127.0.0.1:9', rps: 1e9, arrival: 'uniform', connections: 1, warmupMs: 0, durationMs: 1_000, timeoutMs: 1_000, maxQueuedRequests: 1, picker, seed: 1 }),
    ).rejects.toThrow(/more than one load thread can schedule/);
  });
});
