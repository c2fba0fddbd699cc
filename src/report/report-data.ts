/**
 * Pools result files into the report's model: one series per target variant (target name, mesh
 * version or A/B arm, platform), one pooled level per target rate. Several files of the same
 * variant are pooled per level: latency histograms are merged across the valid repetitions
 * (pooled percentiles, for display) and per-repetition values are summarised by their median
 * (reference/regression-gating.md). Pure: result objects in, plain data out.
 */
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  type LatencyHistogram,
  percentileSpectrum,
  summarizeHistogram,
} from '../load/latency-histogram.ts';
import type { LatencySummary, Repetition, ResourceUsage, ResultFile } from '../results/result-schema.ts';
import { maxOf, median } from './median.ts';

/** One input: a parsed result file and where it came from (shown in the report). */
export interface ReportSource {
  /** Path or label of the file, as given on the command line. */
  path: string;
  result: ResultFile;
}

/** A repetition together with the file it came from. */
export interface RepetitionRef {
  source: ReportSource;
  repetition: Repetition;
}

/** One point of the HDR percentile spectrum. `percentile` is 0..100. */
export interface SpectrumPoint {
  percentile: number;
  valueUs: number;
}

/** Resources of one component at one level, summarised over the repetitions used. */
export interface ComponentSummary {
  component: string;
  role: ResourceUsage['role'];
  /** Largest number of metered instances seen in one repetition. */
  instances: number;
  vcpuMedian: number | null;
  vcpuPer1kRpsMedian: number | null;
  memoryPerInstanceAvgBytesMedian: number | null;
  memoryMaxBytesMax: number | null;
  source: string;
}

/** Load-generator health at one level, worst case over the repetitions. */
export interface GeneratorSummary {
  schedulerLagP99UsMax: number | null;
  lateSends: number;
  sent: number;
  dropped: number;
  cpuUtilizationMax: number | null;
}

/**
 * Which repetitions the pooled numbers come from: the valid ones, or (when none is valid) all of
 * them, flagged so the report never shows invalid numbers as if they were fine.
 */
export type PooledFrom = 'valid' | 'invalid' | 'none';

/** One rate level of one series, pooled over every file and repetition of that variant. */
export interface PooledLevel {
  targetRps: number;
  repetitions: RepetitionRef[];
  validRepetitions: number;
  pooledFrom: PooledFrom;
  /** Pooled (merged-histogram) latency from the intended send time; null without histograms. */
  latency: LatencySummary | null;
  /** Pooled service time (from the actual send). */
  serviceTime: LatencySummary | null;
  /** Merged histograms re-encoded (base64), for exports. */
  histograms: { latencyUs: string; serviceTimeUs: string } | null;
  /** Latency at percentiles spaced evenly on −log10(1 − p), ending with the maximum. */
  spectrum: SpectrumPoint[];
  achievedRpsMedian: number | null;
  errorPctMedian: number | null;
  /** Median over repetitions of the data plane's summed vCPU per 1,000 rps; null without a data plane. */
  dataPlaneVcpuPer1kRpsMedian: number | null;
  /** Median over repetitions of the average memory per data-plane instance. */
  dataPlaneMemoryPerInstanceBytesMedian: number | null;
  hostCoreSecondsPer1kRequestsMedian: number | null;
  hostUtilizationMedian: number | null;
  components: ComponentSummary[];
  generator: GeneratorSummary;
  /** Earliest window start and latest window end, epoch ms. */
  windowStartMs: number | null;
  windowEndMs: number | null;
  /** Repetitions whose histogram could not be decoded (skipped from the pooled numbers). */
  undecodableHistograms: number;
}

/** A target variant: the unit that gets one line in a chart. */
export interface ReportSeries {
  /** Stable id for CSS and data attributes: `s0`, `s1`, … in report order. */
  id: string;
  /** Human label, unique within the report, e.g. `istio-ambient 1.28.1`. */
  label: string;
  targetName: string;
  mesh: string;
  mode: string;
  /** Mesh version (or the A/B arm label); null for a target without one. */
  version: string | null;
  platform: ResultFile['target']['platform'];
  /** True for a no-mesh target: the reference the other series are compared with. */
  isBaseline: boolean;
  sources: ReportSource[];
  /** Distinct scenario content hashes over the pooled files (more than one is a warning). */
  scenarioHashes: string[];
  scenarioNames: string[];
  levels: PooledLevel[];
}

/** The pooled inputs of one report. */
export interface ReportData {
  sources: ReportSource[];
  series: ReportSeries[];
  /** Every target rate present in any series, ascending. */
  levelRps: number[];
}

/** Percentiles are sampled every 0.1 on the −log10(1 − p) axis up to this many nines. */
const SPECTRUM_STEP = 0.1;
const SPECTRUM_MAX_NINES = 6;

interface SeriesIdentity {
  targetName: string;
  mesh: string;
  mode: string;
  version: string | null;
  platform: ResultFile['target']['platform'];
}

