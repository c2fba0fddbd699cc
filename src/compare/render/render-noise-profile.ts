/**
 * A noise profile as text: per level and metric the spreads, and the smallest detectable shift
 * at the profile's window and at other window lengths. Pure.
 */
import { formatAlpha } from '../gate/metric-format.ts';
import { minimumDetectablePct, type NoiseProfile, pairedSdAt } from '../gate/noise-profile.ts';

const fmt = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));
const pct = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} %` : '∞');

/** Renders the profile; the detectable shifts are for `pairs` pairs (default: the profile's). */
export function renderNoiseProfile(profile: NoiseProfile, options: { alpha: number; power: number; pairs?: number }): string {
  const lines = [
    `noise profile of ${profile.target} on ${profile.platform}, scenario ${profile.scenario.name}: windows of ${profile.windowMs / 1000} s ` +
      `(${(profile.windowCostMs / 1000).toFixed(1)} s each with warm-up and gaps), batch ${profile.batchId}`,
    `detectable shift: one-sided paired signed-rank at α ${formatAlpha(options.alpha)}, power ${Math.round(options.power * 100)} %`,
  ];
  for (const level of profile.levels) {
    lines.push('', `${level.targetRps} rps, ${Math.round(level.requestsPerWindow)} requests per window`);
    lines.push('  metric                         pairs  sd ln unpaired  sd ln paired  lag-1 r  sampling sd  drift sd  detectable (these pairs)');
    for (const m of level.metrics) {
      const pairs = options.pairs ?? m.pairs;
      const mde = m.sdLogPaired === null ? '—' : pct(minimumDetectablePct({ sdLog: m.sdLogPaired, pairs, alpha: options.alpha, power: options.power }));
      lines.push(
        `  ${`${m.metric} (${m.estimator})`.padEnd(30)} ${String(m.pairs).padStart(5)}  ${fmt(m.sdLogUnpaired).padStart(14)}  ${fmt(m.sdLogPaired).padStart(12)}  ` +
          `${fmt(m.lag1Autocorrelation, 2).padStart(7)}  ${fmt(m.samplingSdLog).padStart(11)}  ${fmt(m.driftSdLog).padStart(8)}  ${mde}`,
      );
      if (m.samplingSdLog !== null) {
        const at = [3000, 10_000, 30_000].map((w) => {
          const sd = pairedSdAt(m, { windowMs: w, profileWindowMs: profile.windowMs });
          return `${w / 1000} s: ${sd === null ? '—' : pct(minimumDetectablePct({ sdLog: sd, pairs, alpha: options.alpha, power: options.power }))}`;
        });
        lines.push(`    with other windows (${pairs} pairs): ${at.join(', ')}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
