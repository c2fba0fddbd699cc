/** The target rates a check gates: all measured ones, the top one, or a list of which some may be missing. Pure. */
import type { GateCheck } from './gate-config.ts';
import { formatRps } from './metric-format.ts';

/** The levels of a check among the measured rates (ascending), and a note naming listed rates nobody measured. */
export function resolveCheckLevels(check: GateCheck, measuredRps: readonly number[]): { levels: number[]; note: string | null } {
  if (check.levels === 'all') return { levels: [...measuredRps], note: null };
  const top = measuredRps[measuredRps.length - 1];
  if (check.levels === 'top') return { levels: top === undefined ? [] : [top], note: null };
  const missing = check.levels.filter((rps) => !measuredRps.includes(rps));
  return {
    levels: check.levels.filter((rps) => measuredRps.includes(rps)),
    note: missing.length > 0 ? `check ${check.id}: ${missing.map(formatRps).join(', ')} not measured on either side` : null,
  };
}
