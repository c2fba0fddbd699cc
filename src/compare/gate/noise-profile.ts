/**
 * The noise profile of a setup, measured by an interleaved A/A batch (`bench calibrate`): per
 * level and metric, how much per-window values spread unpaired and within pairs, how much of a
 * latency quantile's spread is sampling noise of the window (which longer windows shrink) and
 * how much is drift (which only pairing and more repetitions beat). Built from two arm files of
 * one batch; pure. docs/gate.md "Noise calibration" has the formulas and sources.
 */
import * as z from 'zod';
import { CONFIG_API_VERSION } from '../../config/scenario-schema.ts';
import { decodeHistogram } from '../../stats/latency-histogram.ts';
import type { Repetition } from '../../results/result-schema.ts';
import { normalQuantile } from '../../stats/standard-normal.ts';
import { METRICS, type MetricId } from './metric-definitions.ts';
import { pairSides } from './pairing.ts';
import { type PooledSide, poolSide, type ResultSource } from './repetition-pool.ts';
import { repetitionValue } from './repetition-value.ts';

/** Version of the noise profile format; bumped on breaking changes. */
export const NOISE_PROFILE_FORMAT_VERSION = 1;

const MetricNoiseSchema = z.object({
  metric: z.string(),
  estimator: z.enum(['window', 'harrell-davis']),
  /** Pairs with a value on both arms. */
  pairs: z.number().int().nonnegative(),
  /** Sample sd of ln(value) over the windows of one arm (pooled over both arms). */
  sdLogUnpaired: z.number().nonnegative().nullable(),
  /** Sample sd of the within-pair ln ratio ln(b/a). */
  sdLogPaired: z.number().nonnegative().nullable(),
  /** Lag-1 autocorrelation of ln(value) along the measurement order (drift shows as > 0). */
  lag1Autocorrelation: z.number().nullable(),
  /** Latency quantiles: sd of ln(q̂) from sampling within a window alone, √(p(1−p)/n)/(f(q)·q). */
  samplingSdLog: z.number().nonnegative().nullable(),
  /** √(max(0, sdLogUnpaired² − samplingSdLog²)): what longer windows do not remove. */
  driftSdLog: z.number().nonnegative().nullable(),
  /** √(max(0, sdLogPaired² − 2·samplingSdLog²)): the part of the pair difference that is not sampling. */
  pairedDriftSdLog: z.number().nonnegative().nullable(),
});
export type MetricNoise = z.infer<typeof MetricNoiseSchema>;

/** A noise profile file (JSON). */
export const NoiseProfileSchema = z.object({
  apiVersion: z.literal(CONFIG_API_VERSION),
  kind: z.literal('NoiseProfile'),
  formatVersion: z.literal(NOISE_PROFILE_FORMAT_VERSION),
  createdAt: z.string(),
  target: z.string(),
  platform: z.string(),
  scenario: z.object({ name: z.string(), contentHash: z.string() }),
  batchId: z.string(),
  /** Measured window length and the time one window costs including warm-up and gaps. */
  windowMs: z.number().positive(),
  windowCostMs: z.number().positive(),
  levels: z.array(
    z.object({
      targetRps: z.number().nonnegative(),
      /** Median completed requests per window. */
      requestsPerWindow: z.number().nonnegative(),
      metrics: z.array(MetricNoiseSchema),
    }),
  ),
});
export type NoiseProfile = z.infer<typeof NoiseProfileSchema>;

const QUANTILES: Partial<Record<MetricId, number>> = { 'latency-p50': 0.5, 'latency-p90': 0.9, 'latency-p99': 0.99, 'latency-p999': 0.999 };

function sd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

function lag1(values: readonly number[]): number | null {
  if (values.length < 3) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    den += (v - mean) ** 2;
    if (i > 0) num += (v - mean) * ((values[i - 1] ?? mean) - mean);
  });
  return den > 0 ? num / den : null;
}

