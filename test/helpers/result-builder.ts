/**
 * Builds valid result files (src/results/result-schema.ts) from a few numbers per repetition,
 * with real encoded HDR histograms whose percentiles match the requested ones (within the
 * histogram's 0.1 % resolution). For compare and report tests, fixtures and the gate
 * calibration's synthetic mode. Deterministic: the same spec gives the same file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeLevel } from '../../src/results/level-summary.ts';
import { median } from '../../src/stats/median.ts';
import {
  createLatencyHistogram,
  encodeHistogram,
  mergeEncodedHistograms,
  recordLatencyUs,
  summarizeHistogram,
} from '../../src/stats/latency-histogram.ts';
import {
  type Level,
  type LevelSummary,
  type Repetition,
  type ResourceUsage,
  RESULT_SCHEMA_VERSION,
  type ResultFile,
  ResultFileSchema,
} from '../../src/results/result-schema.ts';

export interface DataPlaneSpec {
  component?: string;
  vcpuPer1kRps: number;
  /** Average memory per instance, bytes. */
  memoryPerInstanceBytes: number;
  instances?: number;
}

export interface RepetitionSpec {
  p99Us: number;
  /** Defaults derive from p99: p50 = p99/4, p90 = p99/2, p99.9 = 1.6·p99. */
  p50Us?: number;
  p90Us?: number;
  p999Us?: number;
  /** Defaults to the level's target rate. */
  achievedRps?: number;
  errorPct?: number;
  valid?: boolean;
  invalidReasons?: string[];
  arm?: string;
  dataPlane?: DataPlaneSpec[];
  /** Host core-seconds per 1,000 requests; null = not measured. Default 0.05. */
  hostCoreSecondsPer1kRequests?: number | null;
  durationMs?: number;
}

export interface LevelSpec {
  targetRps: number;
  repetitions: RepetitionSpec[];
}

export interface TargetSpec {
  name?: string;
  mesh?: string;
  mode?: string;
  version?: string | null;
  platform?: 'kind' | 'existing' | 'local';
  clusterShape?: Record<string, unknown> | null;
}

export interface ResultSpec {
  runId?: string;
  status?: ResultFile['status'];
  createdAt?: string;
  target?: TargetSpec;
  scenario?: { name?: string; contentHash?: string };
  environment?: Partial<ResultFile['environment']>;
  levels: LevelSpec[];
}

const SAMPLES_PER_HISTOGRAM = 1000;
const DEFAULT_CREATED_AT = '2026-01-15T10:00:00.000Z';

/** Latency at quantile q ∈ (0, 1] from the percentile knots, interpolated on the log scale. */
function quantileFunction(knots: readonly [number, number][]): (q: number) => number {
  return (q) => {
    for (let i = 1; i < knots.length; i++) {
      const [q1, v1] = knots[i] ?? [1, 1];
      const [q0, v0] = knots[i - 1] ?? [0, 1];
      if (q <= q1) {
        const t = (q - q0) / (q1 - q0);
        return Math.exp(Math.log(v0) + t * (Math.log(v1) - Math.log(v0)));
      }
    }
    return knots[knots.length - 1]?.[1] ?? 1;
  };
}

/**
 * An encoded histogram of SAMPLES_PER_HISTOGRAM values whose p50/p90/p99/p99.9 are the given
 * ones: sample of rank r is Q(r/N), and hdr-histogram-js reads percentile P at rank ⌈P·N⌉.
 */
export function encodedLatencyHistogram(percentiles: { p50Us: number; p90Us: number; p99Us: number; p999Us: number }): string {
  const { p50Us, p90Us, p99Us, p999Us } = percentiles;
  const q = quantileFunction([
    [0, Math.max(1, p50Us * 0.6)],
    [0.5, p50Us],
    [0.9, Math.max(p90Us, p50Us)],
    [0.99, Math.max(p99Us, p90Us)],
    [0.999, Math.max(p999Us, p99Us)],
    [1, Math.max(p999Us, p99Us) * 1.2],
  ]);
  const histogram = createLatencyHistogram();
  for (let r = 1; r <= SAMPLES_PER_HISTOGRAM; r++) recordLatencyUs(histogram, q(r / SAMPLES_PER_HISTOGRAM));
  return encodeHistogram(histogram);
}

const histogramCache = new Map<string, string>();

function cachedHistogram(p: { p50Us: number; p90Us: number; p99Us: number; p999Us: number }): string {
  const key = `${p.p50Us}/${p.p90Us}/${p.p99Us}/${p.p999Us}`;
  let encoded = histogramCache.get(key);
  if (!encoded) {
    encoded = encodedLatencyHistogram(p);
    histogramCache.set(key, encoded);
  }
  return encoded;
}

