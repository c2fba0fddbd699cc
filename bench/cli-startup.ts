/**
 * Wall-clock of the built CLI (bin/bench.js → dist/cli-bundle/, as installed), as ratios to `node -e ''`
 * measured in the same run:
 *
 *   npm run bench:cli                 # builds dist/ first
 *   npm run bench:cli -- --runs 20
 *   npm run bench:cli -- --bin /tmp/other-build/bench.js --only compare   # label substring
 *
 * Rounds interleave the commands (one run of each per round, in turn), so a busy neighbour slows
 * them all alike; each figure is the median of its runs. A second pass runs each command once
 * more with a module trace (test/helpers/module-trace.ts) and prints how many modules it loaded and whether the Kubernetes client was among them;
 * the header gives the load average before and after (the machine may be shared).
 * Targets (issue 10): --version and --help ≤ 2× node, a two-file compare ≤ 3×, 100 files < 2 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createModuleTracer } from '../test/helpers/module-trace.ts';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, bin: { type: 'string', default: join(ROOT, 'bin/bench.js') }, only: { type: 'string' } },
});
/** The program measured; --bin measures another build of it (e.g. tsc's dist/cli/bench-main.js against the bundle, docs/build.md). */
const BIN = resolve(values.bin);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);

interface Case {
  label: string;
  args: string[];
  /** Exit codes that mean the command did its job (compare: pass, inconclusive, regression). */
  ok: number[];
  /** Ratio to node -e '' (or absolute ms) the issue asks for. */
  target?: { ratio: number } | { ms: number };
}

/** A copy of a fixture result with its own run id and latencies scaled by up to ±2 %. */
function variant(fixture: string, copy: number): string {
  const result = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/results', fixture), 'utf8'));
  result.runId = `${result.runId}-copy-${copy}`;
  let seed = copy * 7919 + 17;
  const jitter = () => {
    seed = (seed * 48271) % 2147483647;
    return 1 + ((seed / 2147483647) - 0.5) * 0.04;
  };
  for (const level of result.levels) {
    for (const rep of level.repetitions) {
      for (const key of Object.keys(rep.latency)) if (key !== 'count') rep.latency[key] = Math.round(rep.latency[key] * jitter());
    }
  }
  return JSON.stringify(result);
}

const dir = mkdtempSync(join(tmpdir(), 'meshbench-cli-bench-'));
try {
  const files = (side: string, fixture: string, count: number) => {
    mkdirSync(join(dir, side));
    return Array.from({ length: count }, (_, i) => {
      const path = join(dir, side, `${side}-${String(i).padStart(3, '0')}.json`);
      writeFileSync(path, variant(fixture, i));
      return path;
    });
  };
  const base = files('base', 'base-istio-1.23.4.json', 50);
  const head = files('head', 'head-istio-1.24.1-same.json', 50);
  const scenarios = readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(ROOT, 'scenarios', f));
  const cases: Case[] = [
    { label: "node -e ''", args: ['-e', ''], ok: [0] },
    { label: 'bench --version', args: [BIN, '--version'], ok: [0], target: { ratio: 2 } },
    { label: 'bench --help', args: [BIN, '--help'], ok: [0], target: { ratio: 2 } },
    { label: `bench validate scenarios/*.yaml (${scenarios.length})`, args: [BIN, 'validate', ...scenarios], ok: [0] },
    { label: 'bench compare, 2 files', args: [BIN, 'compare', base[0] as string, head[0] as string, '--no-color'], ok: [0, 6, 10], target: { ratio: 3 } },
    { label: 'bench compare, 100 files', args: [BIN, 'compare', ...base, '--head', ...head, '--no-color'], ok: [0, 6, 10], target: { ms: 2000 } },
    { label: 'bench report --html, 20 files', args: [BIN, 'report', ...base.slice(0, 10), ...head.slice(0, 10), '--html', join(dir, 'report.html')], ok: [0] },
    { label: 'bench run baseline --platform local --dry-run', args: [BIN, 'run', 'baseline', '--platform', 'local', '--scenario', 'smoke', '--dry-run'], ok: [0] },
  ];
  if (values.only) cases.splice(1, cases.length, ...cases.slice(1).filter((c) => c.label.includes(values.only as string)));
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  const run = (c: Case, extraArgs: string[] = [], extraEnv: Record<string, string> = {}): number => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [...extraArgs, ...c.args], { cwd: dir, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = performance.now() - started;
    if (!c.ok.includes(r.status ?? -1)) throw new Error(`${c.label}: exit ${r.status}\n${r.stderr.slice(-2000)}`);
    return ms;
  };
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  for (const c of cases) run(c); // warm the file cache
  const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
  for (let round = 0; round < runs; round++) for (const c of cases) times.get(c)?.push(run(c));

  const tracer = createModuleTracer(dir);
  const loads = new Map<Case, { modules: number; kube: boolean }>();
  for (const c of cases) {
    tracer.reset();
    run(c, tracer.nodeArgs);
    const urls = tracer.loaded();
    loads.set(c, { modules: urls.length, kube: urls.some((u) => u.includes('/@kubernetes/client-node/')) });
  }

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  };
  const nodeMs = median(times.get(cases[0] as Case) ?? []);
  console.log(`meshbench CLI wall-clock: median of ${runs} interleaved runs each of ${BIN} (node ${process.version}, ${cpus().length} CPUs, ${new Date().toISOString()})`);
  console.log(`load average (1, 5, 15 min) before: ${loadBefore}, after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${'command'.padEnd(50)} ${'median ms'.padStart(9)} ${'× node'.padStart(7)}  ${'target'.padEnd(15)} ${'modules'.padStart(7)}  k8s client`);
  for (const c of cases) {
    const ms = median(times.get(c) ?? []);
    const ratio = ms / nodeMs;
    let target = '';
    if (c.target && 'ratio' in c.target) target = `≤ ${c.target.ratio}×: ${ratio <= c.target.ratio ? 'met' : 'NOT met'}`;
    if (c.target && 'ms' in c.target) target = `< ${c.target.ms / 1000} s: ${ms < c.target.ms ? 'met' : 'NOT met'}`;
    const load = loads.get(c);
    console.log(
      `${c.label.padEnd(50)} ${ms.toFixed(0).padStart(9)} ${ratio.toFixed(2).padStart(7)}  ${target.padEnd(15)} ${String(load?.modules ?? '').padStart(7)}  ${load?.kube ? 'loaded' : 'no'}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
