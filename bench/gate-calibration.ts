/**
 * `npm run bench:gate`: calibrates the regression gate on REAL local regressions.
 *
 * 1. Measures three interleaved (ABBA) batches of `proxy-mtls` on the local platform with
 *    `bench run --arms`:
 *    - A/A: two identical arms;
 *    - p99: the head's order-service burns `service-cpu-us` of CPU per request
 *      (`--inject head:service-cpu-us=N`), sized from the A/A batch for about +10 % p99;
 *    - CPU: the head's two sidecars burn `proxy-cpu-us` each per request
 *      (`--inject head:proxy-cpu-us=N`), sized from the A/A batch for about +10 % data-plane CPU.
 *    The sizes, and the effect each batch really measured (median within-pair ratio), are printed.
 * 2. Resamples gates from each batch: `reps/side` pairs of adjacent windows drawn at random
 *    (pairs are never split), each gate run through compareResults twice: with the batch
 *    information (paired analysis, when this build's compare pairs) and without (unpaired).
 * 3. Prints per 100 gates pass / regression / inconclusive, false alarms and detection rates, and
 *    saves every result file plus the raw per-window values (raw-values.json) and the figures
 *    (figures.json) under results/calibration/<time>/ (or --out-dir), so they can be recomputed
 *    with --from.
 *
 *   npm run bench:gate                      # ~30 min: 3 batches × 2 arms × 22 windows of 10 s at 400 rps
 *   npm run bench:gate -- --quick           # ~3 min smoke of the whole script (figures meaningless)
 *   npm run bench:gate -- --from results/calibration/2026-12-06T16-30-00Z   # recompute from saved batches
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/config/config-files.ts';
import { loadGateConfig } from '../src/compare/gate/gate-file.ts';
import type { MetricId } from '../src/compare/gate/metric-definitions.ts';
import { seededRandom } from '../src/load/seeded-random.ts';
import { readResultFile } from '../src/results/result-file.ts';
import { type Batch, batchPairs, rawWindows } from './calibration/batch-pairs.ts';
import { type BatchRun, batchFiles, type CalibrationLoad, measureBatch, writeCalibrationScenario } from './calibration/calibration-batches.ts';
import { type BatchFigures, renderAllWindowLines, renderBatchLines, renderGateTable, renderTargetLines } from './calibration/calibration-table.ts';
import { resampleGates } from './calibration/gate-resampling.ts';
import { type InjectionSizes, sizeInjections } from './calibration/injection-sizing.ts';

const USAGE = `usage: npm run bench:gate -- [options]
  --quick                 short smoke of the whole script (4 rounds of 3 s; figures meaningless)
  --rate <rps>            constant arrival rate of every window (default 400)
  --window <s>            measured window, seconds (default 10)
  --warmup <s>            warm-up before each window, seconds (default 2)
  --rounds <n>            ABBA rounds per batch = windows per arm (default 22)
  --reps <list>           pairs per resampled gate = repetitions per side (default 8,12,16)
  --gates <n>             resampled gates per batch and reps/side (default 200)
  --effect <pct>          size the injections for this increase (default 10)
  --service-cpu-us <n>    use this size instead of sizing it from the A/A batch
  --proxy-cpu-us <n>      use this size instead of sizing it from the A/A batch
  --no-realtime-agent     run the agent at normal priority (default: SCHED_FIFO when root)
  --gate <name|file>      gate to calibrate (default: default)
  --out-dir <dir>         where result files and raw values go (default results/calibration/<time>)
  --from <dir>            recompute the figures from a saved --out-dir (no measuring)
  --aa-from <dir>         reuse the A/A batch of a saved --out-dir with the same load (measure only the injected batches)
  --seed <n>              resampling seed (default 1)`;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`);
  return n;
}

/** What a saved run records besides its result files. */
interface RunRecord {
  load: CalibrationLoad;
  realtimeAgent: boolean;
  sizes: InjectionSizes & { sizedFrom: 'aa-batch' | 'aa-batch-invalid-windows' | 'flags' };
  batches: (BatchRun & { exitCode: number; minutes: number })[];
}

const BATCH_METRIC: Record<string, MetricId | null> = { aa: null, p99: 'latency-p99', cpu: 'dataplane-vcpu-per-1k-rps' };
const BATCH_LABEL: Record<string, string> = { aa: 'A/A', p99: '+p99 (service CPU)', cpu: '+CPU (sidecar CPU)' };

