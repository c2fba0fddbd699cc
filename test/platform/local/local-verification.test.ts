import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyLocalPath } from '../../../src/platform/local/local-verification.ts';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function serve(status: number, depth: string | null, count: string | null = depth): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { ...(depth === null ? {} : { 'x-chain-depth': depth }), ...(count === null ? {} : { 'x-service-count': count }) });
    res.end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('verifyLocalPath without a proxy', () => {
  it('passes when the request reaches the whole chain, and records that load goes straight to the service', async () => {
    const url = await serve(200, '3');
    expect(await verifyLocalPath({ targetUrl: url, pair: null, workload: { chainDepth: 3 } })).toEqual([
      { name: 'request-reaches-chain', passed: true, evidence: [`GET ${url}/orders/1 → 200, x-chain-depth: 3 (expected 3), x-service-count: 3 (expected 3)`] },
      { name: 'no-proxy', passed: true, evidence: [`load goes straight to ${url}`] },
    ]);
  });

  it('fails when the chain is shorter than the scenario\'s, the answer is not 200, or nothing answers', async () => {
    const url = await serve(200, '2');
    expect((await verifyLocalPath({ targetUrl: url, pair: null, workload: { chainDepth: 3 } }))[0]?.passed).toBe(false);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    const down = await verifyLocalPath({ targetUrl: url, pair: null, workload: { chainDepth: 3 } });
    expect(down[0]?.passed).toBe(false);
    expect(down[0]?.evidence[0]).toMatch(new RegExp(`^GET ${url}/orders/1 failed: .*ECONNREFUSED`));
    const missing = await serve(503, null);
    expect((await verifyLocalPath({ targetUrl: missing, pair: null, workload: { chainDepth: 1 } }))[0]?.evidence).toEqual([`GET ${missing}/orders/1 → 503, x-chain-depth: missing (expected 1), x-service-count: missing (expected 1)`]);
  });
});

describe('verifyLocalPath for a fan-out', () => {
  it('needs depth 2 and every branch counted: the gateway and its K services', async () => {
    const url = await serve(200, '2', '4');
    const [ok] = await verifyLocalPath({ targetUrl: url, pair: null, workload: { chainDepth: 1, fanOut: 3 } });
    expect(ok).toEqual({ name: 'request-reaches-chain', passed: true, evidence: [`GET ${url}/orders/1 → 200, x-chain-depth: 2 (expected 2), x-service-count: 4 (expected 4)`] });
    // A branch missing (its count not added) fails, though the depth is right.
    const [short] = await verifyLocalPath({ targetUrl: url, pair: null, workload: { chainDepth: 1, fanOut: 4 } });
    expect(short?.passed).toBe(false);
  });
});
