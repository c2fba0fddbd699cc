/**
 * Were base and head measured interleaved or one after the other? A block design confounds the
 * change with drift over time; the gate still runs but says so. Pure.
 *
 * Source of the rule: docs/methodology.md "Interleaving arms" (block designs AAAA…BBBB gave
 * 9–34 % false alarms with a 4 % drift in simulation; interleave ABAB/ABBA).
 */
import type { PooledSide } from './repetition-pool.ts';

function windowRange(side: PooledSide): { start: number; end: number } | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const level of side.levels.values()) {
    for (const rep of level.repetitions) {
      start = Math.min(start, rep.windowStartMs);
      end = Math.max(end, rep.windowEndMs);
    }
  }
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
}

/** A note when every base window precedes every head window (or the reverse); else null. */
export function runOrderNote(options: { base: PooledSide; head: PooledSide }): string | null {
  const base = windowRange(options.base);
  const head = windowRange(options.head);
  if (!base || !head) return null;
  if (base.end > head.start && head.end > base.start) return null;
  const gapHours = Math.abs((base.start < head.start ? head.start - base.end : base.start - head.end) / 3_600_000);
  const gap = gapHours >= 1 ? ` ${gapHours.toFixed(1)} h apart` : '';
  return `base and head were measured one after the other${gap}, not interleaved: drift over time is confounded with the change (measure with --arms to interleave them; docs/gate.md)`;
}
