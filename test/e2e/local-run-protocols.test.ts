/** `bench run baseline --platform local` with the shipped HTTP/2 (h2c) and gRPC scenarios, end to end. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-e2e-protocols-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Real processes and wall-clock timing on a shared 2-core machine: a stall of the machine can
// fail one attempt; a real bug fails all three. A retry writes the same --out again: --force.
describe('bench run on the local platform over HTTP/2 and gRPC', { retry: 2 }, () => {
  it.each([
    ['scenarios/h2.yaml', 'h2c', /^(200|201)$/],
    ['scenarios/grpc.yaml', 'grpc', /^grpc-0$/],
  ])('%s: a valid result, every request answered over %s through the 2-service chain', async (scenario, protocol, status) => {
    const out = join(dir, `${protocol}.json`);
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', scenario, '--out', out, '--force', '--quiet', '--reps', '1']);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const result = readResultFile(out);
    expect(result.status).toBe('complete');
    expect(result.valid).toBe(true);
    expect(result.target.protocolHandling).toMatch(/no proxy/);
    expect((result.scenario.spec as { load: { protocol: string } }).load.protocol).toBe(protocol);
    const rep = result.levels[0]?.repetitions[0];
    expect(rep?.requests.scheduled).toBe(600);
    expect(rep?.requests.errors).toBe(0);
    expect(rep?.requests.completed).toBe(600);
    expect(Object.keys(rep?.statusCounts ?? {}).every((k) => status.test(k))).toBe(true);
    expect(rep?.resources.map((r) => r.component).sort()).toEqual(['gateway', 'order']);
  });

  it('refuses a target whose proxies cannot carry the protocol, before starting anything', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--scenario', 'scenarios/grpc.yaml', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/scenario "grpc" sends grpc, which target "proxy-mtls" cannot carry/);
  });
});
