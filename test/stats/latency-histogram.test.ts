import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeEncodedHistograms,
  recordLatencyUs,
  summarizeHistogram,
} from '../../src/stats/latency-histogram.ts';

describe('latency histogram', () => {
  it('summarizes µs values with 3 significant digits', () => {
    const h = createLatencyHistogram();
    for (let v = 1; v <= 10_000; v++) recordLatencyUs(h, v);
    const s = summarizeHistogram(h);
    expect(s.count).toBe(10_000);
    expect(s.p50Us).toBeGreaterThanOrEqual(4_995);
    expect(s.p50Us).toBeLessThanOrEqual(5_005);
    expect(s.p99Us).toBeGreaterThanOrEqual(9_890);
    expect(s.p99Us).toBeLessThanOrEqual(9_910);
    expect(s.minUs).toBe(1);
    expect(s.maxUs).toBeGreaterThanOrEqual(9_995);
  });

  it('rounds and clamps sub-µs values and grows past 60 s', () => {
    const h = createLatencyHistogram();
    recordLatencyUs(h, 0.2);
    recordLatencyUs(h, 120_000_000);
    expect(h.totalCount).toBe(2);
    expect(summarizeHistogram(h).minUs).toBe(1);
    expect(summarizeHistogram(h).maxUs).toBeGreaterThan(119_000_000);
  });

  it('round-trips through the compressed encoding and merges losslessly', () => {
    const a = createLatencyHistogram();
    const b = createLatencyHistogram();
    const all = createLatencyHistogram();
    for (let i = 0; i < 5_000; i++) {
      const x = 100 + ((i * 7919) % 20_000);
      recordLatencyUs(i % 2 ? a : b, x);
      recordLatencyUs(all, x);
    }
    expect(summarizeHistogram(decodeHistogram(encodeHistogram(a)))).toEqual(summarizeHistogram(a));
    expect(summarizeHistogram(mergeEncodedHistograms([encodeHistogram(a), encodeHistogram(b)]))).toEqual(summarizeHistogram(all));
  });

  it('gives zeros for an empty histogram', () => {
    expect(summarizeHistogram(createLatencyHistogram())).toMatchObject({ count: 0, p99Us: 0 });
  });
});
