/**
 * One check at one level before Holm: the validity rules, the values read from valid
 * repetitions, and the statistics; or the reason it is invalid or not applicable. Pure.
 *
 * Source of the rules: reference/regression-gating.md §2.7 (drop invalid runs; more than 20 %
 * invalid in an arm → INVALID) and §4.2 step 1; Kayenta's mustHaveData (§2.10): a metric missing
 * on a meshed side is invalid, not silently skipped.
 */
import type { Repetition } from '../../results/result-schema.ts';
import { type CheckStatistics, computeCheckStatistics } from './check-statistics.ts';
import type { GateCheck, GateConfig } from './gate-config.ts';
import type { CheckResult } from './gate-report.ts';
import { METRICS } from './metric-definitions.ts';
import type { PooledLevel, PooledSide } from './repetition-pool.ts';

/** A check at one level before Holm: either invalid with a reason, or with statistics. */
export interface Draft {
  check: GateCheck;
  targetRps: number;
  base: CheckResult['base'];
  head: CheckResult['head'];
  invalidReason: string | null;
  stats: CheckStatistics | null;
}

function validityProblem(side: PooledSide, level: PooledLevel | undefined, gate: GateConfig): string | null {
  if (!level || level.repetitions.length === 0) {
    const states = side.sources.map((s) => s.result.status).join(', ');
    return `${side.side} did not measure this level (run status ${states})`;
  }
  const total = level.repetitions.length;
  const invalid = total - level.valid.length;
  const firstReason = level.repetitions.find((r) => !r.valid)?.invalidReasons[0];
  const why = firstReason ? `; e.g. ${firstReason}` : '';
  if ((invalid / total) * 100 > gate.validity.maxInvalidPct) {
    return `${side.side}: ${invalid} of ${total} repetitions invalid (more than ${gate.validity.maxInvalidPct} %)${why}`;
  }
  if (level.valid.length < gate.validity.minValidRepetitions) {
    return `${side.side}: ${level.valid.length} valid repetitions, fewer than the minimum ${gate.validity.minValidRepetitions}${why}`;
  }
  return null;
}

function valuesOf(check: GateCheck, reps: readonly Repetition[]): number[] {
  const metric = METRICS[check.metric];
  return reps.map((rep) => metric.valueOf(rep)).filter((v): v is number => v !== null && Number.isFinite(v));
}

/** The pooled sides and gate a draft is computed from. */
export interface DraftContext {
  base: PooledSide;
  head: PooledSide;
  gate: GateConfig;
  /** Checks found not applicable (no data on either side), reported once each. */
  notApplicable: Map<string, string>;
}

/** Drafts one check at one level; null when it does not apply (no data on either side). */
export function draftCheck(ctx: DraftContext, check: GateCheck, targetRps: number): Draft | null {
  const baseLevel = ctx.base.levels.get(targetRps);
  const headLevel = ctx.head.levels.get(targetRps);
  const sample = (level: PooledLevel | undefined, n: number, median: number | null) => ({
    n,
    total: level?.repetitions.length ?? 0,
    median,
  });
  const invalid = (reason: string, nBase = baseLevel?.valid.length ?? 0, nHead = headLevel?.valid.length ?? 0): Draft => ({
    check,
    targetRps,
    base: sample(baseLevel, nBase, null),
    head: sample(headLevel, nHead, null),
    invalidReason: reason,
    stats: null,
  });
  const metric = METRICS[check.metric];
  const what = metric.needsDataPlane ? 'data-plane measurements' : `${metric.label} values`;
  // Applicability first, over every repetition (valid or not): a metric nobody measured is not a failure.
  const measured = (side: PooledSide, level: PooledLevel | undefined) =>
    !level || level.repetitions.length === 0 || valuesOf(check, level.repetitions).length > 0 ? null : side;
  const unmeasured = [measured(ctx.base, baseLevel), measured(ctx.head, headLevel)].filter((s): s is PooledSide => s !== null);
  if (unmeasured.length > 0) {
    // The no-mesh baseline has no data plane by definition: nothing to compare, not a failure.
    const explained = unmeasured.every((s) => metric.needsDataPlane && s.sources.every((src) => src.result.target.mesh === 'none'));
    if (unmeasured.length === 2 || explained) {
      ctx.notApplicable.set(check.id, `check ${check.id}: not applicable (no ${what} on ${unmeasured.map((s) => s.side).join(' or ')})`);
      return null;
    }
  }
  const problem = validityProblem(ctx.base, baseLevel, ctx.gate) ?? validityProblem(ctx.head, headLevel, ctx.gate);
  if (problem) return invalid(problem);
  const baseValues = valuesOf(check, baseLevel?.valid ?? []);
  const headValues = valuesOf(check, headLevel?.valid ?? []);
  if (baseValues.length === 0 || headValues.length === 0) {
    const sides = [baseValues.length === 0 ? 'base' : null, headValues.length === 0 ? 'head' : null].filter(Boolean);
    return invalid(`no ${what} on ${sides.join(' and ')}`, baseValues.length, headValues.length);
  }
  const min = ctx.gate.validity.minValidRepetitions;
  if (baseValues.length < min || headValues.length < min) {
    return invalid(`only ${baseValues.length}/${headValues.length} repetitions with ${what} (minimum ${min})`, baseValues.length, headValues.length);
  }
  const stats = computeCheckStatistics({ base: baseValues, head: headValues, scale: metric.scale, confidenceLevel: ctx.gate.ciLevel });
  return {
    check,
    targetRps,
    base: sample(baseLevel, baseValues.length, stats.baseMedian),
    head: sample(headLevel, headValues.length, stats.headMedian),
    invalidReason: null,
    stats,
  };
}
