/**
 * The report's data model: the inputs (result files), the series (one per target variant) and
 * their pooled levels, as built by report-data.ts and read by every renderer and export. Types
 * only.
 */
import type { LatencySummary, Repetition, ResourceUsage, ResultFile } from '../results/result-schema.ts';

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
