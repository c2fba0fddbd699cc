import { describe, expect, it } from 'vitest';
import { ScreeningRulesSchema } from '../../../src/compare/gate/gate-config.ts';
import { medianLagP99Us, screenReasons } from '../../../src/compare/gate/health-screen.ts';
import type { Repetition } from '../../../src/results/result-schema.ts';
import { buildRepetition } from '../../helpers/result-builder.ts';

const rules = ScreeningRulesSchema.parse({});

function rep(options: { lagP99Us?: number; lateSends?: number; stealFraction?: number } = {}): Repetition {
  const r = buildRepetition({ p99Us: 1000 }, { index: 0, targetRps: 100, windowStartMs: 0 });
  r.generator.schedulerLagUs.p99 = options.lagP99Us ?? 150;
  r.generator.lateSends = options.lateSends ?? 0;
  if (options.stealFraction !== undefined && r.hostCpu) r.hostCpu.stealFraction = options.stealFraction;
  return r;
}

describe('medianLagP99Us', () => {
  it('is the median of the repetitions’ scheduler lag p99, null without any', () => {
    expect(medianLagP99Us([rep({ lagP99Us: 100 }), rep({ lagP99Us: 300 }), rep({ lagP99Us: 200 })])).toBe(200);
    expect(medianLagP99Us([rep({ lagP99Us: 100 }), rep({ lagP99Us: 300 })])).toBe(200);
    expect(medianLagP99Us([])).toBeNull();
  });
});

describe('screenReasons', () => {
  it('a healthy repetition has no reason', () => {
    expect(screenReasons(rep(), { rules, medianLagUs: 150 })).toEqual([]);
  });

  it('screens a lag burst relative to the batch median, above a 1 ms floor', () => {
    expect(screenReasons(rep({ lagP99Us: 5000 }), { rules, medianLagUs: 1000 })).toEqual(['scheduler lag p99 5000 µs > 4 × batch median 1000 µs']);
    // 10 × the median but under 1 ms: scheduler jitter.
    expect(screenReasons(rep({ lagP99Us: 900 }), { rules, medianLagUs: 90 })).toEqual([]);
    expect(screenReasons(rep({ lagP99Us: 5000 }), { rules, medianLagUs: null })).toEqual([]);
  });

  it('screens too many late sends and too much steal, each with its numbers', () => {
    // 1000 sent in a 10 s window at 100 rps.
    expect(screenReasons(rep({ lateSends: 60 }), { rules, medianLagUs: null })).toEqual(['late sends 60 of 1000 (6.0 % > 5 %)']);
    expect(screenReasons(rep({ lateSends: 50 }), { rules, medianLagUs: null })).toEqual([]);
    expect(screenReasons(rep({ stealFraction: 0.08 }), { rules, medianLagUs: null })).toEqual(['host steal 8.0 % > 5 %']);
  });
});
