/**
 * Pools the repetitions of several result files per side: repetitions are concatenated per
 * level, levels matched by target rate, in time order. An arm filter selects one arm of an
 * interleaved A/B result. Pure.
 */
import { HarnessError, usageError } from '../../errors.ts';
import type { Repetition, ResultFile } from '../../results/result-schema.ts';

/** One result file as given on the command line. */
export interface ResultSource {
  /** Path as shown to the user. */
  file: string;
  result: ResultFile;
}

/** The two sides of a comparison. */
export type SideName = 'base' | 'head';

/** One level of one side, pooled over files. */
export interface PooledLevel {
  targetRps: number;
  /** Every repetition at this level, valid or not, in window order. */
  repetitions: Repetition[];
  valid: Repetition[];
}

/** One side: its files, arm filter and levels. */
export interface PooledSide {
  side: SideName;
  sources: ResultSource[];
  arm: string | null;
  /** Keyed by target rate. */
  levels: Map<number, PooledLevel>;
}

function armsOf(result: ResultFile): string[] {
  const arms = new Set<string>();
  for (const level of result.levels) for (const rep of level.repetitions) if (rep.arm) arms.add(rep.arm);
  return [...arms].sort();
}

/** Pools one side; throws when an arm is ambiguous or missing, or nothing was measured. */
export function poolSide(options: { side: SideName; sources: readonly ResultSource[]; arm?: string | null | undefined }): PooledSide {
  const { side, sources } = options;
  const arm = options.arm ?? null;
  const levels = new Map<number, PooledLevel>();
  for (const source of sources) {
    const arms = armsOf(source.result);
    if (arm === null && arms.length > 1) {
      throw usageError(
        `${source.file} holds repetitions of several arms (${arms.join(', ')}); pick one per side`,
        `e.g. bench compare ${source.file} --head ${source.file} --base-arm ${arms[0]} --head-arm ${arms[1]}`,
      );
    }
    if (arm !== null && !arms.includes(arm)) {
      throw usageError(
        `${source.file} has no repetitions of arm "${arm}" (arms: ${arms.join(', ') || 'none'})`,
        `check --${side}-arm`,
      );
    }
    for (const level of source.result.levels) {
      const reps = level.repetitions.filter((rep) => arm === null || rep.arm === arm);
      const pooled = levels.get(level.targetRps) ?? { targetRps: level.targetRps, repetitions: [], valid: [] };
      pooled.repetitions.push(...reps);
      levels.set(level.targetRps, pooled);
    }
  }
  let count = 0;
  for (const level of levels.values()) {
    level.repetitions.sort((a, b) => a.windowStartMs - b.windowStartMs);
    level.valid = level.repetitions.filter((rep) => rep.valid);
    count += level.repetitions.length;
  }
  if (count === 0) {
    const states = sources.map((s) => `${s.file}: status ${s.result.status}, ${s.result.levels.length} level(s)`);
    throw new HarnessError('RUN_INVALID', `the ${side} side has no repetitions to compare (${states.join('; ')})`, {
      hint: 'the run measured nothing (it failed or was interrupted before the first window); re-run it',
    });
  }
  return { side, sources: [...sources], arm, levels: new Map([...levels].sort((a, b) => a[0] - b[0])) };
}
