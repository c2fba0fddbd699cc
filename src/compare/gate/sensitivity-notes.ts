/** What each primary check could detect, from a noise profile (`bench calibrate`): 90 % power, its pairs, this look's α/K. Pure. */
import type { CheckResult } from './gate-report.ts';
import { formatAlpha, formatRps } from './metric-format.ts';
import { minimumDetectablePct, type NoiseProfile, pairedSdAt } from './noise-profile.ts';

/** Options of {@link sensitivityNotes}. */
export interface SensitivityNotesOptions {
  noise: NoiseProfile;
  results: readonly CheckResult[];
  /** This look's family α. */
  alpha: number;
  /** Holm's K of the primary family. */
  familySize: number;
}

/** One note per valid primary percentage check the profile has a figure for. */
export function sensitivityNotes(options: SensitivityNotesOptions): string[] {
  const { noise } = options;
  const out: string[] = [];
  for (const c of options.results) {
    if (c.role !== 'primary' || c.effectUnit !== 'pct' || c.verdict === 'invalid' || c.base.n === 0) continue;
    const level = noise.levels.find((l) => l.targetRps === c.targetRps);
    const m = level?.metrics.find((x) => x.metric === c.metric && x.estimator === (c.estimator ?? 'window'));
    if (!m) continue;
    const sd = pairedSdAt(m, { windowMs: noise.windowMs, profileWindowMs: noise.windowMs });
    if (sd === null) continue;
    const alphaK = options.alpha / Math.max(1, options.familySize);
    const mde = minimumDetectablePct({ sdLog: sd, pairs: c.base.n, alpha: alphaK, power: 0.9 });
    const can = Number.isFinite(mde) ? `≥ ${mde.toFixed(1)} %` : 'none (too few pairs)';
    out.push(
      `noise profile ${noise.batchId.slice(0, 8)}: ${c.checkId} @ ${formatRps(c.targetRps)} with ${c.base.n} pairs at α ${formatAlpha(alphaK)} detects shifts ${can} (90 % power; ` +
        `MDE ${c.thresholds.mde} %${Number.isFinite(mde) && mde > c.thresholds.mde ? ': this setup cannot see it' : ''})`,
    );
  }
  return out;
}
