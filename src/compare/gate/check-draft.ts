/**
 * One check at one level before Holm: the validity rules, the values read from valid
 * repetitions, and the statistics; or the reason it is invalid or not applicable. Pure.
 *
 * Source of the rules: docs/gate.md §7 "Invalid runs" (drop invalid runs; more than 20 % invalid
 * in an arm → INVALID); Kayenta's mustHaveData: a metric missing
 * on a meshed side is invalid, not silently skipped.
 */
import type { Repetition } from '../../results/result-schema.ts';
import { type CheckStatistics, computeCheckStatistics } from './check-statistics.ts';
import type { GateCheck, GateConfig } from './gate-config.ts';
import type { CheckResult } from './gate-report.ts';
import { screenReasons } from './health-screen.ts';
import { METRICS } from './metric-definitions.ts';
import { computePairedStatistics } from './paired-check-statistics.ts';
import type { WindowPair } from './pairing.ts';
import type { PooledLevel, PooledSide } from './repetition-pool.ts';
import { repetitionValue } from './repetition-value.ts';
import { median } from '../../stats/median.ts';

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
  return reps.map((rep) => repetitionValue(check, rep)).filter((v): v is number => v !== null);
}

/** The pooled sides and gate a draft is computed from. */
export interface DraftContext {
  base: PooledSide;
  head: PooledSide;
  gate: GateConfig;
  /** Checks found not applicable (no data on either side), reported once each. */
  notApplicable: Map<string, string>;
  /** Window pairs per target rate when base and head were measured interleaved; null: unpaired. */
  pairs?: Map<number, WindowPair[]> | null | undefined;
  /** Median scheduler lag p99 of the batch's valid windows (screening reference), µs. */
  medianLagUs?: number | null | undefined;
  /** Screened-out windows, one note each (keyed by side and window). */
  screened?: Map<string, string> | undefined;
}

function screen(ctx: DraftContext, side: string, rep: Repetition): boolean {
  const reasons = screenReasons(rep, { rules: ctx.gate.screening, medianLagUs: ctx.medianLagUs ?? null });
  if (reasons.length === 0) return false;
  const key = `${side}|${rep.arm}|${rep.targetRps}|${rep.index}`;
  ctx.screened?.set(key, `screened out: ${side}${rep.arm ? ` arm ${rep.arm}` : ''} ${rep.targetRps} rps repetition ${rep.index + 1}: ${reasons.join('; ')}`);
  return true;
}

function tooManyDropped(ctx: DraftContext, dropped: number, total: number, what: string): string | null {
  if (total === 0 || (dropped / total) * 100 <= ctx.gate.screening.maxDroppedPct) return null;
  return `${dropped} of ${total} ${what} screened out for generator health (more than ${ctx.gate.screening.maxDroppedPct} %): the machine, not the target, was measured`;
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
  // An invalid check still shows what was measured: the median over every repetition, marked invalid.
  const measuredMedianOf = (level: PooledLevel | undefined) => ({ measuredMedian: median(valuesOf(check, level?.repetitions ?? [])) });
  const invalid = (reason: string, nBase = baseLevel?.valid.length ?? 0, nHead = headLevel?.valid.length ?? 0): Draft => ({
    check,
    targetRps,
    base: { ...sample(baseLevel, nBase, null), ...measuredMedianOf(baseLevel) },
    head: { ...sample(headLevel, nHead, null), ...measuredMedianOf(headLevel) },
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
  const pairs = ctx.pairs?.get(targetRps);
  if (pairs) return draftPaired(ctx, { check, targetRps, pairs, what, sample, invalid, baseLevel, headLevel });
  const healthy = (side: string, reps: readonly Repetition[]) => reps.filter((rep) => !screen(ctx, side, rep));
  const baseHealthy = healthy('base', baseLevel?.valid ?? []);
  const headHealthy = healthy('head', headLevel?.valid ?? []);
  const dropProblem =
    tooManyDropped(ctx, (baseLevel?.valid.length ?? 0) - baseHealthy.length, baseLevel?.valid.length ?? 0, 'base windows') ??
    tooManyDropped(ctx, (headLevel?.valid.length ?? 0) - headHealthy.length, headLevel?.valid.length ?? 0, 'head windows');
  if (dropProblem) return invalid(dropProblem);
  const baseValues = valuesOf(check, baseHealthy);
  const headValues = valuesOf(check, headHealthy);
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

interface PairedInput {
  check: GateCheck;
  targetRps: number;
  pairs: readonly WindowPair[];
  what: string;
  sample: (level: PooledLevel | undefined, n: number, median: number | null) => CheckResult['base'];
  invalid: (reason: string, nBase?: number, nHead?: number) => Draft;
  baseLevel: PooledLevel | undefined;
  headLevel: PooledLevel | undefined;
}

/** The paired path: both windows of a pair valid and healthy, else the pair is dropped. */
function draftPaired(ctx: DraftContext, input: PairedInput): Draft {
  const { check, pairs, what, sample, invalid } = input;
  const bothValid = pairs.filter((p) => p.base.valid && p.head.valid);
  // Screen both windows of every pair (no short-circuit) so each screened window is reported.
  const kept = bothValid.filter((p) => {
    const b = screen(ctx, 'base', p.base);
    const h = screen(ctx, 'head', p.head);
    return !b && !h;
  });
  const dropProblem = tooManyDropped(ctx, bothValid.length - kept.length, bothValid.length, 'pairs');
  if (dropProblem) return invalid(dropProblem, kept.length, kept.length);
  const base: number[] = [];
  const head: number[] = [];
  for (const p of kept) {
    const b = repetitionValue(check, p.base);
    const h = repetitionValue(check, p.head);
    if (b === null || h === null) continue;
    base.push(b);
    head.push(h);
  }
  if (base.length === 0) return invalid(`no pair with ${what} on both sides`, 0, 0);
  const min = ctx.gate.validity.minValidRepetitions;
  if (base.length < min) return invalid(`only ${base.length} pairs with ${what} (minimum ${min})`, base.length, base.length);
  const stats = computePairedStatistics({ base, head, scale: METRICS[check.metric].scale, confidenceLevel: ctx.gate.ciLevel });
  return {
    check,
    targetRps: input.targetRps,
    base: sample(input.baseLevel, base.length, stats.baseMedian),
    head: sample(input.headLevel, head.length, stats.headMedian),
    invalidReason: null,
    stats,
  };
}
