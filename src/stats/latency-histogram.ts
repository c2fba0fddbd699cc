/**
 * Integer-microsecond HDR histograms (hdr-histogram-js): recording, percentiles, compressed
 * base64 encoding for result files, and merging across repetitions and agents. Pure.
 *
 * Settings are shared by every histogram so that merged counts equal recording every value into
 * one histogram: lowest 1 µs, 3 significant digits (0.1 % resolution), auto-resizing above 60 s.
 */
import type { Histogram } from 'hdr-histogram-js';
// The two modules used, not the package entry: its index also loads the log reader and writer
// (the writer builds an Intl.NumberFormat when loaded, tens of ms) and the recorder. Start-up
// costs: docs/build.md.
import { build } from 'hdr-histogram-js/dist/HistogramBuilder.js';
import { decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js/dist/encoding.js';

export type LatencyHistogram = Histogram;

/** Percentile table of a histogram, integer microseconds (the result file's latency summary). */
export interface HistogramSummary {
  count: number;
  minUs: number;
  meanUs: number;
  p50Us: number;
  p75Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

const LOWEST_US = 1;
const HIGHEST_US = 60_000_000;
const SIGNIFICANT_DIGITS = 3;

export function createLatencyHistogram(): LatencyHistogram {
  return build({
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    bitBucketSize: 32,
    autoResize: true,
    useWebAssembly: false,
  });
}

/** Records a latency in microseconds, rounded to an integer and clamped to ≥ 1 µs. */
export function recordLatencyUs(histogram: LatencyHistogram, latencyUs: number): void {
  histogram.recordValue(latencyUs < 1 ? 1 : Math.round(latencyUs));
}

export function encodeHistogram(histogram: LatencyHistogram): string {
  return encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(base64: string): LatencyHistogram {
  const h = decodeFromCompressedBase64(base64, 32, false);
  h.autoResize = true;
  return h;
}

/** Merges encoded histograms into a new one (lossless: same precision settings). */
export function mergeEncodedHistograms(encoded: readonly string[]): LatencyHistogram {
  const merged = createLatencyHistogram();
  for (const e of encoded) merged.add(decodeHistogram(e));
  return merged;
}

/** Percentile table of a histogram, microseconds. An empty histogram gives zeros and count 0. */
export function summarizeHistogram(histogram: LatencyHistogram): HistogramSummary {
  const count = histogram.totalCount;
  if (count === 0) {
    return { count: 0, minUs: 0, meanUs: 0, p50Us: 0, p75Us: 0, p90Us: 0, p99Us: 0, p999Us: 0, maxUs: 0 };
  }
  const at = (p: number) => histogram.getValueAtPercentile(p);
  return {
    count,
    minUs: histogram.minNonZeroValue,
    meanUs: Math.round(histogram.mean * 10) / 10,
    p50Us: at(50),
    p75Us: at(75),
    p90Us: at(90),
    p99Us: at(99),
    p999Us: at(99.9),
    // The bucket's highest equivalent value, so a decoded histogram reports the same max.
    maxUs: at(100),
  };
}

/** Latency at arbitrary percentiles (for the HDR-style percentile spectrum plot). */
export function percentileSpectrum(histogram: LatencyHistogram, percentiles: readonly number[]): { percentile: number; valueUs: number }[] {
  return percentiles.map((p) => ({ percentile: p, valueUs: histogram.totalCount ? histogram.getValueAtPercentile(p) : 0 }));
}

/**
 * The recorded buckets of a histogram in ascending order: each bucket's median equivalent value
 * (µs) and its count. Input of the Harrell-Davis estimator (src/stats/harrell-davis.ts).
 */
export function recordedBuckets(histogram: LatencyHistogram): { value: number; count: number }[] {
  const out: { value: number; count: number }[] = [];
  const js = histogram as unknown as {
    recordedValuesIterator: { reset(): void; hasNext(): boolean; next(): { valueIteratedTo: number; countAtValueIteratedTo: number } };
    medianEquivalentValue(value: number): number;
  };
  const it = js.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    out.push({ value: js.medianEquivalentValue(v.valueIteratedTo), count: v.countAtValueIteratedTo });
  }
  return out;
}
