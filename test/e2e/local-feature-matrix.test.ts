/**
 * A real local feature matrix: proxy-mtls with retries, HTTP/2 between the proxies and the access
 * log each switched on, interleaved with an arm that has them off; every arm verifies its feature
 * before measuring, and the report gets the cost-of-features table and charts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { REALTIME_WHERE_ALLOWED } from '../helpers/realtime-agent.ts';

const SCENARIO = 'test/fixtures/scenarios/e2e-feature-matrix.yaml';
const dir = mkdtempSync(join(tmpdir(), 'meshbench-feature-matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench run proxy-mtls --features-matrix', { retry: 1 }, () => {
  it('measures each feature on and off interleaved, proves each took effect, and reports its cost', async () => {
    const out = join(dir, 'matrix.json');
    // The agent's scheduling is not what this checks (helpers/realtime-agent.ts).
    const run = await runBench(['run', 'proxy-mtls', '--scenario', SCENARIO, '--features-matrix', 'retries,upstreamHttp2,accessLog', '--reps', '2', '--out', out, '--force', '--quiet', ...REALTIME_WHERE_ALLOWED]);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const labels = ['features-off', 'retries', 'upstreamHttp2', 'accessLog'];
    const results = labels.map((label) => readResultFile(join(dir, `matrix-${label}.json`)));
    const batchIds = new Set(results.map((r) => r.batch?.id));
    expect(batchIds.size).toBe(1);
    expect(results[0]?.batch?.featureMatrix?.features).toEqual({ 'features-off': null, retries: 'retries', upstreamHttp2: 'upstreamHttp2', accessLog: 'accessLog' });
    const checks = results.map((r) => r.verification.checks.map((c) => `${c.name}:${c.passed}`));
    expect(checks[0]).toEqual(['request-reaches-chain:true', 'mtls-enforced:true']);
    expect(checks[1]).toContain('retries-configured:true');
    expect(checks[2]).toContain('upstream-http2:true');
    expect(checks[3]).toContain('access-log:true');
    // The arm's scenario records its features; the load is the same for every arm.
    expect(results.map((r) => (r.scenario.spec['features'] as { upstreamHttp2: boolean }).upstreamHttp2)).toEqual([false, false, true, false]);
    // ABBA across the four arms, per level.
    const order = results
      .flatMap((r) => r.levels[0]?.repetitions ?? [])
      .sort((a, b) => a.windowStartMs - b.windowStartMs)
      .map((r) => r.arm);
    expect(order).toEqual([...labels, ...[...labels].reverse()]);

    const html = join(dir, 'report.html');
    const report = await runBench(['report', ...labels.map((l) => join(dir, `matrix-${l}.json`)), '--html', html]);
    expect(report.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<h2 id="feature-costs-h">Cost of features</h2>');
    for (const feature of ['retries', 'upstreamHttp2', 'accessLog']) expect(page).toContain(`<strong>${feature}</strong>`);
    expect(page).toContain('id="chart-feature-latency"');
  }, 120_000);
});