async function measure(values: Record<string, string | boolean | undefined>, dir: string): Promise<RunRecord> {
  const quick = Boolean(values['quick']);
  const load: CalibrationLoad = {
    rps: positive('rate', values['rate'] as string | undefined, quick ? 200 : 400),
    windowS: positive('window', values['window'] as string | undefined, quick ? 3 : 10),
    warmupS: positive('warmup', values['warmup'] as string | undefined, quick ? 1 : 2),
    repetitions: positive('rounds', values['rounds'] as string | undefined, quick ? 4 : 22),
    connections: 16,
  };
  const realtimeAgent = !values['no-realtime-agent'] && process.getuid?.() === 0;
  const scenarioPath = writeCalibrationScenario(dir, load);
  const effect = positive('effect', values['effect'] as string | undefined, 10) / 100;
  const batches: RunRecord['batches'] = [];
  const run = async (batch: BatchRun): Promise<Batch> => {
    const started = Date.now();
    const measured = await measureBatch({ dir, scenarioPath, batch, realtimeAgent });
    const minutes = (Date.now() - started) / 60_000;
    batches.push({ ...batch, exitCode: measured.exitCode, minutes });
    process.stderr.write(`  ${batch.name}: exit ${measured.exitCode}, ${minutes.toFixed(1)} min\n`);
    return batchPairs({ name: batch.name, base: measured.base, head: measured.head });
  };
  const aaFrom = values['aa-from'] as string | undefined;
  const aa = aaFrom ? reuseAaBatch({ from: resolve(aaFrom), dir, load, batches }) : await run({ name: 'aa', arms: ['a', 'b'], injects: [] });
  const flagService = values['service-cpu-us'] as string | undefined;
  const flagProxy = values['proxy-cpu-us'] as string | undefined;
  let sizes: RunRecord['sizes'];
  try {
    sizes = { ...sizeInjections({ aaPairs: aa.pairs, effect, rps: load.rps }), sizedFrom: 'aa-batch' };
  } catch {
    // No valid pair (a saturated machine): size from every window, and say so.
    process.stderr.write('warning: the A/A batch has no valid pair; sizing the injections from all its windows (generator-saturated ones included)\n');
    sizes = { ...sizeInjections({ aaPairs: aa.allPairs, effect, rps: load.rps }), sizedFrom: 'aa-batch-invalid-windows' };
  }
  if (flagService !== undefined) sizes = { ...sizes, serviceCpuUs: Math.round(positive('service-cpu-us', flagService, 0)), sizedFrom: 'flags' };
  if (flagProxy !== undefined) sizes = { ...sizes, proxyCpuUs: Math.round(positive('proxy-cpu-us', flagProxy, 0)), sizedFrom: 'flags' };
  process.stderr.write(
    `sizes for +${(effect * 100).toFixed(0)} %: A/A p99 median ${sizes.p99MedianUs} µs → service-cpu-us ${sizes.serviceCpuUs}; ` +
      `A/A data-plane ${sizes.dataPlaneUsPerRequestMedian.toFixed(0)} µs CPU per request → proxy-cpu-us ${sizes.proxyCpuUs} per sidecar` +
      `${sizes.serviceCpuCapped ? ' (service cost capped at a quarter core: the p99 is mostly the machine, not the service)' : ''}\n`,
  );
  await run({ name: 'p99', arms: ['base', 'head'], injects: [`head:service-cpu-us=${sizes.serviceCpuUs}`] });
  await run({ name: 'cpu', arms: ['base', 'head'], injects: [`head:proxy-cpu-us=${sizes.proxyCpuUs}`] });
  return { load, realtimeAgent, sizes, batches };
}

/**
 * Takes the A/A batch of an earlier calibration run with the same load instead of measuring it
 * again (for example when only the injected batches need new sizes). Its files are copied, so the
 * new directory stands on its own.
 */
function reuseAaBatch(options: { from: string; dir: string; load: CalibrationLoad; batches: RunRecord['batches'] }): Batch {
  const earlier = JSON.parse(readFileSync(join(options.from, 'run.json'), 'utf8')) as RunRecord;
  if (JSON.stringify(earlier.load) !== JSON.stringify(options.load)) {
    throw new Error(`--aa-from ${options.from}: its load ${JSON.stringify(earlier.load)} differs from this run's ${JSON.stringify(options.load)}`);
  }
  const record = earlier.batches.find((b) => b.name === 'aa');
  if (!record) throw new Error(`--aa-from ${options.from}: no A/A batch in its run.json`);
  const [fromBase, fromHead] = batchFiles(options.from, record);
  const [toBase, toHead] = batchFiles(options.dir, record);
  copyFileSync(fromBase, toBase);
  copyFileSync(fromHead, toHead);
  options.batches.push({ ...record });
  process.stderr.write(`  aa: reused from ${options.from} (measured there in ${record.minutes.toFixed(1)} min)\n`);
  return batchPairs({ name: 'aa', base: readResultFile(toBase), head: readResultFile(toHead) });
}

