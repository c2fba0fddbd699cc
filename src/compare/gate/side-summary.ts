/** What one side of a comparison pooled: files, runs, target and repetition counts. Pure. */
import type { SideSummary } from './gate-report.ts';
import type { PooledSide } from './repetition-pool.ts';

/** The report's summary of a pooled side; the target facts come from its first file. */
export function summarizeSide(pooled: PooledSide): SideSummary {
  const first = pooled.sources[0]?.result;
  let repetitions = 0;
  let validRepetitions = 0;
  for (const level of pooled.levels.values()) {
    repetitions += level.repetitions.length;
    validRepetitions += level.valid.length;
  }
  return {
    files: pooled.sources.map((s) => s.file),
    runIds: pooled.sources.map((s) => s.result.runId),
    arm: pooled.arm,
    targetName: first?.target.name ?? '',
    mesh: first?.target.mesh ?? '',
    mode: first?.target.mode ?? '',
    version: first ? (first.target.runningVersion ?? first.target.version) : null,
    platform: first?.target.platform ?? '',
    scenarioName: first?.scenario.name ?? '',
    scenarioHash: first?.scenario.contentHash ?? '',
    repetitions,
    validRepetitions,
  };
}
