import { describe, expect, it } from 'vitest';
import { levelNoise, poolResults } from '../../bench/calibration/calibration-pool.ts';
import { renderCalibrationTable } from '../../bench/calibration/calibration-table.ts';
import { calibrate, runTrial, wilsonUpper95 } from '../../bench/calibration/gate-trials.ts';
import { interleavedSplit } from '../../bench/calibration/interleaved-split.ts';
import { seededRandom } from '../../src/load/seeded-random.ts';
import { loadGateConfig } from '../../src/compare/gate/gate-file.ts';
import { buildResultFile, noisyRepetitions } from '../helpers/result-builder.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const loaded = loadGateConfig('default', ROOT);
const gate = { file: loaded.file, config: loaded.gate };

const sample = buildResultFile({
  runId: 'calibration',
  target: { mesh: 'none', platform: 'local', clusterShape: null },
  scenario: { name: 'gate-calibration' },
  levels: [{ targetRps: 1000, repetitions: noisyRepetitions({ count: 40, p99Us: 1500, cvPct: 3, seed: 7 }) }],
});
const pool = poolResults([sample]);

describe('interleavedSplit', () => {
  it('takes n + n repetitions from one window of 2n, one of each consecutive pair per arm', () => {
    const random = seededRandom(1);
    for (let t = 0; t < 200; t++) {
      const { a, b } = interleavedSplit({ total: 40, perSide: 10, random });
      expect(a).toHaveLength(10);
      expect(b).toHaveLength(10);
      const all = [...a, ...b].sort((x, y) => x - y);
      expect(new Set(all).size).toBe(20);
      expect((all[19] ?? 0) - (all[0] ?? 0)).toBe(19);
      for (let pair = 0; pair < 10; pair++) expect(Math.abs((a[pair] ?? 0) - (b[pair] ?? 0))).toBe(1);
    }
  });

  it('randomizes the order within pairs (both AB and BA occur) and the window offset', () => {
    const random = seededRandom(2);
    const firsts = new Set<number>();
    let aFirst = 0;
    for (let t = 0; t < 200; t++) {
      const { a, b } = interleavedSplit({ total: 40, perSide: 5, random });
      firsts.add(Math.min(...a, ...b));
      if ((a[0] ?? 0) < (b[0] ?? 0)) aFirst++;
    }
    expect(firsts.size).toBeGreaterThan(10);
    expect(aFirst).toBeGreaterThan(60);
    expect(aFirst).toBeLessThan(140);
  });

  it('refuses more repetitions than the pool has', () => {
    expect(() => interleavedSplit({ total: 10, perSide: 6, random: Math.random })).toThrow(RangeError);
  });
});

describe('gate calibration', () => {
  it('measures the run-to-run noise of p99 and sizes n like reference §2.4', () => {
    const [noise] = levelNoise(pool);
    expect(noise?.count).toBe(40);
    expect(noise?.p99CvPct).toBeGreaterThan(2);
    expect(noise?.p99CvPct).toBeLessThan(4.5);
    expect(noise?.repsFor90PctPowerAt5Pct).toBe(Math.max(5, Math.ceil(11_455 * ((noise?.p99CvPct ?? 0) / 100) ** 2)));
  });

  it('runs the real gate on a resampled split; an injection scales only the B side p99', () => {
    const report = runTrial({ pool, gate, perSide: 20, p99Factor: 1.3, random: seededRandom(3) });
    const p99 = report.levels[0]?.checks.find((c) => c.metric === 'latency-p99');
    expect(p99?.verdict).toBe('regression');
    expect(p99?.shift?.estimate).toBeGreaterThan(20);
    const p90 = report.levels[0]?.checks.find((c) => c.metric === 'latency-p90');
    expect(p90?.verdict).not.toBe('regression');
  });

  it('A/A splits rarely alarm; power grows with repetitions; the HL estimate is near the injection', () => {
    const rows = calibrate({ pool, gate, perSideList: [10, 20], aaTrials: 300, powerTrials: 150, effectPcts: [5, 20], seed: 1 });
    expect(rows.map((r) => r.perSide)).toEqual([10, 20]);
    for (const row of rows) expect(row.falseAlarmRate).toBeLessThanOrEqual(0.03);
    const at5 = rows.map((r) => r.power[0]);
    expect(at5[1]?.power ?? 0).toBeGreaterThan(at5[0]?.power ?? 1);
    expect(at5[1]?.power ?? 0).toBeGreaterThan(0.8);
    expect(at5[1]?.meanEstimatedShiftPct ?? 0).toBeGreaterThan(3.5);
    expect(at5[1]?.meanEstimatedShiftPct ?? 0).toBeLessThan(6.5);
    expect(rows[0]?.power[1]?.power ?? 0).toBeGreaterThan(at5[0]?.power ?? 1);
    const table = renderCalibrationTable({ rows, levels: [1000], defaultPerSide: 20 }).join('\n');
    expect(table).toContain('power +5 %');
    expect(table).toContain('power +20 %');
    expect(table).toMatch(/default 20 repetitions per side: false alarms/);
  });

  it('skips repetition counts the pool cannot supply', () => {
    const messages: string[] = [];
    const rows = calibrate({ pool, gate, perSideList: [25], aaTrials: 1, powerTrials: 1, effectPcts: [5], seed: 1, onProgress: (m) => messages.push(m) });
    expect(rows).toEqual([]);
    expect(messages[0]).toContain('the pool has only 40 per level');
  });

  it('bounds the false-alarm rate with a Wilson interval', () => {
    expect(wilsonUpper95(0, 1000)).toBeCloseTo(0.00383, 4);
    expect(wilsonUpper95(10, 1000)).toBeGreaterThan(0.01);
  });
});