function loadBatches(dir: string, record: RunRecord): Batch[] {
  return record.batches.map((b) => {
    const [basePath, headPath] = batchFiles(dir, b);
    return batchPairs({ name: b.name, base: readResultFile(basePath), head: readResultFile(headPath) });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      rate: { type: 'string' },
      window: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      reps: { type: 'string' },
      gates: { type: 'string' },
      effect: { type: 'string' },
      'service-cpu-us': { type: 'string' },
      'proxy-cpu-us': { type: 'string' },
      'no-realtime-agent': { type: 'boolean' },
      gate: { type: 'string', default: 'default' },
      'out-dir': { type: 'string' },
      from: { type: 'string' },
      'aa-from': { type: 'string' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const gate = loadGateConfig(values.gate, process.cwd());
  const quick = Boolean(values.quick);
  const perSideList = (values.reps ?? (quick ? '2,3' : '8,12,16')).split(',').map((r) => Math.round(positive('reps', r.trim(), 0)));
  const gates = Math.round(positive('gates', values.gates, quick ? 50 : 200));
  const seed = Math.round(positive('seed', values.seed, 1));
  let dir: string;
  let record: RunRecord;
  if (values.from) {
    dir = resolve(values.from);
    record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;
  } else {
    dir = resolve(values['out-dir'] ?? join(PACKAGE_ROOT, 'results', 'calibration', new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')));
    if (existsSync(join(dir, 'run.json'))) throw new Error(`${dir} already holds a calibration run; pick another --out-dir`);
    mkdirSync(dir, { recursive: true });
    record = await measure(values, dir);
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
  }
  const batches = loadBatches(dir, record);
  writeFileSync(
    join(dir, 'raw-values.json'),
    `${JSON.stringify({ load: record.load, sizes: record.sizes, batches: batches.map((b) => ({ name: b.name, injection: b.head.injection ?? null, dropped: b.dropped, windows: rawWindows(b) })) }, null, 1)}\n`,
  );
  const started = Date.now();
  const figures: BatchFigures[] = batches.map((batch) => {
    const usable = perSideList.filter((n) => n <= batch.pairs.length);
    for (const n of perSideList.filter((x) => !usable.includes(x))) process.stderr.write(`  ${batch.name}: skipping ${n} reps/side, only ${batch.pairs.length} valid pairs\n`);
    const rows = usable.map((perSide) =>
      resampleGates({ batch, gate: { file: gate.file, config: gate.gate }, perSide, gates, injectedMetric: BATCH_METRIC[batch.name] ?? null, random: seededRandom(seed + perSide) }),
    );
    process.stderr.write(`  ${batch.name}: resampled (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    return { label: BATCH_LABEL[batch.name] ?? batch.name, batch, injectedMetric: BATCH_METRIC[batch.name] ?? null, rows };
  });
  writeFileSync(
    join(dir, 'figures.json'),
    `${JSON.stringify(figures.map((f) => ({ batch: f.batch.name, label: f.label, pairs: f.batch.pairs.length, dropped: f.batch.dropped.length, rows: f.rows })), null, 1)}\n`,
  );
  const { load } = record;
  const pairedIsUnpaired = figures.every((f) => f.rows.every((r) => r.identical === r.paired.gates));
  const lines = [
    '',
    `gate calibration of ${gate.file} on real local proxy-mtls batches (${dir})`,
    `load: ${load.rps} rps, ${load.warmupS} s warm-up + ${load.windowS} s window, ${load.repetitions} ABBA rounds per batch ` +
      `(${((load.repetitions * load.windowS) / 60).toFixed(1)} min measured per arm); agent ${record.realtimeAgent ? 'SCHED_FIFO' : 'normal priority'}; ` +
      `batches took ${record.batches.map((b) => `${b.name} ${b.minutes.toFixed(1)} min`).join(', ')}`,
    `injected (sized ${{ 'aa-batch': 'from the A/A batch', 'aa-batch-invalid-windows': 'from ALL A/A windows, none valid', flags: 'by flags' }[record.sizes.sizedFrom]}): ` +
      `p99 batch head: order-service +${record.sizes.serviceCpuUs} µs CPU per request (A/A p99 median ${record.sizes.p99MedianUs} µs); ` +
      `CPU batch head: each sidecar +${record.sizes.proxyCpuUs} µs CPU per request (A/A data plane ${record.sizes.dataPlaneUsPerRequestMedian.toFixed(0)} µs per request)`,
    '',
    'measured batches (valid pairs; medians; effects as median within-pair ratio head/base; DP = data-plane CPU):',
    ...renderBatchLines(figures),
    '',
    'every round, valid or not (what the knobs did to the counters; not gate input):',
    ...renderAllWindowLines(figures),
    '',
    `per 100 resampled gates (${gates} per row; a gate side of n reps measures n × ${load.windowS} s): pass / regression / inconclusive`,
    ...renderGateTable(figures),
    '',
    ...renderTargetLines(figures),
    ...(figures.every((f) => f.rows.length === 0) ? [`  no gates: no batch has as many valid pairs as the smallest reps/side (${Math.min(...perSideList)})`] : []),
    ...(pairedIsUnpaired && figures.some((f) => f.rows.length > 0) ? ['  note: this build\'s compareResults does not pair interleaved windows yet: the paired columns repeat the unpaired analysis'] : []),
    '',
    'Gates are resampled from one measured batch each, so they overlap and the figures are conditional on that batch;',
    `raw per-window values: ${join(dir, 'raw-values.json')}; recompute with: npm run bench:gate -- --from ${dir}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