interface SeriesAccumulator {
  identity: SeriesIdentity;
  sources: ReportSource[];
  levels: Map<number, RepetitionRef[]>;
}

function identityOf(result: ResultFile, arm: string): SeriesIdentity {
  const t = result.target;
  return { targetName: t.name, mesh: t.mesh, mode: t.mode, version: arm || t.version, platform: t.platform };
}

function keyOf(identity: SeriesIdentity): string {
  return JSON.stringify([identity.targetName, identity.version, identity.platform]);
}

/**
 * Latency percentiles to sample for a spectrum of `count` values: evenly spaced on
 * x = −log10(1 − p) from 0 up to the resolution the sample supports (log10(count) nines).
 */
export function spectrumPercentiles(count: number): number[] {
  const maxNines = Math.min(SPECTRUM_MAX_NINES, Math.max(1, Math.log10(Math.max(count, 1))));
  const steps = Math.floor(maxNines / SPECTRUM_STEP + 1e-9);
  const percentiles: number[] = [];
  for (let i = 0; i <= steps; i++) percentiles.push(100 * (1 - 10 ** -(i * SPECTRUM_STEP)));
  return percentiles;
}

function mergeHistograms(refs: readonly RepetitionRef[], pick: (r: Repetition) => string): { merged: LatencyHistogram; failed: number } {
  const merged = createLatencyHistogram();
  let failed = 0;
  for (const ref of refs) {
    const encoded = pick(ref.repetition);
    if (!encoded) {
      failed++;
      continue;
    }
    try {
      merged.add(decodeHistogram(encoded));
    } catch {
      failed++;
    }
  }
  return { merged, failed };
}

function dataPlaneOf(rep: Repetition): ResourceUsage[] {
  return rep.resources.filter((r) => r.role === 'data-plane');
}

/** Summed data-plane vCPU per 1k rps of one repetition; null without a data plane or with unknown values. */
function dataPlaneVcpuPer1kRps(rep: Repetition): number | null {
  const dp = dataPlaneOf(rep);
  if (dp.length === 0 || dp.some((r) => r.vcpuPer1kRps === null)) return null;
  return dp.reduce((sum, r) => sum + (r.vcpuPer1kRps ?? 0), 0);
}

/** Average memory per data-plane instance of one repetition (all components together). */
function dataPlaneMemoryPerInstanceBytes(rep: Repetition): number | null {
  const dp = dataPlaneOf(rep);
  if (dp.length === 0) return null;
  const instances = dp.reduce((sum, r) => sum + r.instances.length, 0);
  if (instances > 0) return dp.reduce((sum, r) => sum + r.memoryAvgBytes, 0) / instances;
  return dp.reduce((sum, r) => sum + r.memoryPerInstanceAvgBytes, 0) / dp.length;
}

function summarizeComponents(refs: readonly RepetitionRef[]): ComponentSummary[] {
  const byName = new Map<string, ResourceUsage[]>();
  for (const ref of refs) {
    for (const usage of ref.repetition.resources) {
      const key = `${usage.role}\u0000${usage.component}`;
      const list = byName.get(key) ?? [];
      list.push(usage);
      byName.set(key, list);
    }
  }
  return [...byName.values()].map((usages) => {
    const first = usages[0] as ResourceUsage;
    return {
      component: first.component,
      role: first.role,
      instances: Math.max(0, ...usages.map((u) => u.instances.length)),
      vcpuMedian: median(usages.map((u) => u.vcpu)),
      vcpuPer1kRpsMedian: median(usages.map((u) => u.vcpuPer1kRps)),
      memoryPerInstanceAvgBytesMedian: median(usages.map((u) => u.memoryPerInstanceAvgBytes)),
      memoryMaxBytesMax: maxOf(usages.map((u) => u.memoryMaxBytes)),
      source: [...new Set(usages.map((u) => u.source))].join(', '),
    };
  });
}

function summarizeGenerator(refs: readonly RepetitionRef[]): GeneratorSummary {
  const reps = refs.map((r) => r.repetition);
  return {
    schedulerLagP99UsMax: maxOf(reps.map((r) => r.generator.schedulerLagUs.p99)),
    lateSends: reps.reduce((sum, r) => sum + r.generator.lateSends, 0),
    sent: reps.reduce((sum, r) => sum + r.requests.sent, 0),
    dropped: reps.reduce((sum, r) => sum + Math.max(r.generator.dropped, r.requests.dropped), 0),
    cpuUtilizationMax: maxOf(reps.map((r) => r.generator.cpuUtilization)),
  };
}

