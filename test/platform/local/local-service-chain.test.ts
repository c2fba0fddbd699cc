import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/config/config-files.ts';
import { HarnessError } from '../../../src/errors.ts';
import { type LocalServiceChain, startLocalServiceChain, startService } from '../../../src/platform/local/local-service-chain.ts';
import { fakeOrderServiceLauncher } from '../../helpers/fake-order-service.ts';

const workload = loadScenario('default', join(import.meta.dirname, '../../..')).spec.workload;
let chain: LocalServiceChain | null = null;
afterEach(async () => {
  await chain?.stop();
  chain = null;
});

async function answer(port: number): Promise<Record<string, unknown>> {
  return (await (await fetch(`http://127.0.0.1:${port}/orders/1`)).json()) as Record<string, unknown>;
}

describe('startLocalServiceChain', () => {
  it('starts the chain last service first, each pointing at the next, entry first in the list', async () => {
    const components: string[] = [];
    chain = await startLocalServiceChain({ workload: { ...workload, chainDepth: 3, responseBytes: 256 }, launcher: fakeOrderServiceLauncher(), onProcess: (c) => components.push(c) });
    expect(chain.services.map((s) => s.name)).toEqual(['gateway', 'order', 'fulfillment']);
    expect(components).toEqual(['order-service "fulfillment"', 'order-service "order"', 'order-service "gateway"']);
    expect(chain.entryPort).toBe(chain.services[0]?.port);
    const [gateway, order, fulfillment] = chain.services;
    expect(await answer(gateway?.port ?? 0)).toEqual({ name: 'gateway', downstream: `http://127.0.0.1:${order?.port}`, responseBytes: '256' });
    expect(await answer(order?.port ?? 0)).toMatchObject({ downstream: `http://127.0.0.1:${fulfillment?.port}` });
    expect(await answer(fulfillment?.port ?? 0)).toMatchObject({ downstream: null });
  });

  it('fails a service that exits before it listens', async () => {
    const error = await startService({ name: 'order', launcher: fakeOrderServiceLauncher({ exitAtOnce: true }), env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toMatch(/exited|order/);
  });

  it('stops the services', async () => {
    chain = await startLocalServiceChain({ workload: { ...workload, chainDepth: 1 }, launcher: fakeOrderServiceLauncher() });
    const [service] = chain.services;
    await chain.stop();
    expect(service?.process.stopRequested).toBe(true);
    expect(service?.process.exit).not.toBeNull();
    await expect(fetch(`http://127.0.0.1:${service?.port}/`)).rejects.toThrow();
    chain = null;
  });
});
