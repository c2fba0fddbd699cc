import { describe, expect, it } from 'vitest';
import { compareResults } from '../../src/compare/compare-results.ts';
import { loadGateConfig } from '../../src/compare/gate/gate-file.ts';
import type { CheckResult, GateReport } from '../../src/compare/gate/gate-report.ts';
import type { ResultSource } from '../../src/compare/gate/repetition-pool.ts';
import { HarnessError } from '../../src/errors.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { buildResultFile, noisyRepetitions, type ResultSpec } from '../helpers/result-builder.ts';
import { buildResultFixtures } from '../helpers/result-fixtures.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const loaded = loadGateConfig('default', ROOT);
const gate = { file: loaded.file, config: loaded.gate };
const fixtures = buildResultFixtures();

function fixture(name: string): ResultSource {
  const result = fixtures[name];
  if (typeof result !== 'object') throw new Error(`no fixture ${name}`);
  return { file: name, result };
}

function compare(base: ResultSource[], head: ResultSource[], extra: { force?: boolean; baseArm?: string; headArm?: string } = {}): GateReport {
  return compareResults({
    base: { sources: base, arm: extra.baseArm ?? null },
    head: { sources: head, arm: extra.headArm ?? null },
    gate,
    force: extra.force,
  });
}

function checks(report: GateReport): CheckResult[] {
  return report.levels.flatMap((l) => l.checks);
}

function check(report: GateReport, id: string, rps: number): CheckResult {
  const found = checks(report).find((c) => c.checkId === id && c.targetRps === rps);
  if (!found) throw new Error(`no check ${id} @ ${rps}`);
  return found;
}

