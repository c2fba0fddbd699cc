import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseResultFile } from '../../src/results/result-file.ts';
import { buildResultFile } from '../helpers/result-builder.ts';
import { buildResultFixtures } from '../helpers/result-fixtures.ts';

const DIR = new URL('../fixtures/results/', import.meta.url);
const fixtures = Object.entries(buildResultFixtures());

describe('test/fixtures/results', () => {
  it.each(fixtures.map(([name]) => name))('%s is what result-fixtures.ts builds (regenerate with write-result-fixtures.ts)', (name) => {
    const built = fixtures.find(([n]) => n === name)?.[1];
    const text = readFileSync(new URL(name, DIR), 'utf8');
    expect(text).toBe(typeof built === 'string' ? built : `${JSON.stringify(built, null, 2)}\n`);
  });

  it('every intact fixture is a valid result file', () => {
    for (const [name, built] of fixtures) {
      if (typeof built === 'string') continue;
      expect(() => parseResultFile(name, readFileSync(new URL(name, DIR), 'utf8'))).not.toThrow();
    }
  });
});

describe('result builder', () => {
  it('writes real histograms whose percentiles match the requested ones within 0.1 %', () => {
    const result = buildResultFile({ levels: [{ targetRps: 500, repetitions: [{ p50Us: 900, p90Us: 1800, p99Us: 4321, p999Us: 7000 }] }] });
    const latency = result.levels[0]?.repetitions[0]?.latency;
    expect(latency?.count).toBe(1000);
    for (const [got, want] of [
      [latency?.p50Us, 900],
      [latency?.p90Us, 1800],
      [latency?.p99Us, 4321],
      [latency?.p999Us, 7000],
    ] as const) {
      expect(Math.abs((got ?? 0) / want - 1)).toBeLessThanOrEqual(0.001);
    }
    expect(result.levels[0]?.summary.validRepetitions).toBe(1);
    expect(result.levels[0]?.summary.latency?.p99Us).toBe(latency?.p99Us);
  });
});
