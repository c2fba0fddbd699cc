/**
 * Synthetic, schema-valid result files for the report tests: latency drawn from a seeded
 * log-normal with a rare slow tail and recorded into real µs HDR histograms, resources and host
 * CPU in plausible proportions. `realisticReportSources()` looks like a kind run of baseline,
 * istio-sidecar and istio-ambient (used for the screenshot in docs/).
 */
import { createLatencyHistogram, encodeHistogram, recordLatencyUs, summarizeHistogram } from '../../src/stats/latency-histogram.ts';
import type { Repetition, ResourceUsage, ResultFile } from '../../src/results/result-schema.ts';
import { ResultFileSchema } from '../../src/results/result-schema.ts';
import { seededRandom } from '../../src/load/seeded-random.ts';
import { summarizeLevel } from '../../src/results/level-summary.ts';
import type { ReportSource } from '../../src/report/report-model.ts';

const MIB = 1024 * 1024;

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A data-plane component of a synthetic target. */
export interface SyntheticComponent {
  component: string;
  instances: number;
  vcpuPer1kRps: number;
  memoryPerInstanceMib: number;
}

/** Marks one repetition invalid (or saturated) with a reason. */
export interface SyntheticInvalid {
  levelRps: number;
  repetition: number;
  reason: string;
  /** Also make the generator look saturated (lag, late sends, CPU). */
  saturated?: boolean;
}

export interface SyntheticTargetOptions {
  name: string;
  mesh: string;
  mode: string;
  version: string | null;
  platform?: ResultFile['target']['platform'];
  levelsRps: number[];
  repetitions: number;
  /** Median latency at a very low rate, µs. */
  medianUs: number;
  /** Extra median per 1,000 rps (queueing), µs. */
  medianGrowthUsPer1kRps?: number;
  /** Log-normal sigma. */
  sigma: number;
  /** Probability of a slow-tail request and its mean extra latency. */
  tailProbability?: number;
  tailMeanUs?: number;
  seed: number;
  samplesPerRepetition?: number;
  dataPlane?: SyntheticComponent[];
  hostCoreSecondsPer1kRequests: number;
  invalid?: SyntheticInvalid[];
  scenarioHash?: string;
  scenarioName?: string;
  /** Interleaved A/B arms: every repetition index is run once per arm. */
  arms?: string[];
  runId?: string;
  verification?: ResultFile['verification'];
  status?: ResultFile['status'];
  /** Mesh spec stored as target.spec.mesh (proxy concurrency etc.). */
  meshSpec?: Record<string, unknown>;
  startMs?: number;
}

const DEFAULT_SCENARIO_HASH = 'sha256:4f0c1d2e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d';

function histogramFor(options: { random: () => number; samples: number; medianUs: number; sigma: number; tailProbability: number; tailMeanUs: number }) {
  const latency = createLatencyHistogram();
  const service = createLatencyHistogram();
  const mu = Math.log(options.medianUs);
  for (let i = 0; i < options.samples; i++) {
    let serviceUs = Math.exp(mu + options.sigma * normal(options.random));
    if (options.random() < options.tailProbability) serviceUs += -Math.log(Math.max(options.random(), 1e-12)) * options.tailMeanUs;
    // Queueing behind a slow request shows only in the corrected latency.
    const queuedUs = options.random() < 0.01 ? options.random() * options.tailMeanUs * 0.5 : 0;
    recordLatencyUs(service, serviceUs);
    recordLatencyUs(latency, serviceUs + queuedUs);
  }
  return { latency, service };
}

function resourcesFor(options: { components: readonly SyntheticComponent[]; achievedRps: number; durationS: number; random: () => number }): ResourceUsage[] {
  return options.components.map((c) => {
    const jitter = 1 + (options.random() - 0.5) * 0.06;
    const vcpuPer1kRps = c.vcpuPer1kRps * jitter;
    const vcpu = (vcpuPer1kRps * options.achievedRps) / 1000;
    const perInstance = c.memoryPerInstanceMib * MIB * (1 + (options.random() - 0.5) * 0.02);
    return {
      component: c.component,
      role: 'data-plane',
      instances: Array.from({ length: c.instances }, (_, i) => `mb-run/${c.component}-${i}/istio-proxy`),
      cpuCoreSeconds: vcpu * options.durationS,
      vcpu,
      vcpuPer1kRps,
      memoryAvgBytes: perInstance * c.instances,
      memoryMaxBytes: perInstance * c.instances * 1.05,
      memoryPerInstanceAvgBytes: perInstance,
      samples: options.durationS,
      source: 'kubelet-summary',
    };
  });
}

