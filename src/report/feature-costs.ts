/**
 * The cost of each feature, measured as a difference: in a feature-matrix batch
 * (`bench run --features-matrix`, `batch.featureMatrix` in the result) every arm switches one
 * feature on and the reference arm has them all off; their repetitions were measured interleaved
 * (ABBA) on the same host, so repetition r of an arm and of the reference ran next to each other.
 * Each metric's cost is the paired Hodges-Lehmann estimate of the within-pair differences (arm −
 * reference) with its distribution-free interval: the statistics `bench compare` uses for paired
 * windows (docs/gate.md "Paired analysis"), here in absolute units. Pure.
 *
 * Metrics: p50 and p99 latency from the intended send time (µs), data-plane vCPU per 1,000 rps,
 * memory per proxy (MiB). Only pairs where both windows are valid count.
 */
import { type FeatureName, FEATURE_NAMES } from '../config/scenario-features.ts';
import { dataPlaneMemoryPerInstanceBytes, dataPlaneVcpuPer1kRps } from '../results/data-plane-cost.ts';
import type { Repetition, ResultFile } from '../results/result-schema.ts';
import { pairedHodgesLehmann } from '../stats/paired-hodges-lehmann.ts';
import { bytesToMib } from './report-format.ts';
import type { ReportSource } from './report-model.ts';

/** Confidence level of the intervals (the gate's default `ciLevel`). */
export const FEATURE_COST_CONFIDENCE = 0.95;

/** One metric's added cost: estimate and interval in the metric's unit. */
export interface CostEstimate {
  estimate: number;
  /** Null when there are too few pairs for an interval at the confidence level. */
  lower: number | null;
  upper: number | null;
  /** Exact coverage of the interval (≥ the level), null without one. */
  confidence: number | null;
  /** Median of the reference arm's values, for scale. */
  referenceMedian: number;
}

/** The cost of one feature on one target at one rate. */
export interface FeatureCost {
  batchId: string;
  targetName: string;
  feature: FeatureName;
  /** The feature's setting in the arm, e.g. `retries: 2 on connect-failure, gateway-error`. */
  setting: string;
  armLabel: string;
  referenceArm: string;
  targetRps: number;
  /** Pairs of valid windows the estimates come from. */
  pairs: number;
  p50Us: CostEstimate | null;
  p99Us: CostEstimate | null;
  vcpuPer1kRps: CostEstimate | null;
  memoryPerProxyMib: CostEstimate | null;
}

interface ArmRepetitions {
  label: string;
  result: ResultFile;
  /** Repetitions by target rate, then by index. */
  byLevel: Map<number, Map<number, Repetition>>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The paired estimate of `pick(arm) − pick(reference)`, or null when no pair has both values. */
function pairedCost(pairs: ReadonlyArray<[Repetition, Repetition]>, pick: (rep: Repetition) => number | null): CostEstimate | null {
  const usable = pairs.flatMap(([ref, arm]) => {
    const r = pick(ref);
    const a = pick(arm);
    return r === null || a === null ? [] : [[r, a] as const];
  });
  if (usable.length === 0) return null;
  const hl = pairedHodgesLehmann({ differences: usable.map(([r, a]) => a - r), confidenceLevel: FEATURE_COST_CONFIDENCE });
  return { estimate: hl.estimate, lower: hl.lower, upper: hl.upper, confidence: hl.achievedConfidence, referenceMedian: median(usable.map(([r]) => r)) };
}

function armsOf(sources: readonly ReportSource[]): Map<string, Map<string, ArmRepetitions>> {
  const batches = new Map<string, Map<string, ArmRepetitions>>();
  for (const { result } of sources) {
    if (!result.batch?.featureMatrix) continue;
    const arms = batches.get(result.batch.id) ?? new Map<string, ArmRepetitions>();
    for (const level of result.levels) {
      for (const rep of level.repetitions) {
        const arm = arms.get(rep.arm) ?? { label: rep.arm, result, byLevel: new Map() };
        const reps = arm.byLevel.get(level.targetRps) ?? new Map<number, Repetition>();
        reps.set(rep.index, rep);
        arm.byLevel.set(level.targetRps, reps);
        arms.set(rep.arm, arm);
      }
    }
    batches.set(result.batch.id, arms);
  }
  return batches;
}

/** Every feature cost in the inputs: per feature-matrix batch, per arm that switched one on, per rate. */
export function computeFeatureCosts(sources: readonly ReportSource[]): FeatureCost[] {
  const costs: FeatureCost[] = [];
  for (const [batchId, arms] of armsOf(sources)) {
    const any = [...arms.values()][0];
    const matrix = any?.result.batch?.featureMatrix?.features ?? {};
    const referenceArm = Object.entries(matrix).find(([, feature]) => feature === null)?.[0];
    const reference = referenceArm === undefined ? undefined : arms.get(referenceArm);
    if (!reference || referenceArm === undefined) continue;
    for (const [label, featureName] of Object.entries(matrix)) {
      if (featureName === null || !(FEATURE_NAMES as readonly string[]).includes(featureName)) continue;
      const feature = featureName as FeatureName;
      const arm = arms.get(label);
      if (!arm) continue;
      for (const [targetRps, refReps] of [...reference.byLevel.entries()].sort(([a], [b]) => a - b)) {
        const armReps = arm.byLevel.get(targetRps);
        if (!armReps) continue;
        const pairs: Array<[Repetition, Repetition]> = [];
        for (const [index, ref] of refReps) {
          const other = armReps.get(index);
          if (other && ref.valid && other.valid) pairs.push([ref, other]);
        }
        costs.push({
          batchId,
          targetName: arm.result.target.name,
          feature,
          setting: arm.result.batch?.featureMatrix?.settings?.[label] ?? feature,
          armLabel: label,
          referenceArm,
          targetRps,
          pairs: pairs.length,
          p50Us: pairedCost(pairs, (r) => r.latency.p50Us),
          p99Us: pairedCost(pairs, (r) => r.latency.p99Us),
          vcpuPer1kRps: pairedCost(pairs, dataPlaneVcpuPer1kRps),
          memoryPerProxyMib: pairedCost(pairs, (r) => {
            const bytes = dataPlaneMemoryPerInstanceBytes(r);
            return bytes === null ? null : bytesToMib(bytes);
          }),
        });
      }
    }
  }
  return costs.sort((a, b) => a.targetName.localeCompare(b.targetName) || FEATURE_NAMES.indexOf(a.feature) - FEATURE_NAMES.indexOf(b.feature) || a.targetRps - b.targetRps);
}
