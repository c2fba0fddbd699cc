/**
 * `npm run bench:gate`: calibrates the regression gate on real per-repetition data.
 *
 * 1. Gets a sample: the result files given with --result, or a fresh local run of
 *    scenarios/gate-calibration.yaml (`bench run <target> --platform local`), or, with
 *    --synthetic, log-normal repetitions (development only).
 * 2. Resamples it: random interleaved A/A splits → the whole gate's false-alarm rate (target
 *    ≤ 1 %); the same splits with the B side's per-repetition p99 × (1 + effect) → power (target
 *    ≥ 90 %), for several repetition counts so the default can be chosen honestly
 *    (reference/regression-gating.md §5).
 *
 *   npm run bench:gate
 *   npm run bench:gate -- --result results/calibration.json --reps 5,10,15,20
 *   npm run bench:gate -- --synthetic --synthetic-cv 3
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/config/config-files.ts';
import { loadGateConfig } from '../src/compare/gate/gate-file.ts';
import { readResultFile } from '../src/results/result-file.ts';
import type { ResultFile } from '../src/results/result-schema.ts';
import { levelNoise, poolResults } from './calibration/calibration-pool.ts';
import { renderCalibrationTable, renderNoiseLines } from './calibration/calibration-table.ts';
import { calibrate } from './calibration/gate-trials.ts';

const USAGE = `usage: npm run bench:gate -- [options]
  --result <file>        use this result file (repeatable) instead of running the benchmark
  --target <name>        target of the calibration run (default baseline)
  --scenario <file>      scenario of the calibration run (default scenarios/gate-calibration.yaml)
  --synthetic            log-normal synthetic repetitions instead of a run (development only)
  --synthetic-cv <pct>   run-to-run CV of p99 for --synthetic (default 3)
  --gate <name|file>     gate to calibrate (default: default)
  --reps <list>          repetitions per side to evaluate (default 5,10,15,20)
  --default-reps <n>     the repetition count the targets are checked at (default 15)
  --aa-trials <n>        A/A splits per repetition count (default 4000)
  --power-trials <n>     injected splits per repetition count (default 1000)
  --effect-pct <list>    injected p99 increases, % (default 5,10,20; targets use the first)
  --seed <n>             resampling seed (default 1)`;

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

function runBenchmark(options: { target: string; scenario: string; out: string }): Promise<number> {
  const args = ['bin/bench.js', 'run', options.target, '--platform', 'local', '--scenario', options.scenario, '--out', options.out];
  process.stderr.write(`running: node ${args.join(' ')}\n`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 130 : 1)));
  });
}

async function syntheticResults(cvPct: number): Promise<ResultFile[]> {
  // Development only: the builder lives with the tests.
  const { buildResultFile, noisyRepetitions } = await import('../test/helpers/result-builder.ts');
  return [
    buildResultFile({
      runId: 'synthetic-calibration',
      target: { mesh: 'none', platform: 'local', clusterShape: null },
      scenario: { name: 'gate-calibration' },
      levels: [{ targetRps: 1000, repetitions: noisyRepetitions({ count: 40, p99Us: 1500, cvPct, seed: 7 }) }],
    }),
  ];
}

async function obtainResults(values: Record<string, string | boolean | string[] | undefined>): Promise<{ results: ResultFile[]; source: string }> {
  const files = (values['result'] as string[] | undefined) ?? [];
  if (files.length > 0) return { results: files.map((f) => readResultFile(resolve(f))), source: files.join(', ') };
  if (values['synthetic']) {
    const cv = Number(values['synthetic-cv'] ?? '3');
    return { results: await syntheticResults(cv), source: `synthetic log-normal repetitions, CV ${cv} % (NOT a measurement)` };
  }
  const out = join(mkdtempSync(join(tmpdir(), 'meshbench-gate-')), 'gate-calibration.json');
  const target = String(values['target'] ?? 'baseline');
  const scenario = String(values['scenario'] ?? 'scenarios/gate-calibration.yaml');
  const code = await runBenchmark({ target, scenario, out });
  if (!existsSync(out)) {
    throw new Error(`bench run exited with ${code} and wrote no result file; fix the run, or pass --result <file> (or --synthetic to try the script)`);
  }
  if (code !== 0) process.stderr.write(`bench run exited with ${code}; calibrating on the valid repetitions it wrote\n`);
  return { results: [readResultFile(out)], source: `${out} (${target}, local)` };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      result: { type: 'string', multiple: true },
      target: { type: 'string' },
      scenario: { type: 'string' },
      synthetic: { type: 'boolean' },
      'synthetic-cv': { type: 'string' },
      gate: { type: 'string', default: 'default' },
      reps: { type: 'string', default: '5,10,15,20' },
      'default-reps': { type: 'string', default: '15' },
      'aa-trials': { type: 'string', default: '4000' },
      'power-trials': { type: 'string', default: '1000' },
      'effect-pct': { type: 'string', default: '5,10,20' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const perSideList = values.reps.split(',').map((r) => positiveInt('reps', r.trim()));
  const defaultPerSide = positiveInt('default-reps', values['default-reps']);
  const aaTrials = positiveInt('aa-trials', values['aa-trials']);
  const powerTrials = positiveInt('power-trials', values['power-trials']);
  const effectPcts = values['effect-pct'].split(',').map((e) => {
    const pct = Number(e.trim());
    if (!(pct > 0)) throw new Error(`--effect-pct must be positive percentages, got "${e}"`);
    return pct;
  });
  const seed = positiveInt('seed', values.seed);
  const gate = loadGateConfig(values.gate, process.cwd());
  const { results, source } = await obtainResults(values);
  const pool = poolResults(results);
  const smallest = Math.min(...pool.levels.map((l) => l.repetitions.length));
  const smallestPerSide = Math.min(...perSideList);
  if (!(smallest >= 2 * smallestPerSide)) {
    const counts = pool.levels.map((l) => `${l.targetRps} rps: ${l.repetitions.length} valid, ${l.invalid} invalid`).join('; ');
    throw new Error(
      `too few valid repetitions to resample (${counts}); need ${2 * smallestPerSide} per level for ${smallestPerSide} per side. ` +
        'Invalid repetitions usually mean a saturated generator: run on a quiet machine, or lower the rate in the scenario',
    );
  }
  const started = Date.now();
  const rows = calibrate({
    pool,
    gate: { file: gate.file, config: gate.gate },
    perSideList,
    aaTrials,
    powerTrials,
    effectPcts,
    seed,
    onProgress: (message) => process.stderr.write(`  ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`),
  });
  const lines = [
    '',
    `gate calibration of ${gate.file} on ${source}`,
    `scenario ${pool.template.scenario.name}, target ${pool.template.target.name} on ${pool.template.target.platform}, ` +
      `${pool.levels.reduce((n, l) => n + l.invalid, 0)} invalid repetitions left out`,
    ...renderNoiseLines(levelNoise(pool)),
    '',
    `resampling: interleaved splits (random window, each pair AB or BA), ${aaTrials} A/A and ${powerTrials} injected (B p99 × 1 + effect) per effect and row`,
    ...renderCalibrationTable({ rows, levels: pool.levels.map((l) => l.targetRps), defaultPerSide }),
    '',
    'Splits reuse one sample, so figures are conditional on it; real A/A gates across days are the sanity check (reference §5.1).',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
