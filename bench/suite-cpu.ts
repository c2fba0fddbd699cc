/**
 * Where the test suite's CPU goes, per class of program, and the wall-clock floor that CPU sets on
 * this machine's cores:
 *
 *   npm run bench:suite                          # the whole suite (npm test)
 *   npm run bench:suite -- --project e2e         # arguments after -- go to `vitest run`
 *
 * Needs root and two Debian packages: acct (the kernel's process accounting: `accton`,
 * `dump-acct`) and forkstat (the command line of every exec). Accounting counts each exited
 * process's user + system CPU; forkstat names it. A process that never exits (a leak) is not
 * counted. docs/testing.md quotes its figures.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import config from '../vitest.config.ts';
import { cpuByClass, parseAcctDump, parseForkstatExecs } from './suite-cpu-accounting.ts';

const ROOT = join(import.meta.dirname, '..');
const vitestArgs = process.argv.slice(2);
/** The timing tier's files, as vitest.config.ts lists them. */
const TIMING_FILES: string[] = ((config.test?.projects ?? []) as { test?: { name?: string; include?: string[] } }[]).find((p) => p.test?.name === 'timing')?.test?.include ?? [];

function need(tool: string, apt: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) {
    process.stderr.write(`error: ${tool} is not installed\nhint: apt-get install ${apt}\n`);
    process.exit(2);
  }
}
if (process.getuid?.() !== 0) {
  process.stderr.write('error: process accounting (accton) needs root\n');
  process.exit(2);
}
need('accton', 'acct');
need('dump-acct', 'acct');
need('forkstat', 'forkstat');

const dir = mkdtempSync(join(tmpdir(), 'meshbench-suite-cpu-'));
const acctFile = join(dir, 'pacct');
const execLog = join(dir, 'execs.txt');
const report = join(dir, 'vitest.json');
writeFileSync(acctFile, '');
let forkstat: ChildProcess | undefined;

let stopped = false;
/** Turns accounting off and stops forkstat, once (after the run, on an error, on Ctrl-C). */
function stopAccounting(): void {
  if (stopped) return;
  stopped = true;
  spawnSync('accton', ['off'], { stdio: 'ignore' });
  forkstat?.kill('SIGINT');
}
process.on('SIGINT', () => {
  stopAccounting();
  rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});

try {
  forkstat = spawn('forkstat', ['-e', 'exec', '-l'], { stdio: ['ignore', openSync(execLog, 'w'), 'ignore'] });
  await sleep(500); // forkstat subscribes to the proc connector before the suite starts
  const load0 = loadavg()[0] ?? 0;
  if (spawnSync('accton', [acctFile], { stdio: 'ignore' }).status !== 0) throw new Error('accton refused to start process accounting');
  const t0 = performance.now();
  const run = spawnSync('npx', ['vitest', 'run', ...vitestArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: ROOT,
    // vitest's own summary goes to this script's stderr; the table below to its stdout.
    stdio: ['ignore', 2, 'inherit'],
  });
  const wallS = (performance.now() - t0) / 1000;
  stopAccounting();
  await sleep(300);

  const dump = spawnSync('dump-acct', [acctFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const { classes, totalCpuSeconds } = cpuByClass(parseAcctDump(dump.stdout), parseForkstatExecs(readFileSync(execLog, 'utf8')));
  const cores = availableParallelism();
  const lines = [
    `vitest run ${vitestArgs.join(' ')}: exit ${run.status}, wall ${wallS.toFixed(1)} s, load average before ${load0.toFixed(2)}`,
    '',
    '   CPU-s  share  processes  class',
    ...classes.map((c) => `${c.cpuSeconds.toFixed(1).padStart(8)}  ${((100 * c.cpuSeconds) / totalCpuSeconds).toFixed(1).padStart(4)} %  ${String(c.processes).padStart(9)}  ${c.label}`),
    `${totalCpuSeconds.toFixed(1).padStart(8)}  total`,
    '',
    `CPU-bound floor on ${cores} cores: ${(totalCpuSeconds / cores).toFixed(1)} s (total CPU / cores); measured wall ${wallS.toFixed(1)} s`,
  ];
  const tiers = projectSpans(report);
  if (tiers.length > 0) lines.push('', 'wall per project (first file start → last file end):', ...tiers);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = run.status ?? 1;
} finally {
  stopAccounting();
  rmSync(dir, { recursive: true, force: true });
}

/** The first step's span and the timing tier's, from the JSON reporter's per-file times. */
function projectSpans(file: string): string[] {
  let parsed: { startTime: number; testResults: { name: string; startTime: number; endTime: number }[] };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const spans = new Map<string, { start: number; end: number; files: number }>();
  for (const r of parsed.testResults) {
    const tier = TIMING_FILES.some((f) => r.name.endsWith(f)) ? 'timing' : 'first step';
    const s = spans.get(tier) ?? { start: Number.POSITIVE_INFINITY, end: 0, files: 0 };
    s.start = Math.min(s.start, r.startTime);
    s.end = Math.max(s.end, r.endTime);
    s.files += 1;
    spans.set(tier, s);
  }
  return [...spans].map(([tier, s]) => `  ${tier}: ${((s.start - parsed.startTime) / 1000).toFixed(1)} → ${((s.end - parsed.startTime) / 1000).toFixed(1)} s (${s.files} files)`);
}
