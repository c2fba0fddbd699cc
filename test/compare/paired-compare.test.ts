import { describe, expect, it } from 'vitest';
import { compareResults } from '../../src/compare/compare-results.ts';
import { loadGateConfig } from '../../src/compare/gate/gate-file.ts';
import type { ResultSource } from '../../src/compare/gate/repetition-pool.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { renderMarkdown } from '../../src/compare/render/render-markdown.ts';
import { renderTerminal } from '../../src/compare/render/render-terminal.ts';
import { interleavedBatch } from '../helpers/interleaved-batch.ts';

const loaded = loadGateConfig('default', process.cwd());
const gate = { file: loaded.file, config: loaded.gate };

/** Strong drift shared by the two windows of a pair: 0.7 … 1.4 × the level. */
const DRIFT = [1.0, 1.3, 0.8, 1.4, 0.9, 0.75, 1.2, 1.05, 0.7, 1.35, 0.95, 1.1];
const WOBBLE = [0.004, -0.006, 0.002, -0.003, 0.005, -0.001, 0.003, -0.004, 0.001, -0.002, 0.006, -0.005];

const batch = interleavedBatch;

const p99 = (scale: number) => DRIFT.map((d, i) => Math.round(4000 * d * (1 + (WOBBLE[i] ?? 0)) * scale));
const p99Head = (scale: number) => DRIFT.map((d, i) => Math.round(4000 * d * (1 - (WOBBLE[(i + 5) % 12] ?? 0)) * scale));

function compare(sides: { base: ResultSource[]; head: ResultSource[] }, options: { pairing?: 'auto' | 'off'; extended?: boolean; config?: typeof gate.config } = {}) {
  return compareResults({
    base: { sources: sides.base, arm: null },
    head: { sources: sides.head, arm: null },
    gate: { file: gate.file, config: options.config ?? gate.config },
    pairing: options.pairing,
    extended: options.extended,
  });
}