/** Builds one schema-valid result file. */
export function buildSyntheticResult(options: SyntheticTargetOptions): ResultFile {
  const random = seededRandom(options.seed);
  const platform = options.platform ?? 'kind';
  const durationS = 30;
  const arms = options.arms ?? [''];
  let clockMs = options.startMs ?? Date.UTC(2026, 10, 20, 9, 0, 0);
  const levels = options.levelsRps.map((rps, levelIndex) => {
    const repetitions: Repetition[] = [];
    for (let index = 0; index < options.repetitions; index++) {
      for (const arm of arms) {
        const armShift = arm && arms.indexOf(arm) > 0 ? 1.04 : 1;
        const invalid = options.invalid?.find((x) => x.levelRps === rps && x.repetition === index);
        const medianUs = (options.medianUs + ((options.medianGrowthUsPer1kRps ?? 60) * rps) / 1000) * armShift * (1 + (random() - 0.5) * 0.04);
        const { latency, service } = histogramFor({
          random,
          samples: options.samplesPerRepetition ?? 4000,
          medianUs,
          sigma: options.sigma,
          tailProbability: options.tailProbability ?? 0.002,
          tailMeanUs: options.tailMeanUs ?? 4000,
        });
        const achievedRps = invalid ? rps * 0.93 : rps * (0.998 + random() * 0.002);
        const sent = Math.round(rps * durationS);
        const completed = Math.round(achievedRps * durationS);
        const windowStartMs = clockMs + 10_000;
        clockMs = windowStartMs + durationS * 1000 + 2_000;
        repetitions.push({
          index,
          arm,
          startedAt: new Date(windowStartMs - 10_000).toISOString(),
          windowStartMs,
          windowEndMs: windowStartMs + durationS * 1000,
          durationMs: durationS * 1000,
          targetRps: rps,
          achievedRps,
          requests: { scheduled: sent, sent, completed, ok: completed, errors: 0, dropped: 0 },
          statusCounts: { '200': completed },
          errorCounts: {},
          errorPct: 0,
          latency: summarizeHistogram(latency),
          serviceTime: summarizeHistogram(service),
          histograms: { latencyUs: encodeHistogram(latency), serviceTimeUs: encodeHistogram(service) },
          generator: {
            engine: 'open',
            arrival: 'uniform',
            agents: 1,
            connections: 16,
            schedulerLagUs: invalid?.saturated ? { p50: 900, p99: 14_000, max: 48_000 } : { p50: 40, p99: 310 + Math.round(random() * 100), max: 2_100 },
            lateSends: invalid?.saturated ? Math.round(sent * 0.08) : Math.round(sent * 0.0004),
            dropped: 0,
            cpuCoreSeconds: durationS * (invalid?.saturated ? 0.97 : (0.12 * rps) / 1000),
            cpuUtilization: invalid?.saturated ? 0.97 : (0.12 * rps) / 1000,
            cpuCoreSecondsPer1kRequests: 0.12,
          },
          resources: resourcesFor({ components: options.dataPlane ?? [], achievedRps, durationS, random }),
          hostCpu: {
            cores: 4,
            busyCoreSeconds: (options.hostCoreSecondsPer1kRequests * completed) / 1000,
            utilization: (options.hostCoreSecondsPer1kRequests * achievedRps) / 1000 / 4,
            coreSecondsPer1kRequests: options.hostCoreSecondsPer1kRequests * (1 + (random() - 0.5) * 0.05),
          },
          valid: !invalid,
          invalidReasons: invalid ? [invalid.reason] : [],
          warnings: [],
        });
      }
    }
    return { index: levelIndex, targetRps: rps, repetitions, summary: emptySummary(repetitions.filter((r) => r.valid).length) };
  });
  const result: ResultFile = {
    schemaVersion: '1.0',
    runId: options.runId ?? `run-${options.name}-${options.seed}`,
    createdAt: new Date(options.startMs ?? Date.UTC(2026, 10, 20, 9, 0, 0)).toISOString(),
    updatedAt: new Date(clockMs).toISOString(),
    status: options.status ?? 'complete',
    harness: { version: '0.1.0', gitSha: 'deee457c0ffee', node: 'v20.20.2' },
    target: {
      name: options.name,
      mesh: options.mesh,
      mode: options.mode,
      version: options.version,
      runningVersion: options.version,
      platform,
      clusterShape: platform === 'kind' ? { workers: 2, kubeProxyMode: 'iptables' } : null,
      kubernetesVersion: platform === 'local' ? null : 'v1.34.0',
      kindVersion: platform === 'kind' ? 'v0.30.0' : null,
      spec: { mesh: options.meshSpec ?? { name: options.mesh, mode: options.mode } },
    },
    scenario: {
      name: options.scenarioName ?? 'default',
      contentHash: options.scenarioHash ?? DEFAULT_SCENARIO_HASH,
      spec: { features: { mtls: 'strict', l7: false }, validity: { maxSchedulerLagP99Us: 5000, maxRateShortfallPct: 1, maxErrorPct: 1 } },
    },
    environment: {
      hostname: 'bench-host',
      cpuModel: 'AMD EPYC 7763 64-Core Processor',
      cores: 4,
      memoryBytes: 16 * 1024 * MIB,
      kernel: '6.8.0-1017-azure',
      os: 'linux',
      tools: { kind: 'v0.30.0', kubectl: 'v1.34.0' },
    },
    verification: options.verification ?? { verified: true, skipped: false, checks: [] },
    levels,
    valid: true,
    warnings: [],
  };
  return ResultFileSchema.parse(result);
}

