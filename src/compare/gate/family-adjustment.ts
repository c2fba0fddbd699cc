/**
 * Multiplicity: Holm with Tarone's rule over the primary family (worse and better directions) and
 * over the checks with a critical threshold (docs/gate.md). Checks whose data cannot reach
 * significance are left out of the family, and a note says which. Pure.
 */
import { taroneHolm } from '../../stats/tarone.ts';
import type { Draft } from './check-draft.ts';
import { pBetterOf, pWorseOf } from './directional-p.ts';
import { formatAlpha, formatRps } from './metric-format.ts';

/** The adjusted p-values of one draft. */
export interface AdjustedP {
  /** Over the primary family; null for other roles (and primary checks without statistics). */
  primary: { worse: number; better: number } | null;
  /** Over every check with a critical threshold; null without one. */
  critical: number | null;
  /** Counted in the primary family after Tarone's rule. */
  inFamily: boolean;
}

/** The adjustment of every draft, the effective primary family size and the Tarone note. */
export interface FamilyAdjustment {
  adjustedOf(draft: Draft): AdjustedP;
  /** Primary checks counted after Tarone's rule: Holm's K. */
  familySize: number;
  /** Which primary checks were left out, and why; null when none was. */
  note: string | null;
}

const testable = (d: Draft) => d.stats !== null && d.invalidReason === null;

/** Adjusts the drafts' p-values at the look's α. */
export function adjustFamilies(drafts: readonly Draft[], alpha: number): FamilyAdjustment {
  const family = drafts.filter((d) => d.check.role === 'primary' && testable(d));
  const hypotheses = (pOf: (d: Draft) => number) => family.map((d) => ({ p: pOf(d), minimumP: d.stats?.minimumP ?? 1 }));
  const worse = taroneHolm({ hypotheses: hypotheses(pWorseOf), alpha });
  const better = taroneHolm({ hypotheses: hypotheses(pBetterOf), alpha });
  const holmOf = new Map(family.map((d, i) => [d, { worse: worse.adjusted[i] ?? 1, better: better.adjusted[i] ?? 1 }]));
  const countedOf = new Map(family.map((d, i) => [d, worse.counted[i] ?? false]));
  const criticalFamily = drafts.filter((d) => d.check.critical !== null && testable(d));
  const critical = taroneHolm({ hypotheses: criticalFamily.map((d) => ({ p: pWorseOf(d), minimumP: d.stats?.minimumP ?? 1 })), alpha });
  const criticalOf = new Map(criticalFamily.map((d, i) => [d, critical.adjusted[i] ?? 1]));
  const left = family.filter((d) => !countedOf.get(d));
  return {
    adjustedOf: (d) => ({ primary: holmOf.get(d) ?? null, critical: criticalOf.get(d) ?? null, inFamily: countedOf.get(d) ?? false }),
    familySize: worse.familySize,
    note:
      left.length === 0
        ? null
        : `Tarone: ${left.length} of ${family.length} primary checks cannot reach significance with their data and are left out of the Holm family ` +
          `(${left.map((d) => `${d.check.id}@${formatRps(d.targetRps)}: smallest attainable p ${formatAlpha(d.stats?.minimumP ?? 1)}`).join(', ')})`,
  };
}