describe('compareResults', () => {
  it('A/A (same distribution, new version): passes with no regression', () => {
    const report = compare([fixture('base-istio-1.23.4.json')], [fixture('head-istio-1.24.1-same.json')]);
    expect(report.outcome).toBe('pass');
    expect(report.exitCode).toBe(0);
    expect(checks(report).filter((c) => c.verdict === 'regression')).toEqual([]);
    expect(report.headline).toMatch(/^PASS: no regression in 8 primary checks/);
  });

  it('+20 % p99: regression at every level, exit code 10, the headline names latency p99', () => {
    const report = compare([fixture('base-istio-1.23.4.json')], [fixture('head-istio-1.24.1-p99-plus20.json')]);
    expect(report.outcome).toBe('regression');
    expect(report.exitCode).toBe(10);
    for (const rps of [500, 1000]) {
      const p99 = check(report, 'latency-p99', rps);
      expect(p99.verdict).toBe('regression');
      expect(p99.gating).toBe(true);
      expect(p99.shift?.estimate).toBeGreaterThan(15);
      expect(p99.shift?.estimate).toBeLessThan(26);
      expect(p99.pAdjusted).toBeGreaterThanOrEqual(p99.pWorse ?? 1);
    }
    expect(report.headline).toContain('latency p99 @ 500 rps');
    expect(check(report, 'dataplane-cpu', 1000).verdict).not.toBe('regression');
  });

  it('builds the primary family as every primary check with data (Holm over 8 here)', () => {
    const report = compare([fixture('base-istio-1.23.4.json')], [fixture('head-istio-1.24.1-same.json')]);
    const primary = checks(report).filter((c) => c.role === 'primary');
    expect(primary).toHaveLength(8);
    expect(report.gate.primaryChecks).toBe(8);
    for (const c of primary) expect(c.pAdjusted).not.toBeNull();
    for (const c of checks(report).filter((x) => x.role !== 'primary')) expect(c.pAdjusted).toBeNull();
  });

  it('pools several files per side: repetitions concatenated per level', () => {
    const report = compare(
      [fixture('base-istio-1.23.4.json'), fixture('base-istio-1.23.4-second-run.json')],
      [fixture('head-istio-1.24.1-same.json')],
    );
    expect(report.levels.map((l) => l.base)).toEqual([
      { valid: 20, total: 20 },
      { valid: 20, total: 20 },
    ]);
    expect(check(report, 'latency-p99', 500).base.n).toBe(20);
    expect(report.base.files).toHaveLength(2);
  });

  it('mostly invalid repetitions on one side: that level is invalid, exit code 6', () => {
    const report = compare([fixture('base-istio-1.23.4.json')], [fixture('head-istio-1.24.1-mostly-invalid.json')]);
    expect(report.outcome).toBe('invalid');
    expect(report.exitCode).toBe(6);
    const p99 = check(report, 'latency-p99', 1000);
    expect(p99.verdict).toBe('invalid');
    expect(p99.reason).toContain('head: 6 of 10 repetitions invalid');
    expect(p99.reason).toContain('4.8 % below the target rate');
    expect(check(report, 'latency-p99', 500).verdict).not.toBe('invalid');
  });

  it('too few repetitions to reach significance: inconclusive, "need ≥ N repetitions per side"', () => {
    const report = compare([fixture('base-istio-1.23.4-three-reps.json')], [fixture('head-istio-1.24.1-three-reps.json')]);
    expect(report.outcome).toBe('inconclusive');
    expect(report.exitCode).toBe(6);
    expect(check(report, 'latency-p99', 500).reason).toContain('need ≥ 5 repetitions per side to detect a difference at α 0.006 (have 3/3)');
  });

  it('fewer valid repetitions than the gate minimum: invalid', () => {
    const two = buildResultFile({ runId: 'two', target: { version: '1.24.1' }, levels: [{ targetRps: 500, repetitions: [{ p99Us: 4000 }, { p99Us: 4100 }] }] });
    const base = buildResultFile({ runId: 'b', levels: [{ targetRps: 500, repetitions: noisyRepetitions({ count: 10, p99Us: 4000, cvPct: 3, seed: 1 }) }] });
    const report = compare([{ file: 'b.json', result: base }], [{ file: 'two.json', result: two }]);
    expect(check(report, 'latency-p99', 500)).toMatchObject({ verdict: 'invalid' });
    expect(check(report, 'latency-p99', 500).reason).toContain('fewer than the minimum 3');
  });

  it('a level measured on one side only is invalid for every check there', () => {
    const spec = (runId: string, version: string, rps: number[]): ResultSpec => ({
      runId,
      target: { version },
      levels: rps.map((targetRps, i) => ({ targetRps, repetitions: noisyRepetitions({ count: 8, p99Us: 4000, cvPct: 3, seed: i + 1 }) })),
    });
    const report = compare(
      [{ file: 'a.json', result: buildResultFile(spec('a', '1.23.4', [500, 1000])) }],
      [{ file: 'b.json', result: buildResultFile({ ...spec('b', '1.24.1', [500]), status: 'interrupted' }) }],
    );
    const top = report.levels.find((l) => l.targetRps === 1000);
    expect(top?.checks.every((c) => c.verdict === 'invalid')).toBe(true);
    expect(check(report, 'latency-p99', 1000).reason).toContain('head did not measure this level (run status interrupted)');
    expect(report.outcome).toBe('invalid');
  });

  it('refuses different scenarios with a usage error (exit code 2) unless forced', () => {
    const run = (force: boolean) => compare([fixture('base-istio-1.23.4.json')], [fixture('head-istio-1.24.1-other-scenario.json')], { force });
    expect(() => run(false)).toThrow(HarnessError);
    try {
      run(false);
    } catch (err) {
      expect((err as HarnessError).exitCode).toBe(2);
      expect((err as HarnessError).message).toContain('scenarios differ');
    }
    const forced = run(true);
    expect(forced.forced).toBe(true);
    expect(forced.notes[0]).toMatch(/^forced: the scenarios differ/);
  });

  it('mesh against the baseline with --force: data-plane checks are not applicable, not invalid', () => {
    const report = compare([fixture('baseline.json')], [fixture('head-istio-1.24.1-same.json')], { force: true });
    expect(checks(report).some((c) => c.metric === 'dataplane-vcpu-per-1k-rps')).toBe(false);
    expect(report.notes.join('\n')).toContain('check dataplane-cpu: not applicable (no data-plane measurements on base)');
    expect(report.outcome).toBe('regression'); // the mesh adds latency over the baseline
  });

  it('a data plane missing on a meshed side is invalid (a metering bug must not hide a regression)', () => {
    const result = structuredClone(fixtures['head-istio-1.24.1-same.json']) as ResultFile;
    for (const level of result.levels) for (const rep of level.repetitions) rep.resources = [];
    const report = compare([fixture('base-istio-1.23.4.json')], [{ file: 'no-dp.json', result }]);
    expect(check(report, 'dataplane-cpu', 500)).toMatchObject({ verdict: 'invalid', reason: 'no data-plane measurements on head' });
  });

  it('compares two arms of one interleaved result', () => {
    const ab = fixture('ab-interleaved.json');
    const report = compare([ab], [ab], { baseArm: '1.23.4', headArm: '1.24.1' });
    expect(report.base.arm).toBe('1.23.4');
    expect(check(report, 'latency-p99', 500)).toMatchObject({ verdict: 'regression', base: { n: 8 }, head: { n: 8 } });
  });

  it('refuses to pool the arms of an interleaved result silently', () => {
    expect(() => compare([fixture('ab-interleaved.json')], [fixture('head-istio-1.24.1-same.json')])).toThrow(/several arms \(1\.23\.4, 1\.24\.1\)/);
  });

  it('a side without any repetition is a RUN_INVALID error (exit code 6)', () => {
    try {
      compare([fixture('base-istio-1.23.4.json')], [fixture('empty-repetitions.json')]);
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(HarnessError);
      expect((err as HarnessError).exitCode).toBe(6);
      expect((err as HarnessError).message).toContain('head side has no repetitions');
    }
  });

  it('error rate is compared in percentage points and zero everywhere is no change', () => {
    const report = compare([fixture('base-istio-1.23.4.json')], [fixture('head-istio-1.24.1-same.json')]);
    expect(check(report, 'error-rate', 500)).toMatchObject({ effectUnit: 'pp', verdict: 'no-change', pWorse: 1 });
  });

  it('computes pooled percentiles from merged histograms when asked', () => {
    const report = compareResults({
      base: { sources: [fixture('base-istio-1.23.4.json')], arm: null },
      head: { sources: [fixture('head-istio-1.24.1-same.json')], arm: null },
      gate,
      pooledLatency: true,
    });
    const pooled = report.levels[0]?.pooledLatency;
    expect(pooled?.base?.count).toBe(10_000);
    expect(pooled?.base?.p99Us).toBeGreaterThan(3500);
  });
});