function medianOf(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/**
 * Sampling sd of ln(q̂_p) for one window: the asymptotic variance p(1−p)/(n·f(q)²) of a sample
 * quantile (e.g. Serfling 1980, §2.3.3), with the density from the histogram's own quantiles,
 * f(q) ≈ 2h / (Q(p+h) − Q(p−h)), divided by q for the log scale.
 */
export function quantileSamplingSdLog(rep: Repetition, p: number): number | null {
  const n = rep.latency.count;
  if (n < 10) return null;
  let h: ReturnType<typeof decodeHistogram>;
  try {
    h = decodeHistogram(rep.histograms.latencyUs);
  } catch {
    return null;
  }
  const half = Math.min(0.01, (1 - p) / 2, p / 2);
  const q = h.getValueAtPercentile(p * 100);
  const spread = h.getValueAtPercentile((p + half) * 100) - h.getValueAtPercentile((p - half) * 100);
  if (!(q > 0) || !(spread > 0)) return null;
  const sdQ = Math.sqrt((p * (1 - p)) / n) * (spread / (2 * half));
  return sdQ / q;
}

function pooledOf(sources: readonly ResultSource[], arm: string, side: 'base' | 'head'): PooledSide {
  return poolSide({ side, sources: sources.filter((s) => s.result.levels.some((l) => l.repetitions.some((r) => r.arm === arm))), arm });
}

/** Builds the profile from the two arm files of one A/A batch (valid pairs only). */
export function buildNoiseProfile(options: {
  sources: readonly ResultSource[];
  metrics?: readonly { metric: MetricId; estimator: 'window' | 'harrell-davis' }[];
  createdAt: string;
}): NoiseProfile {
  const first = options.sources[0]?.result;
  if (!first?.batch || first.batch.arms.length < 2) throw new RangeError('a noise profile needs the two arm files of one interleaved A/A batch');
  const [armA, armB] = first.batch.arms;
  const base = pooledOf(options.sources, armA ?? '', 'base');
  const head = pooledOf(options.sources, armB ?? '', 'head');
  const pairing = pairSides({ base, head });
  if (!pairing.paired) throw new RangeError(`cannot pair the A/A arms: ${pairing.reason}`);
  const metrics = options.metrics ?? [
    { metric: 'latency-p50', estimator: 'window' },
    { metric: 'latency-p99', estimator: 'window' },
    { metric: 'latency-p99', estimator: 'harrell-davis' },
    { metric: 'dataplane-vcpu-per-1k-rps', estimator: 'window' },
    { metric: 'achieved-rps', estimator: 'window' },
  ];
  const allReps = [...pairing.levels.values()].flat().flatMap((p) => [p.base, p.head]);
  const windowMs = medianOf(allReps.map((r) => r.durationMs));
  const sequenced = allReps.filter((r) => r.sequence !== undefined).sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  const span = sequenced.length > 1 ? (sequenced.at(-1)?.windowEndMs ?? 0) - (sequenced[0]?.windowStartMs ?? 0) : windowMs;
  const windowCostMs = sequenced.length > 1 ? span / sequenced.length : windowMs;
  const levels = [...pairing.levels].map(([targetRps, pairs]) => {
    const valid = pairs.filter((p) => p.base.valid && p.head.valid);
    const rows = metrics.map(({ metric, estimator }): MetricNoise => {
      const check = { metric, estimator };
      const values = valid
        .map((p) => ({ a: repetitionValue(check, p.base), b: repetitionValue(check, p.head), p }))
        .filter((v): v is { a: number; b: number; p: (typeof valid)[number] } => v.a !== null && v.b !== null && v.a > 0 && v.b > 0);
      const la = values.map((v) => Math.log(v.a));
      const lb = values.map((v) => Math.log(v.b));
      const sa = sd(la);
      const sb = sd(lb);
      const unpaired = sa !== null && sb !== null ? Math.sqrt((sa * sa + sb * sb) / 2) : null;
      const paired = sd(values.map((v) => Math.log(v.b) - Math.log(v.a)));
      const ac = [lag1(la), lag1(lb)].filter((x): x is number => x !== null);
      const quantile = QUANTILES[metric];
      let sampling: number | null = null;
      if (quantile !== undefined && estimator === 'window') {
        const each = values.flatMap((v) => [quantileSamplingSdLog(v.p.base, quantile), quantileSamplingSdLog(v.p.head, quantile)]).filter((x): x is number => x !== null);
        sampling = each.length > 0 ? Math.sqrt(each.reduce((a, x) => a + x * x, 0) / each.length) : null;
      }
      const rest = (total: number | null, part: number | null) => (total === null || part === null ? null : Math.sqrt(Math.max(0, total * total - part * part)));
      return {
        metric: METRICS[metric].id,
        estimator,
        pairs: values.length,
        sdLogUnpaired: unpaired,
        sdLogPaired: paired,
        lag1Autocorrelation: ac.length > 0 ? ac.reduce((a, b) => a + b, 0) / ac.length : null,
        samplingSdLog: sampling,
        driftSdLog: rest(unpaired, sampling),
        pairedDriftSdLog: rest(paired, sampling === null ? null : Math.SQRT2 * sampling),
      };
    });
    return { targetRps, requestsPerWindow: medianOf(valid.flatMap((p) => [p.base.requests.completed, p.head.requests.completed])), metrics: rows };
  });
  return {
    apiVersion: CONFIG_API_VERSION,
    kind: 'NoiseProfile',
    formatVersion: NOISE_PROFILE_FORMAT_VERSION,
    createdAt: options.createdAt,
    target: first.target.name,
    platform: first.target.platform,
    scenario: { name: first.scenario.name, contentHash: first.scenario.contentHash },
    batchId: first.batch.id,
    windowMs,
    windowCostMs,
    levels,
  };
}

/**
 * sd of the within-pair ln ratio at another window length: sampling variance scales with
 * 1/(requests per window), the rest stays (docs/gate.md "Noise calibration").
 */
export function pairedSdAt(noise: MetricNoise, options: { windowMs: number; profileWindowMs: number }): number | null {
  if (noise.sdLogPaired === null) return null;
  if (noise.samplingSdLog === null || noise.pairedDriftSdLog === null) return noise.sdLogPaired;
  const samplingVar = 2 * noise.samplingSdLog ** 2 * (options.profileWindowMs / options.windowMs);
  return Math.sqrt(samplingVar + noise.pairedDriftSdLog ** 2);
}

/**
 * Smallest true shift (in %) the one-sided paired signed-rank test detects with the given power
 * at level α with n pairs: δ = (z₁₋α + z₁₋β)·σ_d / √(n·3/π) on the log scale, 3/π being the
 * signed-rank test's asymptotic relative efficiency against the t-test for normal differences
 * (Lehmann, Nonparametrics, 1975, §4.2); the usual normal-theory sample-size formula.
 */
export function minimumDetectablePct(options: { sdLog: number; pairs: number; alpha: number; power: number }): number {
  const { sdLog, pairs, alpha, power } = options;
  const z = normalQuantile(1 - alpha) + normalQuantile(power);
  const delta = (z * sdLog) / Math.sqrt(pairs * (3 / Math.PI));
  // The exact test cannot reject below 2^-n: no shift is detectable with too few pairs.
  if (2 ** -pairs > alpha) return Number.POSITIVE_INFINITY;
  return (Math.exp(delta) - 1) * 100;
}

/** One candidate design for a time budget. */
export interface DesignChoice {
  windowMs: number;
  pairs: number;
  mdePct: number;
}

/**
 * Picks window length and pairs for a time budget: every window (of both arms) costs its length
 * plus the profile's fixed overhead per window; the design with the smallest detectable shift of
 * the metric wins.
 */
export function planForBudget(options: {
  budgetMs: number;
  noise: MetricNoise;
  profile: Pick<NoiseProfile, 'windowMs' | 'windowCostMs'>;
  alpha: number;
  power: number;
  windowsMs?: readonly number[];
}): { best: DesignChoice | null; candidates: DesignChoice[] } {
  const overheadMs = Math.max(0, options.profile.windowCostMs - options.profile.windowMs);
  const candidates: DesignChoice[] = [];
  for (const windowMs of options.windowsMs ?? [3000, 5000, 10_000, 20_000, 30_000, 60_000]) {
    const pairs = Math.floor(options.budgetMs / (2 * (windowMs + overheadMs)));
    if (pairs < 2) continue;
    const sdLog = pairedSdAt(options.noise, { windowMs, profileWindowMs: options.profile.windowMs });
    if (sdLog === null) continue;
    candidates.push({ windowMs, pairs, mdePct: minimumDetectablePct({ sdLog, pairs, alpha: options.alpha, power: options.power }) });
  }
  const best = candidates.reduce<DesignChoice | null>((acc, c) => (acc === null || c.mdePct < acc.mdePct ? c : acc), null);
  return { best, candidates };
}
