/**
 * The outcome of `bench compare`: what every renderer (terminal, Markdown, JUnit, JSON) reads.
 * Plain JSON data (no undefined, no Maps), so `--json` is this object as is.
 */
import type { LatencySummary } from '../../results/result-schema.ts';
import type { CheckRole } from './gate-config.ts';
import type { Direction, MetricId, MetricUnit } from './metric-definitions.ts';

/**
 * Per-check verdicts (docs/gate.md §3; "no-change" is a pass).
 */
export type Verdict = 'regression' | 'improvement' | 'no-change' | 'inconclusive' | 'invalid';

/** The gate as a whole: decides the exit code (0, 10, 6). */
export type GateOutcome = 'pass' | 'regression' | 'inconclusive' | 'invalid';

/** Version of the JSON report format (`--json`); bumped on breaking changes. */
export const GATE_REPORT_FORMAT_VERSION = 1;

/** One side of one check. */
export interface SampleSummary {
  /** Valid repetitions used. */
  n: number;
  /** Repetitions found at this level, valid or not. */
  total: number;
  /** Median of the valid per-repetition values, in the metric's unit. */
  median: number | null;
  /**
   * Only on an invalid check: the median over every repetition measured at this level, valid or
   * not, so the numbers stay visible (marked invalid, never compared).
   */
  measuredMedian?: number | null | undefined;
}

/** Hodges-Lehmann shift head − base in the check's effect unit (% or percentage points). */
export interface ShiftSummary {
  estimate: number;
  lower: number | null;
  upper: number | null;
  /** Exact coverage of the interval, null when too few repetitions for a bounded interval. */
  confidence: number | null;
  /** `log`: on ln(values), as %; `linear`: raw shift / base median (values ≤ 0 seen); `absolute`: percentage points. */
  scale: 'log' | 'linear' | 'absolute';
}

/** One check at one level: statistics, verdict and why. */
export interface CheckResult {
  checkId: string;
  metric: MetricId;
  label: string;
  unit: MetricUnit;
  role: CheckRole;
  direction: Direction;
  targetRps: number;
  effectUnit: 'pct' | 'pp';
  thresholds: { fail: number; mde: number; critical: number | null };
  base: SampleSummary;
  head: SampleSummary;
  /** Head median against base median: % for relative metrics, percentage points for error-pct. */
  medianChange: number | null;
  shift: ShiftSummary | null;
  /** One-sided p-value in the worse direction for this metric. */
  pWorse: number | null;
  /** One-sided p-value in the better direction. */
  pBetter: number | null;
  /** Holm-adjusted pWorse over the primary family; null for other roles. */
  pAdjusted: number | null;
  method: 'exact' | 'normal' | null;
  verdict: Verdict;
  /** True when this check's verdict decides the exit code (primary checks, critical hits). */
  gating: boolean;
  /** The critical override fired. */
  critical: boolean;
  /** One sentence: why this verdict. */
  reason: string;
  /** Per-repetition estimator of the value (latency quantiles). */
  estimator?: 'window' | 'harrell-davis';
  /** `paired`: Wilcoxon signed-rank on window pairs; `unpaired`: Mann-Whitney. Absent in older reports. */
  analysis?: 'paired' | 'unpaired' | null;
  /** Smallest one-sided p-value these data could give. */
  minimumP?: number | null;
  /** Counted in its Holm family after Tarone's rule (false: could not reach significance). */
  inFamily?: boolean;
  /** Not significant, but the interval still reaches the MDE: this setup cannot see the MDE. */
  underpowered?: boolean;
}

/** Every check at one target rate. */
export interface LevelResult {
  targetRps: number;
  base: { valid: number; total: number };
  head: { valid: number; total: number };
  checks: CheckResult[];
  /** Percentiles of the histograms merged over valid repetitions (display only), when computed. */
  pooledLatency: { base: LatencySummary | null; head: LatencySummary | null } | null;
}

/** What one side pooled. */
export interface SideSummary {
  files: string[];
  runIds: string[];
  arm: string | null;
  targetName: string;
  mesh: string;
  mode: string;
  /** Running version when known, else the requested one. */
  version: string | null;
  platform: string;
  scenarioName: string;
  scenarioHash: string;
  repetitions: number;
  validRepetitions: number;
}

/** The whole comparison: outcome, exit code, checks per level, notes. */
export interface GateReport {
  formatVersion: typeof GATE_REPORT_FORMAT_VERSION;
  outcome: GateOutcome;
  exitCode: 0 | 6 | 10;
  /** One line for humans: the outcome and what drove it. */
  headline: string;
  /** familyAlpha is the one the tests ran at: this look's share of the gate file's α. */
  gate: {
    name: string;
    file: string;
    familyAlpha: number;
    ciLevel: number;
    primaryChecks: number;
    extended: boolean;
    /** The gate file's α, how it is spent, and which look this is (absent in older reports). */
    alphaSpending?: { familyAlpha: number; spending: string; look: 1 | 2; firstLookAlpha: number; secondLookAlpha: number };
    /** Whether window pairs were analysed, and why not. */
    pairing?: { paired: boolean; reason: string | null };
    /** Primary checks counted by Tarone's rule (≤ primaryChecks). */
    effectivePrimaryChecks?: number;
  };
  base: SideSummary;
  head: SideSummary;
  /** --force was given (refusals below were overridden). */
  forced: boolean;
  /** Comparability notes, overridden refusals, checks not applicable. */
  notes: string[];
  levels: LevelResult[];
}
