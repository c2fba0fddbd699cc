/**
 * The floor of a paced generator on this host (bench/floor/paced-floor.c): one C thread on epoll,
 * a nanosecond timer per due request, no JavaScript. `npm run bench:engine` runs it at the open
 * loop's rates beside ours, so each target can be read against what the host itself allows
 * (docs/engine.md, "The floor").
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandRunner } from '../src/exec/command-runner.ts';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'floor', 'paced-floor.c');

/** One run's figures, as the program prints them (µs for lag and latency). */
export interface FloorRun {
  completed: number;
  seconds: number;
  cpuSeconds: number;
  wakes: number;
  lagP50Us: number;
  lagP99Us: number;
  lagMaxUs: number;
  latencyP50Us: number;
  latencyP99Us: number;
}

/** Compiles the floor into `workDir`; the reason when it cannot (no gcc, or a compile error). */
export function compilePacedFloor(workDir: string): { binary: string } | { skipped: string } {
  const binary = join(workDir, 'paced-floor');
  try {
    execFileSync('gcc', ['-O2', '-o', binary, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { binary };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    return { skipped: e.code === 'ENOENT' ? 'gcc is not installed' : `gcc failed: ${String(e.stderr ?? e.message).split('\n')[0]}` };
  }
}

/** Runs the floor once (pinned to `cpuList` when given) and parses its JSON line. */
export async function runPacedFloor(options: {
  runner: CommandRunner;
  binary: string;
  port: number;
  mode: 'open' | 'closed';
  rate: number;
  connections: number;
  seconds: number;
  cpuList: string | null;
}): Promise<FloorRun> {
  const args = [String(options.port), options.mode, String(options.mode === 'open' ? options.rate : 0), String(options.connections), String(options.seconds)];
  const [file, argv] = options.cpuList ? ['taskset', ['-c', options.cpuList, options.binary, ...args]] : [options.binary, args];
  const r = await options.runner.run(file as string, argv as string[], { timeoutMs: (options.seconds + 60) * 1_000 });
  if (r.exitCode !== 0) throw new Error(`paced-floor exited ${r.exitCode}: ${r.stderr.trim()}`);
  return parseFloorLine(r.stdout);
}

export function parseFloorLine(stdout: string): FloorRun {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`paced-floor printed no result: ${stdout.slice(-500)}`);
  const run = JSON.parse(line) as FloorRun;
  if (!(run.completed > 0)) throw new Error('paced-floor completed no request');
  return run;
}