const checkOf = (report: ReturnType<typeof compare>, id: string) => {
  const found = report.levels.flatMap((l) => l.checks).find((c) => c.checkId === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe('paired analysis of one interleaved batch', () => {
  it('sees a +6 % p99 regression through drift that hides it from the unpaired test', () => {
    const b = batch({ id: 'batch-1', base: p99(1), head: p99Head(1.06) });
    const paired = compare({ base: [b.base], head: [b.head] });
    const c = checkOf(paired, 'latency-p99');
    expect(c.analysis).toBe('paired');
    expect(paired.gate.pairing).toEqual({ paired: true, reason: null });
    // Every pair worse: exact signed-rank p = 2^-12.
    expect(c.pWorse).toBeCloseTo(2 ** -12, 15);
    expect(c.shift?.estimate).toBeGreaterThan(5);
    expect(c.shift?.estimate).toBeLessThan(7);
    expect(c.verdict).toBe('regression');
    expect(paired.exitCode).toBe(10);

    const unpaired = compare({ base: [b.base], head: [b.head] }, { pairing: 'off' });
    expect(checkOf(unpaired, 'latency-p99').analysis).toBe('unpaired');
    expect(checkOf(unpaired, 'latency-p99').verdict).not.toBe('regression');
    expect(unpaired.notes).toContain('unpaired (Mann-Whitney): pairing is off');
  });

  it('passes an A/A batch with a stated bound and the achieved coverage', () => {
    const b = batch({ id: 'batch-aa', base: p99(1), head: p99Head(1) });
    const report = compare({ base: [b.base], head: [b.head] });
    const c = checkOf(report, 'latency-p99');
    expect(c.verdict).toBe('no-change');
    // 12 pairs at 95 %: k = 14, coverage 1 − 2·P(V ≤ 13) = 1 − 2·87/4096 = 95.75 %.
    expect(c.shift?.confidence).toBeCloseTo(1 - (2 * 87) / 4096, 12);
    expect(c.reason).toMatch(/^no latency p99 regression ≥ 3 % \(95\.8 % interval upper bound \+\d\.\d %\)/);
    expect(report.exitCode).toBe(0);
  });

  it('refuses to pair files of different batches, files without a batch, and unequal pair sets', () => {
    const one = batch({ id: 'batch-1', base: p99(1), head: p99Head(1) });
    const two = batch({ id: 'batch-2', base: p99(1), head: p99Head(1) });
    const mixed = compare({ base: [one.base], head: [two.head] });
    expect(mixed.gate.pairing?.paired).toBe(false);
    expect(mixed.notes.some((n) => n.startsWith('unpaired (Mann-Whitney): base and head come from different batches'))).toBe(true);
    expect(checkOf(mixed, 'latency-p99').analysis).toBe('unpaired');

    const noBatch = batch({ id: 'batch-3', base: p99(1), head: p99Head(1) });
    delete noBatch.head.result.batch;
    expect(compare({ base: [noBatch.base], head: [noBatch.head] }).notes).toContain(
      'unpaired (Mann-Whitney): batch-3-b.json (head) records no batch: it was not measured interleaved with the other side',
    );

    const short = batch({ id: 'batch-4', base: p99(1), head: p99Head(1).slice(0, 11) });
    const report = compare({ base: [short.base], head: [short.head] });
    expect(report.gate.pairing?.paired).toBe(false);
    expect(report.gate.pairing?.reason).toContain('the pair sets differ');
  });

  it('a second look adds the fresh batch to the first: pairs of both batches', () => {
    const first = batch({ id: 'batch-1', base: p99(1), head: p99Head(1.06) });
    const fresh = batch({ id: 'batch-2', base: p99(1), head: p99Head(1.06), startMs: Date.parse('2026-01-15T12:00:00Z') });
    const report = compare({ base: [first.base, fresh.base], head: [first.head, fresh.head] }, { extended: true });
    const c = checkOf(report, 'latency-p99');
    expect(c.analysis).toBe('paired');
    expect(c.base.n).toBe(24);
    expect(report.gate.alphaSpending?.look).toBe(2);
    expect(c.verdict).toBe('regression');
  });
});

describe('generator-health screening', () => {
  const lagged = (indexes: number[]) => (side: 'base' | 'head', rep: ResultFile['levels'][number]['repetitions'][number]) => {
    if (side === 'head' && indexes.includes(rep.index)) rep.generator.schedulerLagUs = { p50: 300, p99: 48_000, max: 90_000 };
  };

  it('drops a pair whose window had a lag burst and reports it with its numbers', () => {
    const b = batch({ id: 'batch-1', base: p99(1), head: p99Head(1), tweak: lagged([4]) });
    const report = compare({ base: [b.base], head: [b.head] });
    expect(checkOf(report, 'latency-p99').base.n).toBe(11);
    expect(report.notes).toContain('screened out: head arm b 500 rps repetition 5: scheduler lag p99 48000 µs > 4 × batch median 150 µs');
  });

  it('beyond the bound the level is invalid, with the reason', () => {
    const b = batch({ id: 'batch-1', base: p99(1), head: p99Head(1), tweak: lagged([0, 3, 6, 9]) });
    const report = compare({ base: [b.base], head: [b.head] });
    const c = checkOf(report, 'latency-p99');
    expect(c.verdict).toBe('invalid');
    expect(c.reason).toBe('4 of 12 pairs screened out for generator health (more than 20 %): the machine, not the target, was measured');
    expect(report.exitCode).toBe(6);
  });
});

describe('underpowered checks', () => {
  // Pair differences of ±12 %: no shift, but an interval far wider than the 5 % MDE.
  const noisy = DRIFT.map((d, i) => Math.round(4000 * d * (i % 2 === 0 ? 1.12 : 0.9) * (1 + (WOBBLE[i] ?? 0))));

  it('say what they can rule out and that the setup cannot see the MDE; the gate file decides', () => {
    const b = batch({ id: 'batch-1', base: p99(1), head: noisy });
    const ask = compare({ base: [b.base], head: [b.head] }, { config: { ...gate.config, underpowered: 'ask' } });
    const c = checkOf(ask, 'latency-p99');
    expect(c.verdict).toBe('inconclusive');
    expect(c.underpowered).toBe(true);
    expect(c.reason).toMatch(/^no latency p99 regression ≥ \d+(\.\d)? % \(95\.8 %\); this setup cannot see 5 %/);
    expect(ask.exitCode).toBe(6);

    const accept = compare({ base: [b.base], head: [b.head] }, { config: { ...gate.config, underpowered: 'accept' } });
    expect(checkOf(accept, 'latency-p99').verdict).toBe('no-change');
    expect(accept.exitCode).toBe(0);
  });

  it('an accepted underpowered pass says what it rules out, in the headline and under the table', () => {
    const b = batch({ id: 'batch-1', base: p99(1), head: noisy });
    const accept = compare({ base: [b.base], head: [b.head] }, { config: { ...gate.config, underpowered: 'accept' } });
    expect(accept.headline).toMatch(/^PASS: no regression in \d primary checks?; accepted although underpowered \(gate file: underpowered: accept\): latency p99 @ 500 rps: no latency p99 regression ≥ /);
    const text = renderTerminal(accept, { color: false });
    expect(text).toMatch(/✓ latency p99 @ 500 rps: no latency p99 regression ≥ [\d.]+ % \(95\.8 %\); this setup cannot see 5 %/);
    expect(renderMarkdown(accept)).toContain('this setup cannot see 5 %');
  });

  it('the shipped default gate accepts a stated pass rather than asking a person', () => {
    expect(gate.config.underpowered).toBe('accept');
  });
});
