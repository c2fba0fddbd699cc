/**
 * The gate on REAL measurements: the three interleaved batches of `npm run bench:gate` measured on a
 * quiet 2-core VM (docs/gate-calibration.md), kept in docs/calibration-data/2026-12-06-quiet. Each
 * batch is one `bench run proxy-mtls --platform local --arms … --realtime-agent` of 22 ABBA rounds.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../src/compare/compare-results.ts';
import { loadGateConfig } from '../../src/compare/gate/gate-file.ts';
import { readResultFile } from '../../src/results/result-file.ts';

const DATA = join(process.cwd(), 'docs', 'calibration-data', '2026-12-06-quiet');
const loaded = loadGateConfig('default', process.cwd());

function gateOf(base: string, head: string) {
  const side = (name: string) => ({ sources: [{ file: `${name}.json`, result: readResultFile(join(DATA, `${name}.json`)) }], arm: null });
  return compareResults({ base: side(base), head: side(head), gate: { file: loaded.file, config: loaded.gate } });
}

const check = (report: ReturnType<typeof gateOf>, id: string) => report.levels[0]?.checks.find((c) => c.checkId === id);

describe('the default gate on real interleaved batches', () => {
  it('an A/A pair (--arms a,b) passes, paired, and says what this setup cannot see', () => {
    const report = gateOf('aa-a', 'aa-b');
    expect(report.exitCode).toBe(0);
    expect(report.outcome).toBe('pass');
    expect(report.notes.join('\n')).toContain('paired: base and head windows of batch');
    expect(report.headline).toContain('accepted although underpowered');
    expect(check(report, 'latency-p99')?.reason).toMatch(/this setup cannot see 5 %/);
  });

  it('a head whose order-service burns 483 µs more CPU per request is a p99 regression', () => {
    const report = gateOf('p99-base', 'p99-head');
    expect(report.exitCode).toBe(10);
    expect(check(report, 'latency-p99')?.verdict).toBe('regression');
    expect(report.notes.join('\n')).toContain('CALIBRATION comparison');
  });

  it('a head whose sidecars burn 17 µs more CPU per request is a data-plane CPU regression, and not a p99 one', () => {
    const report = gateOf('cpu-base', 'cpu-head');
    expect(report.exitCode).toBe(10);
    expect(check(report, 'dataplane-cpu')?.verdict).toBe('regression');
    expect(check(report, 'latency-p99')?.verdict).not.toBe('regression');
  });
});