function poolLevel(targetRps: number, refs: RepetitionRef[]): PooledLevel {
  const sorted = [...refs].sort((a, b) => a.repetition.windowStartMs - b.repetition.windowStartMs);
  const valid = sorted.filter((r) => r.repetition.valid);
  const used = valid.length > 0 ? valid : sorted;
  const pooledFrom: PooledFrom = used.length === 0 ? 'none' : valid.length > 0 ? 'valid' : 'invalid';
  const latency = mergeHistograms(used, (r) => r.histograms.latencyUs);
  const service = mergeHistograms(used, (r) => r.histograms.serviceTimeUs);
  const hasHistogram = latency.merged.totalCount > 0;
  const reps = used.map((r) => r.repetition);
  return {
    targetRps,
    repetitions: sorted,
    validRepetitions: valid.length,
    pooledFrom,
    latency: hasHistogram ? summarizeHistogram(latency.merged) : null,
    serviceTime: service.merged.totalCount > 0 ? summarizeHistogram(service.merged) : null,
    histograms: hasHistogram ? { latencyUs: encodeHistogram(latency.merged), serviceTimeUs: encodeHistogram(service.merged) } : null,
    spectrum: hasHistogram
      ? [
          ...percentileSpectrum(latency.merged, spectrumPercentiles(latency.merged.totalCount)),
          { percentile: 100, valueUs: latency.merged.maxValue },
        ]
      : [],
    achievedRpsMedian: median(reps.map((r) => r.achievedRps)),
    errorPctMedian: median(reps.map((r) => r.errorPct)),
    dataPlaneVcpuPer1kRpsMedian: median(reps.map(dataPlaneVcpuPer1kRps)),
    dataPlaneMemoryPerInstanceBytesMedian: median(reps.map(dataPlaneMemoryPerInstanceBytes)),
    hostCoreSecondsPer1kRequestsMedian: median(reps.map((r) => r.hostCpu?.coreSecondsPer1kRequests)),
    hostUtilizationMedian: median(reps.map((r) => r.hostCpu?.utilization)),
    components: summarizeComponents(used),
    generator: summarizeGenerator(sorted),
    windowStartMs: sorted.length ? Math.min(...sorted.map((r) => r.repetition.windowStartMs)) : null,
    windowEndMs: sorted.length ? Math.max(...sorted.map((r) => r.repetition.windowEndMs)) : null,
    undecodableHistograms: latency.failed,
  };
}

function baseLabel(identity: SeriesIdentity): string {
  return identity.version ? `${identity.targetName} ${identity.version}` : identity.targetName;
}

/** Labels unique within the report: the platform is added only where it tells series apart. */
function assignLabels(identities: readonly SeriesIdentity[]): string[] {
  const counts = new Map<string, number>();
  for (const id of identities) counts.set(baseLabel(id), (counts.get(baseLabel(id)) ?? 0) + 1);
  return identities.map((id) => {
    const base = baseLabel(id);
    return (counts.get(base) ?? 0) > 1 ? `${base} (${id.platform})` : base;
  });
}

/**
 * Pools result files into series and levels. Series are ordered baselines first, then in the
 * order their first file was given; levels ascend by target rate.
 */
export function buildReportData(sources: readonly ReportSource[]): ReportData {
  const accumulators = new Map<string, SeriesAccumulator>();
  const touch = (identity: SeriesIdentity, source: ReportSource): SeriesAccumulator => {
    const key = keyOf(identity);
    let acc = accumulators.get(key);
    if (!acc) {
      acc = { identity, sources: [], levels: new Map() };
      accumulators.set(key, acc);
    }
    if (!acc.sources.includes(source)) acc.sources.push(source);
    return acc;
  };

  for (const source of sources) {
    let sawRepetition = false;
    for (const level of source.result.levels) {
      for (const repetition of level.repetitions) {
        sawRepetition = true;
        const acc = touch(identityOf(source.result, repetition.arm), source);
        const refs = acc.levels.get(level.targetRps) ?? [];
        refs.push({ source, repetition });
        acc.levels.set(level.targetRps, refs);
      }
    }
    // A file that measured nothing still belongs in the metadata and warnings.
    if (!sawRepetition) touch(identityOf(source.result, ''), source);
  }

  const ordered = [...accumulators.values()].sort((a, b) => Number(b.identity.mesh === 'none') - Number(a.identity.mesh === 'none'));
  const labels = assignLabels(ordered.map((a) => a.identity));
  const series = ordered.map((acc, i): ReportSeries => ({
    id: `s${i}`,
    label: labels[i] ?? baseLabel(acc.identity),
    ...acc.identity,
    isBaseline: acc.identity.mesh === 'none',
    sources: acc.sources,
    scenarioHashes: [...new Set(acc.sources.map((s) => s.result.scenario.contentHash))],
    scenarioNames: [...new Set(acc.sources.map((s) => s.result.scenario.name))],
    levels: [...acc.levels.entries()].sort(([a], [b]) => a - b).map(([rps, refs]) => poolLevel(rps, refs)),
  }));
  const levelRps = [...new Set(series.flatMap((s) => s.levels.map((l) => l.targetRps)))].sort((a, b) => a - b);
  return { sources: [...sources], series, levelRps };
}

/** The pooled level of a series at a target rate, if measured. */
export function levelAt(series: ReportSeries, targetRps: number): PooledLevel | undefined {
  return series.levels.find((l) => l.targetRps === targetRps);
}
