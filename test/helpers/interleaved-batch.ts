/**
 * Two arm files of one interleaved batch (ABBA sequences, windows 4 s apart, one batch id), built
 * from per-window p99 values, for the paired gate tests.
 */
import type { ResultSource } from '../../src/compare/gate/repetition-pool.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { buildResultFile } from './result-builder.ts';

/** One batch: base (arm a) and head (arm b) p99 per pair. */
export interface BatchSpec {
  id: string;
  base: number[];
  head: number[];
  /** Applied to the built repetitions (e.g. an unhealthy generator). */
  tweak?: (side: 'base' | 'head', rep: ResultFile['levels'][number]['repetitions'][number]) => void;
  startMs?: number;
}

/** Builds both arm files of the batch. */
export function interleavedBatch(spec: BatchSpec): { base: ResultSource; head: ResultSource } {
  const build = (side: 'base' | 'head', arm: string, p99s: number[]): ResultSource => {
    const result = buildResultFile({ runId: `${spec.id}-${arm}`, levels: [{ targetRps: 500, repetitions: p99s.map((p99Us) => ({ p99Us, arm })) }] });
    result.batch = { id: spec.id, arms: ['a', 'b'], order: 'ABBA', method: 'same-host' };
    const t0 = spec.startMs ?? Date.parse('2026-01-15T10:01:00Z');
    for (const rep of result.levels[0]?.repetitions ?? []) {
      const r = rep.index;
      // ABBA: pair r takes sequences 2r and 2r+1, A first in even pairs.
      const first = (r % 2 === 0) === (arm === 'a');
      rep.sequence = 2 * r + (first ? 0 : 1);
      rep.windowStartMs = t0 + rep.sequence * 4000;
      rep.windowEndMs = rep.windowStartMs + 3000;
      spec.tweak?.(side, rep);
    }
    return { file: `${spec.id}-${arm}.json`, result };
  };
  return { base: build('base', 'a', spec.base), head: build('head', 'b', spec.head) };
}