function resourcesOf(spec: RepetitionSpec, achievedRps: number, durationMs: number): ResourceUsage[] {
  return (spec.dataPlane ?? []).map((dp, i) => {
    const instances = dp.instances ?? 2;
    const vcpu = (dp.vcpuPer1kRps * achievedRps) / 1000;
    return {
      component: dp.component ?? (i === 0 ? 'istio-proxy' : `proxy-${i}`),
      role: 'data-plane',
      instances: Array.from({ length: instances }, (_, k) => `bench/order-${k}/istio-proxy`),
      cpuCoreSeconds: (vcpu * durationMs) / 1000,
      vcpu,
      vcpuPer1kRps: dp.vcpuPer1kRps,
      memoryAvgBytes: dp.memoryPerInstanceBytes * instances,
      memoryMaxBytes: dp.memoryPerInstanceBytes * instances * 1.05,
      memoryPerInstanceAvgBytes: dp.memoryPerInstanceBytes,
      samples: 10,
      source: 'kubelet-summary',
    };
  });
}

/** One repetition; its latency summary is read back from its own histogram. */
export function buildRepetition(spec: RepetitionSpec, at: { index: number; targetRps: number; windowStartMs: number }): Repetition {
  const durationMs = spec.durationMs ?? 10_000;
  const achievedRps = spec.achievedRps ?? at.targetRps;
  const p = {
    p50Us: Math.round(spec.p50Us ?? spec.p99Us / 4),
    p90Us: Math.round(spec.p90Us ?? spec.p99Us / 2),
    p99Us: Math.round(spec.p99Us),
    p999Us: Math.round(spec.p999Us ?? spec.p99Us * 1.6),
  };
  const encoded = cachedHistogram(p);
  const latency = summarizeHistogram(mergeEncodedHistograms([encoded]));
  const sent = Math.round((achievedRps * durationMs) / 1000);
  const errorPct = spec.errorPct ?? 0;
  const errors = Math.round((sent * errorPct) / 100);
  const hostPer1k = spec.hostCoreSecondsPer1kRequests === undefined ? 0.05 : spec.hostCoreSecondsPer1kRequests;
  return {
    index: at.index,
    arm: spec.arm ?? '',
    startedAt: new Date(at.windowStartMs - 1000).toISOString(),
    windowStartMs: at.windowStartMs,
    windowEndMs: at.windowStartMs + durationMs,
    durationMs,
    targetRps: at.targetRps,
    achievedRps,
    requests: { scheduled: sent, sent, completed: sent, ok: sent - errors, errors, dropped: 0 },
    statusCounts: errors > 0 ? { '200': sent - errors, '503': errors } : { '200': sent },
    errorCounts: {},
    errorPct,
    latency,
    serviceTime: latency,
    histograms: { latencyUs: encoded, serviceTimeUs: encoded },
    generator: {
      engine: 'open',
      arrival: 'uniform',
      agents: 1,
      connections: 16,
      schedulerLagUs: { p50: 20, p99: 150, max: 900 },
      lateSends: 0,
      dropped: 0,
      cpuCoreSeconds: durationMs / 4000,
      cpuUtilization: 0.25,
      cpuCoreSecondsPer1kRequests: sent > 0 ? (durationMs / 4000 / sent) * 1000 : null,
    },
    resources: resourcesOf(spec, achievedRps, durationMs),
    hostCpu:
      hostPer1k === null
        ? null
        : { cores: 8, busyCoreSeconds: (hostPer1k * sent) / 1000, utilization: 0.3, coreSecondsPer1kRequests: hostPer1k },
    valid: spec.valid ?? true,
    invalidReasons: spec.valid === false ? (spec.invalidReasons ?? ['achieved rate 90 % of target']) : [],
    warnings: [],
  };
}

function levelSummary(reps: readonly Repetition[]): LevelSummary {
  const valid = reps.filter((r) => r.valid);
  if (valid.length === 0) return summarizeLevel([]);
  const merged = mergeEncodedHistograms(valid.map((r) => r.histograms.latencyUs));
  const encoded = encodeHistogram(merged);
  const dp = (r: Repetition) => r.resources.filter((x) => x.role === 'data-plane');
  return {
    validRepetitions: valid.length,
    latency: summarizeHistogram(merged),
    serviceTime: summarizeHistogram(merged),
    histograms: { latencyUs: encoded, serviceTimeUs: encoded },
    achievedRpsMedian: median(valid.map((r) => r.achievedRps)),
    errorPctMedian: median(valid.map((r) => r.errorPct)),
    dataPlaneVcpuPer1kRpsMedian: median(
      valid.map((r) => (dp(r).length ? dp(r).reduce((s, x) => s + (x.vcpuPer1kRps ?? 0), 0) : null)),
    ),
    dataPlaneMemoryPerInstanceBytesMedian: median(
      valid.map((r) => (dp(r).length ? dp(r).reduce((s, x) => s + x.memoryPerInstanceAvgBytes, 0) / dp(r).length : null)),
    ),
    hostCoreSecondsPer1kRequestsMedian: median(valid.map((r) => r.hostCpu?.coreSecondsPer1kRequests ?? null)),
  };
}

