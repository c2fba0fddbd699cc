import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NoiseProfileSchema } from '../../../src/compare/gate/noise-profile.ts';
import { runBench } from '../../helpers/cli-harness.ts';
import { interleavedBatch } from '../../helpers/interleaved-batch.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'meshbench-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Drift shared by both windows of a pair (0.7 … 1.4) and a small independent wobble.
const DRIFT = [1.0, 1.3, 0.8, 1.4, 0.9, 0.75, 1.2, 1.05, 0.7, 1.35, 0.95, 1.1];
const WOBBLE = [0.004, -0.006, 0.002, -0.003, 0.005, -0.001, 0.003, -0.004, 0.001, -0.002, 0.006, -0.005];

describe('bench calibrate --from', () => {
  it('writes a noise profile in which pairing removes the shared drift, and compare --noise states what each check can see', async () => {
    const b = interleavedBatch({
      id: 'aa-batch',
      base: DRIFT.map((d, i) => Math.round(4000 * d * (1 + (WOBBLE[i] ?? 0)))),
      head: DRIFT.map((d, i) => Math.round(4000 * d * (1 - (WOBBLE[(i + 5) % 12] ?? 0)))),
    });
    const a = join(dir, 'aa-a.json');
    const h = join(dir, 'aa-b.json');
    writeFileSync(a, JSON.stringify(b.base.result));
    writeFileSync(h, JSON.stringify(b.head.result));
    const out = join(dir, 'profile.json');
    const run = await runBench(['calibrate', 'istio-ambient', '--from', a, h, '--out', out], { cwd: ROOT });
    expect(run.code).toBe(0);
    const profile = NoiseProfileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const p99 = profile.levels[0]?.metrics.find((m) => m.metric === 'latency-p99' && m.estimator === 'window');
    expect(p99?.pairs).toBe(12);
    expect(p99?.sdLogUnpaired ?? 0).toBeGreaterThan(0.2);
    expect(p99?.sdLogPaired ?? 1).toBeLessThan(0.02);
    expect(run.stdout).toContain('latency-p99 (window)');

    const compared = await runBench(['compare', a, h, '--noise', out], { cwd: ROOT });
    expect(compared.stdout).toMatch(/noise profile aa-batch: latency-p99 @ 500 rps with 12 pairs at α [\d.]+ detects shifts ≥ \d+\.\d %/);
  });

  it('refuses files that are not one A/A batch', async () => {
    const run = await runBench(['calibrate', 'istio-ambient', '--from', 'test/fixtures/results/base-istio-1.23.4.json', '--out', join(dir, 'x.json')], { cwd: ROOT });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('no noise profile');
  });
});

describe('bench run --budget', () => {
  it('fits repetitions to the budget and prints the choice', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--platform', 'local', '--scenario', 'smoke', '--arms', 'a,b', '--budget', '2m', '--dry-run'], { cwd: ROOT });
    expect(run.code).toBe(0);
    // smoke: 3 s window + 1 s warm-up + 1 s → 5 s per window, two arms: 120 s / 10 s = 12.
    expect(run.stderr).toContain('budget 2m: 12 repetitions of 3 s per arm and level');
  });
});
