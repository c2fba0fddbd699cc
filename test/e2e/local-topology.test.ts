/**
 * Real local runs of the topology scenarios: a fan-out on proxy-mtls (the gateway calls three
 * services in parallel for every request, each metered), and an idle-services sweep (one arm per
 * count, the sidecars holding the idle backends, memory per proxy growing with them, and the
 * report's mesh-size section).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { REALTIME_WHERE_ALLOWED } from '../helpers/realtime-agent.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-topology-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench run proxy-mtls with a fan-out', { retry: 1 }, () => {
  it('verifies that every request reaches the gateway and its 3 services, and meters each of them', async () => {
    const out = join(dir, 'fan-out.json');
    // The agent's scheduling is not what this checks (helpers/realtime-agent.ts).
    const run = await runBench(['run', 'proxy-mtls', '--scenario', 'test/fixtures/scenarios/e2e-fan-out.yaml', '--out', out, '--force', '--quiet', ...REALTIME_WHERE_ALLOWED]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const result = readResultFile(out);
    const path = result.verification.checks.find((c) => c.name === 'request-reaches-chain');
    expect(path?.passed).toBe(true);
    expect(path?.evidence[0]).toMatch(/x-chain-depth: 2 \(expected 2\), x-service-count: 4 \(expected 4\)/);
    const reps = result.levels[0]?.repetitions ?? [];
    expect(reps.length).toBe(2);
    for (const rep of reps) {
      const apps = rep.resources.filter((r) => r.role === 'app').map((r) => r.component);
      expect(apps).toEqual(['gateway', 'order-1', 'order-2', 'order-3']);
      // Every leaf served every request: each used CPU in the window.
      for (const leaf of rep.resources.filter((r) => r.component.startsWith('order-'))) expect(leaf.vcpu).toBeGreaterThan(0);
      expect(rep.errorPct).toBe(0);
    }
  }, 90_000);
});

describe('bench run proxy-mtls with an idle-services sweep', { retry: 1 }, () => {
  it('runs one arm per count, the sidecars hold the idle backends, memory per proxy grows, and the report plots it', async () => {
    const out = join(dir, 'idle.json');
    const run = await runBench(['run', 'proxy-mtls', '--scenario', 'test/fixtures/scenarios/e2e-idle-services.yaml', '--out', out, '--force', '--quiet', ...REALTIME_WHERE_ALLOWED]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const [none, many] = ['idle-0', 'idle-300'].map((label) => readResultFile(join(dir, `idle-${label}.json`)));
    expect(none?.batch?.arms).toEqual(['idle-0', 'idle-300']);
    expect(none?.batch?.idleSweep).toEqual({ 'idle-0': 0, 'idle-300': 300 });
    expect((many?.scenario.spec['workload'] as { idleServices?: number } | undefined)?.idleServices).toBe(300);
    const check = many?.verification.checks.find((c) => c.name === 'idle-services-configured');
    expect(check?.passed).toBe(true);
    expect(check?.evidence).toEqual([
      expect.stringMatching(/^haproxy-client: 300 idle-service backends in .*haproxy-client\.cfg/),
      expect.stringMatching(/^haproxy-server: 300 idle-service backends in .*haproxy-server\.cfg/),
    ]);
    expect(none?.verification.checks.some((c) => c.name === 'idle-services-configured')).toBe(false);
    // Each proxy's resident memory over the window grows with the configuration it holds
    // (measured here: about 28 KiB per idle backend, so 300 add about 8 MiB).
    const memoryMib = (r: typeof none, component: string) =>
      (r?.levels[0]?.repetitions ?? []).map((rep) => (rep.resources.find((x) => x.component === component)?.memoryPerInstanceAvgBytes ?? 0) / 2 ** 20);
    for (const proxy of ['haproxy-client', 'haproxy-server']) {
      const before = Math.max(...memoryMib(none, proxy));
      const after = Math.min(...memoryMib(many, proxy));
      expect(after - before, proxy).toBeGreaterThan(4);
    }

    const html = join(dir, 'report.html');
    const report = await runBench(['report', join(dir, 'idle-idle-0.json'), join(dir, 'idle-idle-300.json'), '--html', html]);
    expect(report.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2 id="mesh-size-h">Mesh size: idle Services</h2>');
    expect(page).toContain('id="chart-mesh-size-proxy-memory"');
    expect(page).toContain('local (emulated: idle haproxy backends)');
  }, 120_000);
});