/** A complete, schema-valid result file. Levels run one after the other; repetitions 11 s apart. */
export function buildResultFile(spec: ResultSpec): ResultFile {
  const createdAt = spec.createdAt ?? DEFAULT_CREATED_AT;
  const t0 = Date.parse(createdAt) + 60_000;
  const target = spec.target ?? {};
  const mesh = target.mesh ?? 'istio';
  const version = target.version === undefined ? (mesh === 'none' ? null : '1.23.4') : target.version;
  let slot = 0;
  const levels: Level[] = spec.levels.map((level, levelIndex) => {
    const repetitions = level.repetitions.map((rep, index) => {
      const windowStartMs = t0 + slot * 11_000;
      slot++;
      return buildRepetition(rep, { index, targetRps: level.targetRps, windowStartMs });
    });
    return { index: levelIndex, targetRps: level.targetRps, repetitions, summary: levelSummary(repetitions) };
  });
  const result: ResultFile = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId: spec.runId ?? 'run-0001',
    createdAt,
    updatedAt: new Date(t0 + slot * 11_000).toISOString(),
    status: spec.status ?? 'complete',
    harness: { version: '0.1.0', gitSha: null, node: 'v20.20.2' },
    target: {
      name: target.name ?? (mesh === 'none' ? 'baseline' : `${mesh}-${target.mode ?? 'ambient'}`),
      mesh,
      mode: target.mode ?? (mesh === 'none' ? 'none' : 'ambient'),
      version,
      runningVersion: version,
      platform: target.platform ?? 'kind',
      clusterShape: target.clusterShape === undefined ? { workers: 2, kubeProxyMode: 'iptables' } : target.clusterShape,
      kubernetesVersion: 'v1.34.0',
      kindVersion: 'v0.30.0',
      spec: {},
    },
    scenario: {
      name: spec.scenario?.name ?? 'steady',
      contentHash: spec.scenario?.contentHash ?? 'sha256:5f1d3c0a9b8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e',
      spec: {},
    },
    environment: {
      hostname: 'ci-runner-1',
      cpuModel: 'AMD EPYC 7763 64-Core Processor',
      cores: 8,
      memoryBytes: 32 * 1024 ** 3,
      kernel: '6.8.0-1021-azure',
      os: 'linux',
      tools: {},
      ...spec.environment,
    },
    verification: { verified: true, skipped: false, checks: [] },
    levels,
    valid: levels.every((l) => l.repetitions.every((r) => r.valid)),
    warnings: [],
  };
  return ResultFileSchema.parse(result);
}

import { seededRandom } from '../../src/load/seeded-random.ts';

export { seededRandom };

/** A standard normal draw (Box-Muller). */
export function standardNormal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface NoisyRepetitionsOptions {
  count: number;
  /** Median per-repetition p99. */
  p99Us: number;
  /** Run-to-run coefficient of variation of p99 (SD of ln p99), %. */
  cvPct: number;
  seed: number;
  /** Multiply every p99 (e.g. 1.2 for an injected +20 % regression). */
  p99Factor?: number;
  dataPlane?: { vcpuPer1kRps: number; memoryPerInstanceBytes: number; cvPct: number };
  arm?: string;
}

/** Repetitions with log-normal run-to-run noise on every latency percentile (shared factor). */
export function noisyRepetitions(options: NoisyRepetitionsOptions): RepetitionSpec[] {
  const random = seededRandom(options.seed);
  const sd = options.cvPct / 100;
  return Array.from({ length: options.count }, () => {
    const factor = Math.exp(sd * standardNormal(random)) * (options.p99Factor ?? 1);
    const p99Us = options.p99Us * factor;
    const lowFactor = Math.exp((sd / 3) * standardNormal(random));
    const rep: RepetitionSpec = {
      p99Us,
      p50Us: (options.p99Us / 4) * lowFactor,
      p90Us: (options.p99Us / 2) * lowFactor,
      p999Us: p99Us * 1.6 * Math.exp(sd * standardNormal(random)),
      hostCoreSecondsPer1kRequests: 0.05 * Math.exp(0.01 * standardNormal(random)),
    };
    if (options.arm !== undefined) rep.arm = options.arm;
    if (options.dataPlane) {
      const dp = options.dataPlane;
      rep.dataPlane = [
        {
          vcpuPer1kRps: dp.vcpuPer1kRps * Math.exp((dp.cvPct / 100) * standardNormal(random)),
          memoryPerInstanceBytes: dp.memoryPerInstanceBytes * Math.exp((dp.cvPct / 100) * standardNormal(random)),
        },
      ];
    }
    return rep;
  });
}

/** Writes a result file as pretty JSON and returns its path. */
export function writeResultJson(options: { dir: string; name: string; result: ResultFile }): string {
  mkdirSync(options.dir, { recursive: true });
  const path = join(options.dir, options.name);
  writeFileSync(path, `${JSON.stringify(options.result, null, 2)}\n`);
  return path;
}
