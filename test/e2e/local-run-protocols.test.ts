/** `bench run baseline --platform local` with the shipped HTTP/2 (h2c) and gRPC scenarios, end to end. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-e2e-protocols-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Real processes on a shared 2-core machine: a stall of the machine can fail one attempt; a real
// bug fails all three. A retry writes the same --out again: --force.
// Judged by what was answered, not by the shipped scenarios' figures (a run made invalid by
// scheduler lag is accepted), so this file runs in the parallel tier, and the two runs at once:
// each has its own ports, processes and --out, at 100 rps.
describe('bench run on the local platform over HTTP/2 and gRPC', { retry: 2 }, () => {
  it.concurrent.each([
    ['scenarios/h2.yaml', 'h2c', /^(200|201)$/],
    ['scenarios/grpc.yaml', 'grpc', /^grpc-0$/],
  ])('%s: every request answered over %s through the 2-service chain, result written', async (scenario, protocol, status) => {
    const out = join(dir, `${protocol}.json`);
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', scenario, '--out', out, '--force', '--quiet', '--reps', '1']);
    const result = readResultFile(out);
    expect(result.status).toBe('complete');
    const rep = result.levels[0]?.repetitions[0];
    // Valid, or invalid only because this shared 2-core machine delayed the generator (its
    // scheduler lag); the protocol is judged by what was answered.
    if (run.code !== 0) {
      expect(run.code).toBe(6);
      // Both lag reasons (build-repetition.ts): the generator saturated, or a busy host kept it from a CPU.
      expect(rep?.invalidReasons.every((r) => /generator saturated|busy host, not a saturated generator/.test(r)), JSON.stringify(rep?.invalidReasons)).toBe(true);
    } else expect(result.valid).toBe(true);
    expect(result.target.protocolHandling).toMatch(/no proxy/);
    expect((result.scenario.spec as { load: { protocol: string } }).load.protocol).toBe(protocol);
    expect(rep?.requests.scheduled).toBe(300);
    expect(rep?.requests.errors).toBe(0);
    expect(rep?.requests.completed).toBe(300);
    expect(Object.keys(rep?.statusCounts ?? {}).every((k) => status.test(k))).toBe(true);
    expect(rep?.resources.map((r) => r.component).sort()).toEqual(['gateway', 'order']);
  });

  it('refuses a target whose proxies cannot carry the protocol, before starting anything', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--scenario', 'scenarios/grpc.yaml', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/scenario "grpc" sends grpc, which target "proxy-mtls" cannot carry/);
  });
});
