/**
 * How much sampling noise each per-window estimator of a latency quantile carries, measured on
 * the histograms of real windows: for every valid window of the given result files, draw
 * bootstrap windows of the same request count from its histogram, and compare the sd of
 * ln(estimate) of the window's own percentile (HDR: smallest value with cumulative share ≥ p)
 * with the Harrell-Davis estimate. Prints the median ratio over windows.
 *
 *   npx tsx bench/estimator-noise.ts results/a.json results/b.json [--p 0.99] [--draws 200]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeHistogram, recordedBuckets } from '../src/stats/latency-histogram.ts';
import { parseResultFile } from '../src/results/result-file.ts';
import { harrellDavisQuantile } from '../src/stats/harrell-davis.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { p: { type: 'string', default: '0.99' }, draws: { type: 'string', default: '200' } } });
const p = Number(values.p);
const draws = Number(values.draws);

// Deterministic PRNG (mulberry32) so the figures can be reproduced.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sdOf(xs: readonly number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

const ratios: number[] = [];
const rawSds: number[] = [];
const hdSds: number[] = [];
let windows = 0;
const random = rng(20_261_206);
for (const file of positionals) {
  const result = parseResultFile(file, readFileSync(file, 'utf8'));
  for (const level of result.levels) {
    for (const rep of level.repetitions) {
      if (!rep.valid || rep.latency.count < 50) continue;
      const buckets = recordedBuckets(decodeHistogram(rep.histograms.latencyUs));
      const n = buckets.reduce((a, b) => a + b.count, 0);
      const cumulative: number[] = [];
      let acc = 0;
      for (const b of buckets) {
        acc += b.count;
        cumulative.push(acc / n);
      }
      const raw: number[] = [];
      const hd: number[] = [];
      for (let d = 0; d < draws; d++) {
        const counts = new Array<number>(buckets.length).fill(0);
        for (let i = 0; i < n; i++) {
          const u = random();
          let lo = 0;
          let hi = cumulative.length - 1;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if ((cumulative[mid] ?? 1) < u) lo = mid + 1;
            else hi = mid;
          }
          counts[lo] = (counts[lo] ?? 0) + 1;
        }
        const sample = buckets.map((b, i) => ({ value: b.value, count: counts[i] ?? 0 })).filter((b) => b.count > 0);
        let seen = 0;
        const rank = Math.ceil(p * n);
        const windowQuantile =
          sample.find((b) => {
            seen += b.count;
            return seen >= rank;
          })?.value ?? Number.NaN;
        raw.push(Math.log(windowQuantile));
        hd.push(Math.log(harrellDavisQuantile({ values: sample, p }) ?? Number.NaN));
      }
      const r = sdOf(raw);
      const h = sdOf(hd);
      rawSds.push(r);
      hdSds.push(h);
      ratios.push(h / r);
      windows++;
    }
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] ?? Number.NaN) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};
console.log(`windows: ${windows}, p ${p}, ${draws} bootstrap windows each`);
console.log(`median sampling sd of ln(q̂): window percentile ${median(rawSds).toFixed(3)}, Harrell-Davis ${median(hdSds).toFixed(3)}`);
console.log(`median ratio HD/window: ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
