/**
 * Pairs the base and head windows that were measured together: both files of one interleaved
 * batch (`bench run --arms`, ABBA) share `batch.id`, and repetition r of a level on both arms
 * ran in adjacent windows, so (batch, level, repetition index) names a pair. Anything else is
 * refused with the reason (the comparison then uses the unpaired test). Pure.
 *
 * Source: docs/gate.md "Paired analysis" (ABBA interleaving: Abedi & Brecht, ICPE 2017; pairing
 * removes the drift the two windows of a pair share).
 */
import type { Repetition } from '../../results/result-schema.ts';
import type { PooledSide } from './repetition-pool.ts';

/** One base and one head window measured next to each other. */
export interface WindowPair {
  batchId: string;
  base: Repetition;
  head: Repetition;
}

/** Pairs per target rate, or why the sides cannot be paired. */
export type PairingOutcome = { paired: true; levels: Map<number, WindowPair[]>; batches: string[] } | { paired: false; reason: string };

function repsByBatch(side: PooledSide): Map<string, Map<number, Repetition[]>> | string {
  const out = new Map<string, Map<number, Repetition[]>>();
  for (const source of side.sources) {
    const batch = source.result.batch;
    if (!batch) return `${source.file} (${side.side}) records no batch: it was not measured interleaved with the other side`;
    if (batch.order !== 'ABBA' || batch.arms.length < 2) return `${source.file} (${side.side}) is a single-arm batch, not an interleaved one`;
    const levels = out.get(batch.id) ?? new Map<number, Repetition[]>();
    for (const level of source.result.levels) {
      const reps = level.repetitions.filter((r) => side.arm === null || r.arm === side.arm);
      levels.set(level.targetRps, [...(levels.get(level.targetRps) ?? []), ...reps]);
    }
    out.set(batch.id, levels);
  }
  return out;
}

/** Pairs the two sides, or says why not. */
export function pairSides(options: { base: PooledSide; head: PooledSide }): PairingOutcome {
  const base = repsByBatch(options.base);
  if (typeof base === 'string') return { paired: false, reason: base };
  const head = repsByBatch(options.head);
  if (typeof head === 'string') return { paired: false, reason: head };
  const baseIds = [...base.keys()].sort();
  const headIds = [...head.keys()].sort();
  if (baseIds.join(',') !== headIds.join(',')) {
    return { paired: false, reason: `base and head come from different batches (base ${baseIds.join(', ')}; head ${headIds.join(', ')})` };
  }
  const levels = new Map<number, WindowPair[]>();
  for (const id of baseIds) {
    const b = base.get(id) ?? new Map<number, Repetition[]>();
    const h = head.get(id) ?? new Map<number, Repetition[]>();
    for (const rps of new Set([...b.keys(), ...h.keys()])) {
      const bi = new Map((b.get(rps) ?? []).map((r) => [r.index, r]));
      const hi = new Map((h.get(rps) ?? []).map((r) => [r.index, r]));
      const unmatched = [...bi.keys()].filter((i) => !hi.has(i)).length + [...hi.keys()].filter((i) => !bi.has(i)).length;
      if (unmatched > 0 || bi.size !== (b.get(rps) ?? []).length || hi.size !== (h.get(rps) ?? []).length) {
        return {
          paired: false,
          reason: `batch ${id} at ${rps} rps: base has repetitions ${[...bi.keys()].join(',')}, head ${[...hi.keys()].join(',')}; the pair sets differ`,
        };
      }
      const pairs = levels.get(rps) ?? [];
      for (const [index, rep] of bi) {
        const other = hi.get(index);
        if (!other) continue;
        if (rep.sequence === undefined || other.sequence === undefined) {
          return { paired: false, reason: `batch ${id}: repetitions without a measurement sequence (older harness); cannot tell which windows were adjacent` };
        }
        pairs.push({ batchId: id, base: rep, head: other });
      }
      levels.set(rps, pairs.sort((x, y) => (x.base.sequence ?? 0) - (y.base.sequence ?? 0)));
    }
  }
  return { paired: true, levels, batches: baseIds };
}
