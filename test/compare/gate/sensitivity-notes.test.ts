import { describe, expect, it } from 'vitest';
import { minimumDetectablePct, type NoiseProfile } from '../../../src/compare/gate/noise-profile.ts';
import { sensitivityNotes } from '../../../src/compare/gate/sensitivity-notes.ts';
import { checkResult } from '../../helpers/gate-objects.ts';

const profile = {
  batchId: '0123456789abcdef',
  windowMs: 3000,
  levels: [
    {
      targetRps: 100,
      requestsPerWindow: 300,
      metrics: [{ metric: 'latency-p99', estimator: 'window', pairs: 20, sdLogUnpaired: 0.1, sdLogPaired: 0.05, lag1Autocorrelation: null, samplingSdLog: null, driftSdLog: null, pairedDriftSdLog: null }],
    },
  ],
} as unknown as NoiseProfile;

describe('sensitivityNotes', () => {
  it('states the shift each primary % check can detect with its pairs at α/K and 90 % power', () => {
    const mde = minimumDetectablePct({ sdLog: 0.05, pairs: 10, alpha: 0.01 / 2, power: 0.9 });
    const notes = sensitivityNotes({ noise: profile, results: [checkResult({ base: { n: 10, total: 10, median: 1000 }, thresholds: { fail: 3, mde: 5, critical: null } })], alpha: 0.01, familySize: 2 });
    expect(notes).toEqual([
      `noise profile 01234567: p99 @ 100 rps with 10 pairs at α 0.005 detects shifts ≥ ${mde.toFixed(1)} % (90 % power; MDE 5 %${mde > 5 ? ': this setup cannot see it' : ''})`,
    ]);
  });

  it('says when too few pairs can detect nothing, and when the MDE is out of reach', () => {
    const [few] = sensitivityNotes({ noise: profile, results: [checkResult({ base: { n: 3, total: 3, median: 1000 } })], alpha: 0.01, familySize: 1 });
    expect(few).toContain('detects shifts none (too few pairs)');
    const [blind] = sensitivityNotes({ noise: profile, results: [checkResult({ base: { n: 8, total: 8, median: 1000 }, thresholds: { fail: 1, mde: 1, critical: null } })], alpha: 0.01, familySize: 1 });
    expect(blind).toMatch(/MDE 1 %: this setup cannot see it\)$/);
  });

  it('skips secondary, pp, invalid and unprofiled checks', () => {
    const skipped = [
      checkResult({ role: 'secondary' }),
      checkResult({ effectUnit: 'pp', metric: 'error-pct' }),
      checkResult({ verdict: 'invalid' }),
      checkResult({ metric: 'latency-p50' }),
      checkResult({ targetRps: 200 }),
    ];
    expect(sensitivityNotes({ noise: profile, results: skipped, alpha: 0.01, familySize: 1 })).toEqual([]);
  });
});
