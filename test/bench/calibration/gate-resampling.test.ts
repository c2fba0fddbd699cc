import { describe, expect, it } from 'vitest';
import { batchPairs, medianPairRatio, rawWindows } from '../../../bench/calibration/batch-pairs.ts';
import { drawIndices, resampleGates } from '../../../bench/calibration/gate-resampling.ts';
import { DATA_PLANE_US_PER_PROXY_US, P99_US_PER_SERVICE_US, sizeInjections } from '../../../bench/calibration/injection-sizing.ts';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';
import { seededRandom } from '../../../src/load/seeded-random.ts';
import type { ResultFile } from '../../../src/results/result-schema.ts';
import { buildResultFile, noisyRepetitions } from '../../helpers/result-builder.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const loaded = loadGateConfig('default', ROOT);
const gate = { file: loaded.file, config: loaded.gate };
const ROUNDS = 24;

/** One arm file of a batch `id`, with ROUNDS windows; `p99Factor` makes the head slower. */
function armFile(options: { arm: string; seed: number; p99Factor?: number; cpuFactor?: number; id?: string; invalidRound?: number }): ResultFile {
  const reps = noisyRepetitions({ count: ROUNDS, p99Us: 2_000, cvPct: 3, seed: options.seed, p99Factor: options.p99Factor, arm: options.arm, dataPlane: { vcpuPer1kRps: 0.2 * (options.cpuFactor ?? 1), memoryPerInstanceBytes: 20e6, cvPct: 2 } });
  if (options.invalidRound !== undefined) Object.assign(reps[options.invalidRound] ?? {}, { valid: false, invalidReasons: ['generator saturated'] });
  const file = buildResultFile({
    runId: `batch-${options.arm}`,
    target: { name: 'proxy-mtls', mesh: 'haproxy', mode: 'sidecar-pair', platform: 'local', clusterShape: null },
    scenario: { name: 'gate-calibration' },
    levels: [{ targetRps: 400, repetitions: reps }],
  });
  file.batch = { id: options.id ?? 'batch-1', arms: ['base', 'head'], order: 'ABBA', method: 'same-host' };
  return file;
}

describe('batchPairs', () => {
  it('pairs the windows of each round and drops a round with an invalid window', () => {
    const batch = batchPairs({ name: 'aa', base: armFile({ arm: 'base', seed: 1, invalidRound: 5 }), head: armFile({ arm: 'head', seed: 2 }) });
    expect(batch.pairs).toHaveLength(ROUNDS - 1);
    expect(batch.pairs.every((p) => p.base.index === p.round && p.head.index === p.round)).toBe(true);
    expect(batch.dropped).toEqual([{ round: 5, reason: 'generator saturated' }]);
    expect(rawWindows(batch)).toHaveLength(2 * ROUNDS);
    expect(rawWindows(batch)[0]?.dataPlaneUsPerRequest).toBeGreaterThan(180);
    expect(rawWindows(batch)[0]?.dataPlaneUsPerRequest).toBeLessThan(220);
  });

  it('refuses files of different batches', () => {
    expect(() => batchPairs({ name: 'x', base: armFile({ arm: 'base', seed: 1 }), head: armFile({ arm: 'head', seed: 2, id: 'other' }) })).toThrow(/not measured in one batch/);
  });
});

describe('drawIndices', () => {
  it('draws distinct sorted indices, covering the pool over many draws', () => {
    const random = seededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const drawn = drawIndices(10, 4, random);
      expect(new Set(drawn).size).toBe(4);
      expect([...drawn].sort((a, b) => a - b)).toEqual(drawn);
      for (const d of drawn) seen.add(d);
    }
    expect(seen.size).toBe(10);
    expect(() => drawIndices(3, 4, random)).toThrow(RangeError);
  });
});

describe('sizeInjections', () => {
  it('sizes the costs for the wanted effect through the measured response factors', () => {
    const batch = batchPairs({ name: 'aa', base: armFile({ arm: 'base', seed: 1 }), head: armFile({ arm: 'head', seed: 2 }) });
    const sizes = sizeInjections({ aaPairs: batch.pairs, effect: 0.1, rps: 400 });
    // 10 % of a ~2 ms p99 over 3.5 µs of p99 per µs of service CPU; 10 % of ~200 µs over 4.8.
    expect(sizes.serviceCpuUs).toBe(Math.round((0.1 * sizes.p99MedianUs) / P99_US_PER_SERVICE_US));
    expect(sizes.serviceCpuUs).toBeGreaterThan(50);
    expect(sizes.serviceCpuUs).toBeLessThan(65);
    expect(sizes.proxyCpuUs).toBe(Math.round((0.1 * sizes.dataPlaneUsPerRequestMedian) / DATA_PLANE_US_PER_PROXY_US));
    expect(sizes.proxyCpuUs).toBe(4);
    expect(sizes.serviceCpuCapped).toBe(false);
    expect(sizeInjections({ aaPairs: batch.pairs, effect: 0.4, rps: 5_000 })).toMatchObject({ serviceCpuUs: 50, serviceCpuCapped: true });
  });
});

describe('resampleGates', () => {
  it('an A/A batch passes, a +20 % p99 head and a +30 % CPU head are detected on the injected metric', () => {
    const aa = batchPairs({ name: 'aa', base: armFile({ arm: 'base', seed: 1 }), head: armFile({ arm: 'head', seed: 2 }) });
    const p99 = batchPairs({ name: 'p99', base: armFile({ arm: 'base', seed: 3 }), head: armFile({ arm: 'head', seed: 4, p99Factor: 1.2 }) });
    const cpu = batchPairs({ name: 'cpu', base: armFile({ arm: 'base', seed: 5 }), head: armFile({ arm: 'head', seed: 6, cpuFactor: 1.3 }) });
    expect(medianPairRatio(p99.pairs, (r) => r.latency.p99Us)).toBeCloseTo(1.2, 1);
    const run = (batch: typeof aa, metric: Parameters<typeof resampleGates>[0]['injectedMetric']) =>
      resampleGates({ batch, gate, perSide: 12, gates: 20, injectedMetric: metric, random: seededRandom(7) });
    const aaRow = run(aa, null);
    expect(aaRow.unpaired.regression).toBe(0);
    expect(aaRow.unpaired.detected).toBeNull();
    expect(aaRow.paired.gates).toBe(20);
    const p99Row = run(p99, 'latency-p99');
    expect(p99Row.unpaired.detected).toBe(20);
    const cpuRow = run(cpu, 'dataplane-vcpu-per-1k-rps');
    expect(cpuRow.unpaired.detected).toBe(20);
    // Every gate is counted once per analysis.
    for (const row of [aaRow, p99Row, cpuRow]) {
      for (const t of [row.paired, row.unpaired]) expect(t.pass + t.regression + t.inconclusive + t.invalid).toBe(20);
    }
  });
});
