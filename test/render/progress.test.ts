import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, repetitionDoneLine } from '../../src/render/progress.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import type { Repetition } from '../../src/results/result-schema.ts';

const sample = readResultFile('test/fixtures/results/baseline.json').levels[0]?.repetitions[0] as Repetition;

function stream(isTTY: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean };
  s.isTTY = isTTY;
  let text = '';
  s.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { s, text: () => text };
}

describe('progress', () => {
  it('prints one plain line per event when not a terminal', () => {
    const { s, text } = stream(false);
    const p = createProgress(s);
    p.step('create cluster');
    p.stepDone('cluster created', true);
    p.repetition({ level: 0, levels: 2, rps: 500, repetition: 1, repetitions: 3, arm: '1.28.0', remainingMs: 65_000 });
    p.close();
    expect(text()).toBe('❯ create cluster\n✔ cluster created\n  level 1/2 (500 rps) [1.28.0] repetition 2/3, ~1m05s left\n');
    expect(text()).not.toContain('\x1b');
  });

  it('redraws one live line in place on a terminal and clears it before permanent lines', () => {
    const { s, text } = stream(true);
    const p = createProgress(s);
    p.step('install mesh');
    p.stepDone('mesh installed', false);
    p.close();
    expect(text()).toContain('\r\x1b[2K… install mesh (0s)');
    expect(text().endsWith('\r\x1b[2K✖ mesh installed\n')).toBe(true);
  });

  it('prints one line per finished repetition: rate, p50, p99, errors, valid or why not', () => {
    const { s, text } = stream(false);
    const p = createProgress(s);
    p.repetition({ level: 0, levels: 1, rps: sample.targetRps, repetition: 0, repetitions: 2, arm: '', remainingMs: 10_000 });
    p.live({ completed: 500, errors: 1, elapsedMs: 1_000 });
    p.repetitionDone(sample);
    const invalid: Repetition = { ...sample, index: 1, valid: false, invalidReasons: ['busy host, not a saturated generator: …', 'error rate 2% exceeds the budget of 1%'] };
    p.repetitionDone(invalid);
    p.close();
    const lines = text().split('\n').filter(Boolean);
    // Not a terminal: no live counts, plain lines only.
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`  ${repetitionDoneLine(sample)}`);
    expect(lines[1]).toMatch(new RegExp(`^ {2}✔ ${sample.targetRps} rps rep 1: ${sample.achievedRps.toFixed(1)} rps, p50 \\S+, p99 \\S+, errors \\d+ \\([\\d.]+%\\); valid$`));
    expect(lines[2]).toMatch(/^ {2}✖ \d+ rps rep 2: .*; INVALID: busy host, not a saturated generator: … \(\+1 more\)$/);
    expect(text()).not.toContain('\x1b');
  });

  it('on a terminal the repetition in progress shows live rps and errors', () => {
    const { s, text } = stream(true);
    const p = createProgress(s);
    p.repetition({ level: 0, levels: 1, rps: 500, repetition: 0, repetitions: 1, arm: '', remainingMs: 10_000 });
    p.live({ completed: 1_500, errors: 3, elapsedMs: 3_000 });
    expect(text()).toContain('… level 1/1 (500 rps) repetition 1/1, ~10s left · 500 rps, 3 errors so far');
    p.repetitionDone(sample);
    p.close();
    expect(text()).toContain(`\r\x1b[2K  ${repetitionDoneLine(sample)}\n`);
  });

  it('is silent with quiet', () => {
    const { s, text } = stream(true);
    const p = createProgress(s, { quiet: true });
    p.step('x');
    p.info('y');
    expect(text()).toBe('');
  });
});
