/** A drafted check made final: its adjusted p-values, verdict and reason, as the report shows it. Pure. */
import type { Draft } from './check-draft.ts';
import { pBetterOf, pWorseOf } from './directional-p.ts';
import type { AdjustedP } from './family-adjustment.ts';
import type { GateConfig } from './gate-config.ts';
import type { CheckResult } from './gate-report.ts';
import { METRICS } from './metric-definitions.ts';
import { decideVerdict } from './verdict.ts';

/** Options of {@link finishCheck}. */
export interface FinishCheckOptions {
  draft: Draft;
  adjusted: AdjustedP;
  /** The gate at this look's α. */
  gate: GateConfig;
  /** Holm's K of the primary family (after Tarone). */
  familySize: number;
}

/** The check's result: invalid with its reason when it has no statistics, else the decided verdict. */
export function finishCheck(options: FinishCheckOptions): CheckResult {
  const { draft, adjusted, gate, familySize } = options;
  const holm = adjusted.primary;
  const { check, stats } = draft;
  const metric = METRICS[check.metric];
  const primary = check.role === 'primary';
  const common = {
    checkId: check.id,
    metric: check.metric,
    label: metric.label,
    unit: metric.unit,
    role: check.role,
    direction: check.direction,
    targetRps: draft.targetRps,
    effectUnit: check.effectUnit,
    thresholds: { fail: check.fail, mde: check.mde, critical: check.critical },
    base: draft.base,
    head: draft.head,
    estimator: check.estimator ?? 'window',
    analysis: stats ? (stats.test === 'signed-rank' ? ('paired' as const) : ('unpaired' as const)) : null,
    minimumP: stats?.minimumP ?? null,
    inFamily: primary && adjusted.inFamily,
  };
  if (!stats || draft.invalidReason) {
    return {
      ...common,
      medianChange: null,
      shift: null,
      pWorse: null,
      pBetter: null,
      pAdjusted: null,
      method: null,
      verdict: 'invalid',
      gating: primary,
      critical: false,
      reason: draft.invalidReason ?? 'no data',
    };
  }
  const outcome = decideVerdict({
    role: check.role,
    direction: check.direction,
    effectUnit: check.effectUnit,
    thresholds: common.thresholds,
    shift: stats.shift,
    pWorse: pWorseOf(draft),
    pBetter: pBetterOf(draft),
    pAdjustedWorse: holm?.worse ?? null,
    pAdjustedBetter: holm?.better ?? null,
    pAdjustedCritical: adjusted.critical,
    alpha: gate.familyAlpha,
    alphaNeeded: primary ? gate.familyAlpha / Math.max(1, familySize) : gate.familyAlpha,
    sizes: { base: draft.base.n, head: draft.head.n },
    paired: stats.test === 'signed-rank',
    label: metric.label,
    underpowered: gate.underpowered,
  });
  return {
    ...common,
    medianChange: stats.medianChange,
    shift: stats.shift,
    pWorse: pWorseOf(draft),
    pBetter: pBetterOf(draft),
    pAdjusted: primary ? (holm?.worse ?? null) : null,
    method: stats.method,
    ...outcome,
  };
}
