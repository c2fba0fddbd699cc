import { describe, expect, it } from 'vitest';
import { formatLatencyUs, renderRunSummary, runSummaryJson } from '../../src/render/render-run-summary.ts';
import { buildResultFile } from '../helpers/result-builder.ts';
import { summarizeLevel } from '../../src/results/level-summary.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
describe('formatLatencyUs', () => {
  it('µs below 1 ms, two decimals of ms below 10 ms, one above', () => {
    expect([formatLatencyUs(812.4), formatLatencyUs(4321), formatLatencyUs(12_345)]).toEqual(['812µs', '4.32ms', '12.3ms']);
  });
});

describe('renderRunSummary', () => {
  const result = buildResultFile({
    target: { name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version: '1.24.1' },
    levels: [
      { targetRps: 100, repetitions: [{ p99Us: 4000, dataPlane: [{ vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 52e6 }] }, { p99Us: 4000, valid: false, invalidReasons: ['missed its rate'], dataPlane: [{ vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 52e6 }] }] },
      { targetRps: 400, repetitions: [{ p99Us: 5000, valid: false }] },
    ],
  });
  result.valid = false;
  const text = renderRunSummary(result, 'results/r.json');

  it('names the target and lists each level with validity counts', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe(`istio-ambient (istio ambient 1.24.1) on kind, scenario ${result.scenario.name}`);
    expect(text).toMatch(/^rps +achieved +p50 +p90 +p99 +p99\.9 +svc p99 +errors +valid$/m);
    expect(text).toMatch(/^100 +100\.0 +1\.00ms +2\.00ms +4\.00ms +6\.40ms +4\.00ms +0\.00% +1\/2$/m);
    // A level without a valid repetition shows its numbers, pooled over the invalid ones, marked.
    expect(text).toMatch(/^400 ✖ +400\.0 .* 0\/1 ✖ INVALID$/m);
  });

  it('shows the data-plane cost of levels with valid repetitions only', () => {
    expect(text).toMatch(/^100 +0\.300 +52\.0 +0\.050 +150µs$/m);
    expect(text).not.toMatch(/^400 +0\./m);
  });

  it('lists invalid reasons and ends with where the result went', () => {
    expect(text).toContain('✖ 100 rps rep 2 INVALID: missed its rate');
    expect(text.trimEnd().split('\n').pop()).toBe('INVALID result written to results/r.json');
  });
});

/** The fixture with every repetition of its first level marked invalid. */
function withInvalidLevel(): ResultFile {
  const result = readResultFile('test/fixtures/results/baseline.json');
  const level = result.levels[0];
  if (!level) throw new Error('fixture has no level');
  level.repetitions = level.repetitions.map((r) => ({ ...r, valid: false, invalidReasons: ['busy host, not a saturated generator: scheduler lag p99 9000 µs exceeds 5000 µs while the load agent used only 12% of a core per sending thread (it waited for a CPU); run fewer processes on the host'] }));
  level.summary = summarizeLevel(level.repetitions);
  result.valid = false;
  return result;
}

describe('the run summary of an https:// run', () => {
  it('shows what TLS the agents negotiated over the run, and each repetition\'s in the JSON summary', () => {
    const result = buildResultFile({ levels: [{ targetRps: 100, repetitions: [{ p99Us: 4000 }, { p99Us: 4000 }] }] });
    const tls = { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', handshakes: 4, resumedSessions: 0 };
    for (const rep of result.levels[0]?.repetitions ?? []) rep.generator.tls = { ...tls };
    expect(renderRunSummary(result, 'r.json')).toMatch(/^TLS from the agents to the entry service: TLSv1\.3 TLS_AES_128_GCM_SHA256; 8 handshakes, 0 resumed \(each repetition's in the result, generator\.tls\)$/m);
    const json = runSummaryJson([{ result, resultPath: 'r.json' }]) as unknown as { results: { levels: { perRepetition: { tls?: unknown }[] }[] }[] };
    expect(json.results[0]?.levels[0]?.perRepetition[0]?.tls).toEqual({ version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' });
    // http://: no line.
    expect(renderRunSummary(buildResultFile({ levels: [{ targetRps: 100, repetitions: [{ p99Us: 4000 }] }] }), 'r.json')).not.toMatch(/^TLS/m);
  });
});

describe('the run summary', () => {
  it('a level without a valid repetition shows its measured numbers, marked invalid, not "-"', () => {
    const result = withInvalidLevel();
    const level = result.levels[0];
    const text = renderRunSummary(result, 'results/x.json');
    const row = text.split('\n').find((l) => l.startsWith(`${level?.targetRps} ✖`));
    expect(row).toBeDefined();
    expect(row).toMatch(/\d+\.\d\s+\S+(µs|ms)\s+/);
    expect(row).toMatch(/0\/\d+ ✖ INVALID$/);
    expect(row).not.toMatch(/\s-\s/);
    expect(text).toContain('pooled over its invalid repetitions, for diagnosis only (not comparable)');
    // Each invalid repetition: why, and what it measured.
    expect(text).toMatch(/✖ \d+ rps rep 1 INVALID: busy host.*\(measured [\d.]+ rps of \d+, p50 \S+, p99 \S+, errors [\d.]+%, lag p99 \S+, agent CPU \d+% of a core\)/);
    expect(text).toContain('INVALID result written to results/x.json');
  });

  it('a valid level is pooled over its valid repetitions, unmarked', () => {
    const result = readResultFile('test/fixtures/results/baseline.json');
    const text = renderRunSummary(result, 'r.json');
    expect(text).not.toContain('✖');
    expect(text.split('\n').filter((l) => l.includes('written to'))).toHaveLength(1);
  });

  it('as JSON: per level the pooled numbers with where they come from, and every repetition', () => {
    const result = withInvalidLevel();
    const json = runSummaryJson([{ result, resultPath: 'results/x.json' }]);
    expect(json.valid).toBe(false);
    const level = json.results[0]?.levels[0];
    expect(level).toMatchObject({ validRepetitions: 0, pooledFrom: 'invalid' });
    expect(level?.pooled.latencyUs?.p99).toBeGreaterThan(0);
    expect(level?.perRepetition.every((r) => !r.valid && r.invalidReasons[0]?.startsWith('busy host'))).toBe(true);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
