import { describe, expect, it } from 'vitest';
import { minimumDetectablePct, type NoiseProfile } from '../../../src/compare/gate/noise-profile.ts';
import { renderNoiseProfile } from '../../../src/compare/render/render-noise-profile.ts';

const p99 = { metric: 'latency-p99', estimator: 'window', pairs: 20, sdLogUnpaired: 0.12, sdLogPaired: 0.08, lag1Autocorrelation: 0.3, samplingSdLog: 0.05, driftSdLog: 0.11, pairedDriftSdLog: 0.04 };
const errors = { metric: 'error-pct', estimator: 'window', pairs: 20, sdLogUnpaired: null, sdLogPaired: null, lag1Autocorrelation: null, samplingSdLog: null, driftSdLog: null, pairedDriftSdLog: null };
const profile = {
  target: 'istio-ambient',
  platform: 'kind',
  scenario: { name: 'steady', contentHash: 'sha256:x' },
  batchId: 'batch-1',
  windowMs: 3000,
  windowCostMs: 4500,
  levels: [{ targetRps: 500, requestsPerWindow: 1500, metrics: [p99, errors] }],
} as unknown as NoiseProfile;

describe('renderNoiseProfile', () => {
  const text = renderNoiseProfile(profile, { alpha: 0.01, power: 0.9 });

  it('states the setup, the test and each level', () => {
    expect(text).toContain('noise profile of istio-ambient on kind, scenario steady: windows of 3 s (4.5 s each with warm-up and gaps), batch batch-1');
    expect(text).toContain('detectable shift: one-sided paired signed-rank at α 0.01, power 90 %');
    expect(text).toContain('500 rps, 1500 requests per window');
  });

  it('gives each metric its spreads and the shift its pairs can detect; — where unknown', () => {
    const mde = minimumDetectablePct({ sdLog: 0.08, pairs: 20, alpha: 0.01, power: 0.9 });
    const row = text.split('\n').find((l) => l.includes('latency-p99 (window)'));
    expect(row).toMatch(new RegExp(`20\\s+0\\.120\\s+0\\.080\\s+0\\.30\\s+0\\.050\\s+0\\.110\\s+${mde.toFixed(1)} %$`));
    expect(text.split('\n').find((l) => l.includes('error-pct (window)'))).toMatch(/—$/);
    expect(text).toMatch(/with other windows \(20 pairs\): 3 s: [\d.]+ %, 10 s: [\d.]+ %, 30 s: [\d.]+ %/);
  });

  it('detects smaller shifts with more pairs', () => {
    const more = renderNoiseProfile(profile, { alpha: 0.01, power: 0.9, pairs: 80 });
    const mde = (t: string) => Number(/([\d.]+) %$/.exec(t.split('\n').find((l) => l.includes('latency-p99 (window)')) ?? '')?.[1]);
    expect(mde(more)).toBeLessThan(mde(text));
  });
});