function emptySummary(validRepetitions: number): ResultFile['levels'][number]['summary'] {
  return { ...summarizeLevel([]), validRepetitions };
}

const MTLS_CHECK = {
  name: 'mTLS STRICT: plaintext refused',
  passed: true,
  evidence: [
    'probe pod mb-probe/curl (namespace not enrolled) → http://order-service.mb-run:8080/healthz',
    'curl: (56) Recv failure: Connection reset by peer (exit 56)',
    'meshed client → order-service: 200 OK',
  ],
};

/** Baseline + istio-sidecar + istio-ambient on kind, 3 levels × 3 repetitions; one sidecar rep saturated. */
export function realisticReportSources(): ReportSource[] {
  const levelsRps = [200, 500, 1000];
  const common = { levelsRps, repetitions: 3, platform: 'kind' as const, samplesPerRepetition: 6000 };
  const baseline = buildSyntheticResult({
    ...common,
    name: 'baseline',
    mesh: 'none',
    mode: 'none',
    version: null,
    medianUs: 310,
    sigma: 0.3,
    seed: 11,
    hostCoreSecondsPer1kRequests: 0.21,
    verification: { verified: true, skipped: false, checks: [{ name: 'no proxy in workload pods', passed: true, evidence: ['order-service-5c9d7: containers [order-service]'] }] },
  });
  const sidecar = buildSyntheticResult({
    ...common,
    name: 'istio-sidecar',
    mesh: 'istio',
    mode: 'sidecar',
    version: '1.28.1',
    medianUs: 890,
    medianGrowthUsPer1kRps: 140,
    sigma: 0.36,
    tailMeanUs: 6000,
    seed: 22,
    meshSpec: { name: 'istio', mode: 'sidecar', version: '1.28.1', profile: 'default', proxyConcurrency: 2 },
    dataPlane: [{ component: 'istio-proxy', instances: 2, vcpuPer1kRps: 0.42, memoryPerInstanceMib: 52 }],
    hostCoreSecondsPer1kRequests: 0.66,
    invalid: [{ levelRps: 1000, repetition: 2, reason: 'achieved 930 rps < 990 rps (target 1,000 rps − 1%)', saturated: true }],
    verification: {
      verified: true,
      skipped: false,
      checks: [{ name: 'sidecar injected', passed: true, evidence: ['order-service-7d9f4: istio-proxy (native sidecar, initContainers)', 'load-agent-0: istio-proxy'] }, MTLS_CHECK],
    },
  });
  const ambient = buildSyntheticResult({
    ...common,
    name: 'istio-ambient',
    mesh: 'istio',
    mode: 'ambient',
    version: '1.28.1',
    medianUs: 420,
    medianGrowthUsPer1kRps: 80,
    sigma: 0.32,
    seed: 33,
    meshSpec: { name: 'istio', mode: 'ambient', version: '1.28.1', profile: 'ambient', proxyConcurrency: 2 },
    dataPlane: [{ component: 'ztunnel', instances: 2, vcpuPer1kRps: 0.17, memoryPerInstanceMib: 14 }],
    hostCoreSecondsPer1kRequests: 0.38,
    verification: {
      verified: true,
      skipped: false,
      checks: [
        { name: 'namespace enrolled (istio.io/dataplane-mode=ambient)', passed: true, evidence: ['namespace mb-run labels: istio.io/dataplane-mode=ambient', 'ztunnel-x7k2p, ztunnel-q9d4m ready on workload nodes'] },
        MTLS_CHECK,
      ],
    },
  });
  return [
    { path: 'results/baseline.json', result: baseline },
    { path: 'results/istio-sidecar.json', result: sidecar },
    { path: 'results/istio-ambient.json', result: ambient },
  ];
}