describe('the pre-declared extension (--extended)', () => {
  const side = (runId: string, p99s: number[]): ResultSource => ({
    file: `${runId}.json`,
    result: buildResultFile({ runId, levels: [{ targetRps: 500, repetitions: p99s.map((p99Us) => ({ p99Us })) }] }),
  });
  const base = side('b', [4000, 4010, 4020, 4030]);
  const head = side('h', [4400, 4410, 4420, 4430]);
  // α 0.04 split 3:1 over the two looks (0.03, then 0.01), so 4 vs 4 can reach the first look's α only.
  const split = { file: gate.file, config: { ...gate.config, familyAlpha: 0.04, looks: { spending: 'split' as const, firstFraction: 0.5, firstShare: 0.75 } } };

  it("spends α over two looks: significant at the first look's α, not at the second's with the same data", () => {
    const first = compareResults({ base: { sources: [base], arm: null }, head: { sources: [head], arm: null }, gate: split });
    const p99 = check(first, 'latency-p99', 500);
    // 4 vs 4, complete separation: exact one-sided p = 1/70 = 0.0143. Achieved rate and error rate never
    // varied (smallest attainable p 1): Tarone leaves them out, so p99 is alone in its family.
    expect(p99.pAdjusted).toBeCloseTo(1 / 70, 12);
    expect(p99.inFamily).toBe(true);
    expect(check(first, 'error-rate', 500).inFamily).toBe(false);
    expect(first.outcome).toBe('regression');
    expect(first.gate).toMatchObject({ familyAlpha: 0.03, extended: false, effectivePrimaryChecks: 1 });
    expect(first.gate.alphaSpending).toMatchObject({ look: 1, familyAlpha: 0.04 });

    const second = compareResults({ base: { sources: [base], arm: null }, head: { sources: [head], arm: null }, gate: split, extended: true });
    expect(second.gate.familyAlpha).toBeCloseTo(0.01, 15);
    expect(check(second, 'latency-p99', 500).verdict).not.toBe('regression');
    expect(second.notes.some((n) => n.startsWith('second look: ') && n.includes('tested at α 0.01'))).toBe(true);
    // Both looks together spend exactly the gate's α.
    const spent = second.gate.alphaSpending;
    expect((spent?.firstLookAlpha ?? 0) + (spent?.secondLookAlpha ?? 0)).toBeCloseTo(0.04, 15);
  });

  it('defaults to Pocock-type spending: 0.0062 of α 0.01 at the first look, 0.0038 at the second', () => {
    const first = compareResults({ base: { sources: [base], arm: null }, head: { sources: [head], arm: null }, gate });
    expect(first.gate.familyAlpha).toBeCloseTo(0.006201145069582775, 12);
    const second = compareResults({ base: { sources: [base], arm: null }, head: { sources: [head], arm: null }, gate, extended: true });
    expect(second.gate.familyAlpha).toBeCloseTo(0.01 - 0.006201145069582775, 12);
  });
});

