/**
 * The synthetic result files under test/fixtures/results, built from result-builder.ts.
 * `npx tsx test/helpers/write-result-fixtures.ts` rewrites them; a test checks the committed
 * files still equal what this module builds.
 */
import type { ResultFile } from '../../src/results/result-schema.ts';
import { buildResultFile, type LevelSpec, noisyRepetitions, type ResultSpec } from './result-builder.ts';

/** Run-to-run CV of p99 in the istio fixtures: a quiet machine, so A/A at 10 repetitions passes. */
const P99_CV_PCT = 2;
const DATA_PLANE = { vcpuPer1kRps: 0.42, memoryPerInstanceBytes: 52_000_000, cvPct: 1.5 };

function istioLevels(options: { seed: number; p99Factor?: number; reps?: number }): LevelSpec[] {
  const reps = options.reps ?? 10;
  return [
    {
      targetRps: 500,
      repetitions: noisyRepetitions({ count: reps, p99Us: 4000, cvPct: P99_CV_PCT, seed: options.seed, p99Factor: options.p99Factor ?? 1, dataPlane: DATA_PLANE }),
    },
    {
      targetRps: 1000,
      repetitions: noisyRepetitions({ count: reps, p99Us: 5200, cvPct: P99_CV_PCT, seed: options.seed + 1, p99Factor: options.p99Factor ?? 1, dataPlane: DATA_PLANE }),
    },
  ];
}

/** Base runs start at 10:00, head runs (version 1.24.x) at 12:00: two separate runs, as in CI. */
function istio(version: string, runId: string, levels: LevelSpec[], extra: Partial<ResultSpec> = {}): ResultFile {
  const createdAt = version.startsWith('1.24') ? '2026-01-15T12:00:00.000Z' : '2026-01-15T10:00:00.000Z';
  return buildResultFile({ runId, createdAt, target: { name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version }, levels, ...extra });
}

/** Alternates the repetitions of two arms: A B A B … (an interleaved run). */
function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  return a.flatMap((x, i) => (b[i] === undefined ? [x] : [x, b[i] as T]));
}

/** Fixture file name → result file (or raw text for broken files). */
export function buildResultFixtures(): Record<string, ResultFile | string> {
  const base = istio('1.23.4', 'base-1', istioLevels({ seed: 11 }));
  const mostlyInvalid = istioLevels({ seed: 41 });
  for (const rep of mostlyInvalid[1]?.repetitions.slice(0, 6) ?? []) {
    rep.valid = false;
    rep.invalidReasons = ['achieved 952 rps, 4.8 % below the target rate'];
  }
  const interleaved = buildResultFile({
    runId: 'ab-1',
    target: { name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version: '1.24.1' },
    levels: [
      {
        targetRps: 500,
        repetitions: interleave(
          noisyRepetitions({ count: 8, p99Us: 4000, cvPct: 3, seed: 51, arm: '1.23.4', dataPlane: DATA_PLANE }),
          noisyRepetitions({ count: 8, p99Us: 4000, cvPct: 3, seed: 52, arm: '1.24.1', p99Factor: 1.2, dataPlane: DATA_PLANE }),
        ),
      },
    ],
  });
  const truncatedText = JSON.stringify(base, null, 2);
  return {
    'base-istio-1.23.4.json': base,
    'base-istio-1.23.4-second-run.json': istio('1.23.4', 'base-2', istioLevels({ seed: 21 })),
    'head-istio-1.24.1-same.json': istio('1.24.1', 'head-1', istioLevels({ seed: 31 })),
    'head-istio-1.24.1-p99-plus20.json': istio('1.24.1', 'head-2', istioLevels({ seed: 31, p99Factor: 1.2 })),
    'head-istio-1.24.1-mostly-invalid.json': istio('1.24.1', 'head-3', mostlyInvalid),
    'head-istio-1.24.1-other-scenario.json': istio('1.24.1', 'head-4', istioLevels({ seed: 31 }), {
      scenario: { name: 'steady', contentHash: 'sha256:0000aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666777788889999' },
    }),
    'base-istio-1.23.4-three-reps.json': istio('1.23.4', 'base-3', istioLevels({ seed: 81, reps: 3 })),
    'head-istio-1.24.1-three-reps.json': istio('1.24.1', 'head-5', istioLevels({ seed: 61, reps: 3 })),
    'baseline.json': buildResultFile({
      runId: 'baseline-1',
      target: { mesh: 'none' },
      levels: [
        { targetRps: 500, repetitions: noisyRepetitions({ count: 10, p99Us: 2500, cvPct: 3, seed: 71 }) },
        { targetRps: 1000, repetitions: noisyRepetitions({ count: 10, p99Us: 3000, cvPct: 3, seed: 72 }) },
      ],
    }),
    'empty-repetitions.json': buildResultFile({
      runId: 'empty-1',
      status: 'failed',
      target: { name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version: '1.24.1' },
      levels: [{ targetRps: 500, repetitions: [] }],
    }),
    'ab-interleaved.json': interleaved,
    'newer-schema.json': JSON.stringify({ ...base, schemaVersion: '2.0' }, null, 2),
    'truncated.json': truncatedText.slice(0, Math.floor(truncatedText.length / 2)),
  };
}