describe('compareResults with a custom gate', () => {
  it('refuses a gate that checks one metric twice at the same level once levels are known', () => {
    const config = structuredClone(loaded.gate);
    config.checks = [
      { id: 'p99-top', metric: 'latency-p99', levels: 'top', direction: 'lower-is-better', role: 'primary', effectUnit: 'pct', fail: 3, mde: 5, critical: null },
      { id: 'p99-1000', metric: 'latency-p99', levels: [1000], direction: 'lower-is-better', role: 'advisory', effectUnit: 'pct', fail: 3, mde: 5, critical: null },
    ];
    expect(() =>
      compareResults({
        base: { sources: [fixture('base-istio-1.23.4.json')], arm: null },
        head: { sources: [fixture('head-istio-1.24.1-same.json')], arm: null },
        gate: { file: 'gates.yaml', config },
      }),
    ).toThrow('checks "p99-top" and "p99-1000" both gate latency-p99 at 1000 rps');
  });
});

describe('run order', () => {
  it('notes a block design (all base windows before all head windows) but not interleaved arms', () => {
    const block = compare([fixture('base-istio-1.23.4.json')], [fixture('head-istio-1.24.1-same.json')]);
    expect(block.notes.join('\n')).toContain('one after the other');
    const ab = fixture('ab-interleaved.json');
    const interleaved = compare([ab], [ab], { baseArm: '1.23.4', headArm: '1.24.1' });
    expect(interleaved.notes.join('\n')).not.toContain('one after the other');
  });
});

describe('a baseline A/A pair with a mostly invalid level', () => {
  it('drops the data-plane checks as not applicable and reports the level invalid once per reason', async () => {
    const { renderTerminal } = await import('../../src/compare/render/render-terminal.ts');
    const reps = (seed: number) =>
      noisyRepetitions({ count: 6, p99Us: 3000, cvPct: 3, seed }).map((r, i) => (i < 2 ? { ...r, valid: false, invalidReasons: ['generator saturated'] } : r));
    const side = (runId: string, seed: number): ResultSource => ({
      file: `${runId}.json`,
      result: buildResultFile({ runId, target: { mesh: 'none', platform: 'local', clusterShape: null }, levels: [{ targetRps: 200, repetitions: reps(seed) }] }),
    });
    const report = compare([side('a', 1)], [side('b', 2)]);
    expect(report.outcome).toBe('invalid');
    expect(checks(report).some((c) => c.metric.startsWith('dataplane'))).toBe(false);
    expect(report.notes).toContain('check dataplane-cpu: not applicable (no data-plane measurements on base or head)');
    const text = renderTerminal(report, { color: false });
    expect(text.match(/2 of 6 repetitions invalid/g)).toHaveLength(2); // the reason line and the headline
    expect(report.headline).toMatch(/^INVALID: latency p99, achieved rate, error rate @ 200 rps: base: 2 of 6 repetitions invalid/);
  });
});
